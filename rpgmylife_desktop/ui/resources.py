"""Finding bundled assets, from a source checkout, an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: beside the package, or under `sys._MEIPASS` when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent.parent / "resources"


def icon_path(name: str = "rpgmylife") -> Path:
    return resources_dir() / "icons" / f"{name}.svg"
