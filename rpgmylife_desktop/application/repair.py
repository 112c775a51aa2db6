"""Repairing a damaged data folder, for front ends that may not reach the store
(the GUI's damaged-log dialog; the CLI's `repair` calls the store directly)."""

from __future__ import annotations

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.eventstore import repair_log


def repair_data_folder(paths: DataPaths) -> str:
    """Repair the log of `paths` (damaged bytes are moved aside, never deleted) and say
    what was done, in words."""
    return repair_log(paths.data_dir, paths.cache_dir).describe()
