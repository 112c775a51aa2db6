"""Finding bundled assets, from a source checkout, an installed wheel or a frozen build.

The one place that knows where `resources/` (icons, desktop files) ends up:

| form | where | put there by |
| --- | --- | --- |
| frozen (PyInstaller) | `sys._MEIPASS/rpgmylife_desktop/resources` | `packaging/rpgmylife.spec` |
| installed wheel (pip, pipx) | `rpgmylife_desktop/resources` in site-packages | `setup.py` |
| checkout, editable install | `resources/` beside the package | the repository layout |
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resource_dirs() -> list[Path]:
    """Every place `resources/` may be, in the order they are tried."""
    places: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        places.append(Path(frozen_root) / "rpgmylife_desktop" / "resources")
    places.append(_PACKAGE_DIR / "resources")
    places.append(_PACKAGE_DIR.parent / "resources")
    return places


def resources_dir() -> Path:
    """The `resources/` folder of this copy of the app (the first of `resource_dirs()`
    that exists; the checkout's place when none does, so a message can name it)."""
    places = resource_dirs()
    return next((place for place in places if place.is_dir()), places[-1])


def icon_path(name: str = "rpgmylife") -> Path:
    """The SVG icon `name` (the app's own icon by default)."""
    return resources_dir() / "icons" / f"{name}.svg"
