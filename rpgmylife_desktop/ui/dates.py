"""A due or target day the way the window shows it beside a list: "today", "tomorrow",
"yesterday", else the app's one way to write a day (`day_text`: "Tue 3 Nov", with the
year when it is not this year's)."""

from __future__ import annotations

from datetime import date

from rpgmylife_desktop.domain.calendar.days import day_text

_NEAR = {0: "today", 1: "tomorrow", -1: "yesterday"}


def near_day_text(day: date, today: date | None) -> str:
    """`day` relative to `today` when it is next to it, else as `day_text` writes it."""
    if today is not None:
        near = _NEAR.get((day - today).days)
        if near is not None:
            return near
    return day_text(day, year=today is None or day.year != today.year)


def iso_day_text(iso: str | None, today: date | None) -> str:
    """`near_day_text` of an ISO day as the read models carry it ('' for no day)."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return near_day_text(day, today)


def iso_sort_key(iso: str | None) -> str:
    """What a column of ISO days sorts by: the ISO text sorts by date; no day sorts last."""
    return iso or "9999-12-31~"
