"""`source_entry` (how the Loop reader makes its tens of thousands of entries) gives the
very `SourceEntry` the dataclass's own constructor gives."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.interop.source import SourceEntry, source_entry

entries = st.tuples(
    st.text(max_size=12),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from(("done", "down", "skip")),
    st.one_of(st.none(), st.floats(0.001, 1e6)),
    st.text(max_size=30),
    st.integers(0, 50),
)


@given(entries)
def test_source_entry_is_the_dataclass_entry(fields: tuple) -> None:  # type: ignore[type-arg]
    fast, plain = source_entry(*fields), SourceEntry(*fields)
    assert type(fast) is SourceEntry
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert dataclasses.astuple(fast) == fields


def test_source_entry_has_the_dataclass_defaults_and_stays_frozen() -> None:
    day = date(2026, 3, 1)
    assert source_entry("k", day) == SourceEntry("k", day)
    assert source_entry("k", day, "skip") == SourceEntry("k", day, "skip")
    with pytest.raises(dataclasses.FrozenInstanceError):
        source_entry("k", day).note = "changed"  # type: ignore[misc]
