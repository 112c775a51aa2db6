"""Publishing reads only the positions that did not arrive from the sync folder: the same
positions as reading the whole new part and leaving those out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.application.sync_publish import _not_received

RANGES = st.lists(
    st.tuples(st.integers(1, 60), st.integers(0, 20)).map(lambda r: [r[0], r[0] + r[1]]),
    max_size=6,
)


@given(first=st.integers(1, 70), length=st.integers(-3, 70), received=RANGES)
def test_the_ranges_read_are_exactly_the_positions_not_received(
    first: int, length: int, received: list[list[int]]
) -> None:
    last = first + length
    wanted = [p for p in range(first, last + 1) if not any(a <= p <= b for a, b in received)]
    ranges = _not_received(first, last, received)
    assert [p for a, b in ranges for p in range(a, b + 1)] == wanted
    assert all(a <= b for a, b in ranges)
