"""`rpgmylife import-loop`, `import-habitica`, `import-csv` and `export-csv`: bringing
history from other trackers and spreadsheets, and taking it to them
(docs/import-formats.md)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.clock import clock_from_env
from rpgmylife_desktop.application.interop import (
    SourcePreview,
    export_csv,
    export_csv_text,
    import_source,
    plan_source_import,
    preview_source_import,
    read_source,
)
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.common import open_game, seed_from_env
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.errors import EXIT_OK, UsageError

_IMPORTS = {
    "import-loop": (
        "loop",
        "import Loop Habit Tracker history (its .db full backup, or its CSV export zip or folder)",
    ),
    "import-habitica": ("habitica", "import a Habitica user-data export (JSON)"),
    "import-csv": ("csv", "import a spreadsheet CSV: date,habit,value[,note] with a header row"),
}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the import and CSV export commands."""
    for name, (kind, help_text) in _IMPORTS.items():
        parser = subparsers.add_parser(name, help=help_text, parents=[common])
        parser.add_argument("path", metavar="PATH", help="the file (or folder) to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="only show what would change; write nothing"
        )
        parser.set_defaults(handler=_import, kind=kind)
    export = subparsers.add_parser(
        "export-csv",
        help="write habits.csv, history.csv and daily.csv into a folder",
        parents=[common],
    )
    export.add_argument("folder", metavar="FOLDER", help="the folder to write the files into")
    export.set_defaults(handler=_export)


def _import(args: argparse.Namespace, output: Output) -> int:
    path = Path(args.path).expanduser()
    if not path.exists():
        raise UsageError(f"{path} does not exist.", hint="Give the path of the exported file.")
    # Read (and refuse) the file before the data folder is opened: bad input writes nothing.
    src = read_source(args.kind, path)
    paths = resolve_paths(getattr(args, "data_dir", None))
    if args.dry_run and not (paths.events_dir.is_dir() and any(paths.events_dir.iterdir())):
        with (
            tempfile.TemporaryDirectory(prefix="rpgmylife-preview-") as scratch,
            Game.open(
                resolve_paths(scratch), clock_from_env(), seed=seed_from_env(), close_days=False
            ) as game,
        ):
            preview = preview_source_import(game, plan_source_import(game, src))
    else:
        with open_game(args, write=True, close_days=False) as game:
            preview = (
                preview_source_import(game, plan_source_import(game, src))
                if args.dry_run
                else import_source(game, src)
            )
    output.result(preview.to_json(), preview_text(preview))
    return EXIT_OK


def preview_text(preview: SourcePreview) -> str:
    """The preview as people read it (the window's import dialog shows the same)."""
    return preview.describe()


def _export(args: argparse.Namespace, output: Output) -> int:
    folder = Path(args.folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; give a folder to write the CSV files into.")
    with open_game(args, write=False) as game:
        counts = export_csv(game, folder)
    data = {
        "folder": str(folder),
        "habits": counts.habits,
        "events": counts.events,
        "daily_rows": counts.days,
        "first_day": None if counts.first_day is None else counts.first_day.isoformat(),
        "last_day": None if counts.last_day is None else counts.last_day.isoformat(),
        "files": ["habits.csv", "history.csv", "daily.csv"],
    }
    text = export_csv_text(folder, counts)  # the window's File > Export as CSV says it too
    output.result(data, text)
    return EXIT_OK
