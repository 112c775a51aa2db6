"""The ids an import derives are its idempotency keys: a second import (by any later
version) must derive the very same ids, or it would add everything again."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.input_checks import MAX_AMOUNT
from rpgmylife_desktop.interop.source import (
    ImportSource,
    SourceEntry,
    SourceHabit,
    derived_uuid,
    source_id,
    source_ids,
    to_commands,
)


@given(namespace=st.text(max_size=40), name=st.text(max_size=80))
def test_a_derived_id_is_the_version_5_uuid_of_its_sha1(namespace: str, name: str) -> None:
    digest = hashlib.sha1(f"{namespace}\x1e{name}".encode(), usedforsecurity=False).digest()
    assert derived_uuid(namespace, name) == str(uuid.UUID(bytes=digest[:16], version=5))


def test_source_ids_stay_what_earlier_imports_wrote() -> None:
    # Written by the imports of earlier versions: they must never change.
    assert source_id("loop", "done", "uuid-1", date(2020, 1, 1), 0) == (
        "4e311267-0522-5ed7-9b9a-32b7da24f104"
    )
    assert derived_uuid("a", "b") == "a1f74625-d709-5944-944a-2530030fbd09"


@given(
    source=st.sampled_from(("loop", "habitica", "csv")),
    parts=st.lists(
        st.one_of(st.text(max_size=20), st.integers(-5, 10**6), st.dates()), min_size=1, max_size=5
    ),
)
def test_the_prehashed_source_ids_are_the_source_ids(source: str, parts: list[object]) -> None:
    joined = "\x1f".join(map(str, parts))
    assert source_ids(source)(joined) == source_id(source, *parts)


def test_every_entry_of_a_source_gets_its_source_id() -> None:
    src = ImportSource("habitica", Path("export.json"))
    src.habits.append(SourceHabit("h-1", "Read"))
    days = [date(2026, 10, 30), date(2026, 11, 1)]
    src.entries += [
        SourceEntry("h-1", days[0]),
        SourceEntry("h-1", days[0], "down", seq=1),
        SourceEntry("h-1", days[1], "skip"),
    ]
    commands = list(to_commands(src, "Europe/Berlin", date(2026, 11, 2)))
    ids = [c.command_id for c in commands if isinstance(c, cmd.LogHabit | cmd.SkipHabitDay)]
    assert ids == [
        source_id("habitica", "done", "h-1", days[0], 0),
        source_id("habitica", "down", "h-1", days[0], 1),
        source_id("habitica", "skip", "h-1", days[1], 0),
    ]


def test_bulk_logs_are_the_log_habit_commands_they_stand_for() -> None:
    src = ImportSource("loop", Path("backup.db"))
    src.habits += [SourceHabit("h-1", "Read"), SourceHabit("h-2", "Water")]
    days = [date(2026, 10, 30), date(2026, 11, 1), date(2026, 11, 2)]
    src.entries += [
        SourceEntry("h-1", days[0]),
        SourceEntry("h-1", days[1], "down"),
        SourceEntry("h-1", days[1], note="  a note "),  # stripped by LogHabit: a command
        SourceEntry("h-2", days[0], amount=2.5),
        SourceEntry("h-2", days[1], amount=3),  # an int: LogHabit makes it a float
        SourceEntry("h-1", days[2], "skip"),
    ]
    today, now = days[2], datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    commands = list(to_commands(src, "Europe/Berlin", today, now))
    bulk = list(to_commands(src, "Europe/Berlin", today, now, bulk=True))
    assert [type(c).__name__ for c in bulk] == [
        "AddHabit",
        "AddHabit",
        "BulkLog",
        "BulkLog",
        "BulkLog",
        "LogHabit",
        "LogHabit",
        "SkipHabitDay",
    ]
    assert [c.as_command() if isinstance(c, cmd.BulkLog) else c for c in bulk] == commands
    assert all(type(c) is not cmd.BulkLog for c in commands)


def test_a_bulk_log_checks_what_log_habit_checks() -> None:
    at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    assert type(cmd.bulk_log("c", "h", "up", at, 1.5)) is cmd.BulkLog
    assert type(cmd.bulk_log("c", "h", "up", at, MAX_AMOUNT)) is cmd.BulkLog
    int_amount = cmd.bulk_log("c", "h", "up", at, 2)  # type: ignore[arg-type]
    assert int_amount == cmd.LogHabit(command_id="c", habit_id="h", at=at, amount=2.0)
    for amount in (0.0, -1.0, float("nan"), float("inf"), MAX_AMOUNT * 2):
        with pytest.raises(ValidationError):
            cmd.bulk_log("c", "h", "up", at, amount)
    with pytest.raises(ValidationError, match="time zone"):
        cmd.bulk_log("c", "h", "up", at.replace(tzinfo=None), None)
