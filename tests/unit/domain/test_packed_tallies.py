"""A habit's day tallies are packed by columns (C loops); the columns are those of
packing them row by row, and load back to the same tallies."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain.state.packed.habit_data import (
    _TALLY_COLUMNS,
    _put,
    tallies_from_data,
    tallies_to_data,
)
from rpgmylife_desktop.domain.state.packed.habit_logs import DayTally

_tallies = st.dictionaries(
    st.integers(min_value=0, max_value=20_000).map(lambda n: date(2000, 1, 1) + timedelta(days=n)),
    st.builds(
        DayTally,
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=0, max_value=50),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
    ),
    max_size=60,
)


def _by_rows(tallies: dict[date, DayTally], blobs: list[bytes] | None) -> Any:
    """How the tallies were packed before: a row per day, then the rows' columns."""
    rows = [(day.toordinal(), *tally) for day, tally in tallies.items()]
    return _put(rows, _TALLY_COLUMNS, blobs)


@settings(max_examples=200, deadline=None)
@given(_tallies, st.booleans())
def test_tallies_packed_by_columns_are_the_rows_packing_and_load_back(
    tallies: dict[date, DayTally], as_blobs: bool
) -> None:
    columns: list[bytes] | None = [] if as_blobs else None
    rows: list[bytes] | None = [] if as_blobs else None
    data = tallies_to_data(tallies, columns)
    assert data == _by_rows(tallies, rows)
    assert columns == rows
    assert tallies_from_data(data, columns) == tallies
