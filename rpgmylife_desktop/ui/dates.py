"""A due or target day the way the window shows it beside a list: "today", "tomorrow",
"yesterday", else the app's one way to write a day (`day_text`: "Tue 3 Nov", with the
year when it is not this year's). The wording lives in `domain.calendar.days`, which the
command line shares; it is re-exported here for the window's code."""

from __future__ import annotations

from rpgmylife_desktop.domain.calendar.days import iso_day_text, near_day_text

__all__ = ["iso_day_text", "iso_sort_key", "near_day_text"]


def iso_sort_key(iso: str | None) -> str:
    """What a column of ISO days sorts by: the ISO text sorts by date; no day sorts last."""
    return iso or "9999-12-31~"
