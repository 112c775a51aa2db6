"""Where the user's data lives on disk (DESIGN.md, "Data on disk").

Nothing here runs at import time; callers resolve paths when they start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from rpgmylife_desktop import APP_NAME

DATA_DIR_ENV = "RPGMYLIFE_DATA_DIR"


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The folders of one data folder.

    `events/` is the only source of truth. The cache holds disposable snapshots
    and indexes; `quarantine/` holds bytes that recovery moved aside.
    """

    data_dir: Path
    cache_dir: Path

    @property
    def events_dir(self) -> Path:
        return self.data_dir / "events"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> DataPaths:
    """Resolve the data folder: explicit argument, then `RPGMYLIFE_DATA_DIR`, then platformdirs.

    With an overridden data folder the cache lives inside it (`<data-dir>/cache`),
    so a portable install or a test folder is self-contained.
    """
    env = os.environ if environ is None else environ
    chosen = data_dir if data_dir is not None else env.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().absolute()
        return DataPaths(data_dir=root, cache_dir=root / "cache")
    return DataPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
