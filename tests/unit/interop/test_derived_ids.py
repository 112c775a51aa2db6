"""The ids an import derives are its idempotency keys: a second import (by any later
version) must derive the very same ids, or it would add everything again."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as cmd
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
