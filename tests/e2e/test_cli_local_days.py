"""`export-csv`, `export` and the import previews say the user's days, in the data
folder's zone and as the app writes a day ("Tue 3 Nov 2026"), not the UTC dates the log
stores: in Auckland (UTC+13 in November) a log at 19:00 UTC on 2 Nov is Tue 3 Nov, and
in Los Angeles (UTC-8) one at 06:00 UTC on 3 Nov is still Mon 2 Nov. They said
"from 1 Nov 2026 to 2 Nov 2026" for logs of Sun 1 to Tue 3 Nov."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import Ran

SUNDAY_EVENING = "2026-11-01T08:00:00+00:00"  # Sun 1 Nov 21:00 in Auckland
TUESDAY_MORNING = "2026-11-02T19:00:00+00:00"  # Tue 3 Nov 08:00 in Auckland
AUCKLAND_DAYS = "from Sun 1 Nov 2026 to Tue 3 Nov 2026"


def run(zone: str, data_dir: Path, *argv: str, now: str) -> Ran:
    """The real CLI in its own process, on a computer set to `zone`."""
    env = dict(os.environ, RPGMYLIFE_NOW=now, TZ=zone, RPGMYLIFE_SEED="7")
    env.pop("RPGMYLIFE_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Ran(result.returncode, result.stdout, result.stderr)


def auckland(data_dir: Path) -> None:
    """Ada reads on Sun 1 Nov (evening), Mon 2 Nov and Tue 3 Nov (morning), Auckland time."""
    zone = "Pacific/Auckland"
    run(zone, data_dir, "rename", "Ada", now=SUNDAY_EVENING)
    run(zone, data_dir, "habit", "add", "Read", now=SUNDAY_EVENING)
    run(zone, data_dir, "log", "read", now=SUNDAY_EVENING)
    run(zone, data_dir, "log", "read", now="2026-11-01T20:00:00+00:00")  # Mon 2 Nov 09:00
    run(zone, data_dir, "log", "read", now=TUESDAY_MORNING)


def test_export_csv_says_the_days_daily_csv_covers_in_the_folders_zone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    auckland(data)
    folder = tmp_path / "csv"
    said = run("Pacific/Auckland", data, "export-csv", str(folder), now=TUESDAY_MORNING).out
    assert said.strip() == (
        f"Wrote {folder}/habits.csv (1 habit), history.csv (8 events) and daily.csv "
        f"(3 rows, {AUCKLAND_DAYS})."
    )
    with (folder / "daily.csv").open(encoding="utf-8") as rows:
        assert [(r["date"], r["status"]) for r in csv.DictReader(rows)] == [
            ("2026-11-01", "done"),
            ("2026-11-02", "done"),
            ("2026-11-03", "done"),
        ]
    # The spreadsheet import's preview of that file names the same days.
    preview = run(
        "Pacific/Auckland",
        tmp_path / "empty",
        "import-csv",
        str(folder / "daily.csv"),
        "--dry-run",
        now=TUESDAY_MORNING,
    ).out.splitlines()
    assert preview[2] == f"  logs {AUCKLAND_DAYS}", preview


def test_a_bundles_export_and_import_preview_say_the_local_days(tmp_path: Path) -> None:
    data = tmp_path / "data"
    auckland(data)
    bundle = tmp_path / "ada.rpgbundle"
    exported = run("Pacific/Auckland", data, "export", str(bundle), now=TUESDAY_MORNING)
    assert exported.out.splitlines()[1] == f"  events happened {AUCKLAND_DAYS}"
    # Another computer in the same zone, its data folder empty: the days it will show.
    preview = run(
        "Pacific/Auckland",
        tmp_path / "laptop",
        "import",
        str(bundle),
        "--dry-run",
        now=TUESDAY_MORNING,
    ).out.splitlines()
    assert f"  new events happened {AUCKLAND_DAYS}" in preview, preview


def test_a_late_evening_in_los_angeles_is_that_day_not_the_utc_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    evening = "2026-11-03T06:00:00+00:00"  # Mon 2 Nov 22:00 in Los Angeles
    zone = "America/Los_Angeles"
    run(zone, data, "habit", "add", "Read", now=evening)
    run(zone, data, "log", "read", now=evening)
    exported = run(zone, data, "export", str(tmp_path / "b.rpgbundle"), now=evening)
    assert exported.out.splitlines()[1] == "  events happened on Mon 2 Nov 2026"
    said = run(zone, data, "export-csv", str(tmp_path / "csv"), now=evening).out
    assert said.strip().endswith("daily.csv (1 row, on Mon 2 Nov 2026).")


def test_history_says_when_in_the_folders_zone_and_pastes_back_into_since(
    tmp_path: Path,
) -> None:
    """The "when" column showed the stored UTC moment ("2026-11-02 19:00" for a log on
    Tue 3 Nov at 08:00 in Auckland), which `--since` then read as Auckland time."""
    data = tmp_path / "data"
    auckland(data)
    zone = "Pacific/Auckland"
    last = run(zone, data, "history", "--limit", "1", now=TUESDAY_MORNING).out.strip()
    assert "  2026-11-03 08:00  Logged Read" in last, last
    when = last.split("  ")[2]
    since = run(zone, data, "history", "--since", when, now=TUESDAY_MORNING).out.splitlines()
    # That moment and after: the day closed on the way and the log, not Mon 2 Nov's log.
    assert [line.split("  ")[3] for line in (s.strip() for s in since)] == [
        "Closed Mon 2 Nov: perfect day, 1 daily done: +5 XP, +0.5 gold",
        last.split("  ")[3],
    ]
    # JSON keeps the moment as stored.
    data_json = run(zone, data, "--json", "history", "--limit", "1", now=TUESDAY_MORNING).json()
    assert data_json["history"][0]["occurred_at"] == TUESDAY_MORNING
