"""Times in a bundle come out exactly as the log stores them, whatever ISO form they came in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.sync.bundle_events import normalised_time

offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets
)
forms = st.sampled_from(
    [
        lambda t: t.isoformat(),
        lambda t: t.isoformat(timespec="microseconds"),
        lambda t: t.isoformat(timespec="seconds"),
        lambda t: t.isoformat(timespec="minutes"),
        lambda t: t.isoformat(sep=" "),
        lambda t: t.isoformat().replace("+00:00", "-00:00"),
        lambda t: t.isoformat().replace("+00:00", "Z"),
    ]
)


@given(moments, forms)
def test_any_iso_form_normalises_to_what_isoformat_gives(moment: datetime, form: object) -> None:
    text = form(moment)  # type: ignore[operator]
    parsed = datetime.fromisoformat(text)
    assert normalised_time(text, utc=False) == parsed.isoformat()
    assert normalised_time(text, utc=True) == parsed.astimezone(UTC).isoformat()


@pytest.mark.parametrize(
    ("text", "utc", "expected"),
    [
        ("2026-11-02T08:00:00.000000+00:00", False, "2026-11-02T08:00:00+00:00"),
        ("2026-11-02T08:00:00-00:00", False, "2026-11-02T08:00:00+00:00"),
        ("2026-11-02T09:00:00+01:00", True, "2026-11-02T08:00:00+00:00"),
        ("2026-11-02T09:00:00+01:00", False, "2026-11-02T09:00:00+01:00"),
    ],
)
def test_text_that_only_looks_canonical_is_rewritten(text: str, utc: bool, expected: str) -> None:
    assert normalised_time(text, utc=utc) == expected


@pytest.mark.parametrize("bad", ["2026-11-02T08:00:00", "yesterday", 17, None])
def test_a_time_without_offset_or_not_a_time_is_refused(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        normalised_time(bad, utc=False)
