"""Local days: which day a moment counts for, and which days still need closing.

A moment's local day is its time in the user's time zone minus the day start hour
(default 04:00), so a log at 01:30 counts for the evening before.

How a day reads in a sentence (one way across the app, so a person never meets two):

- Beside a list (the window's columns, the CLI's lists): `near_day_text`, "today",
  "yesterday", "Tue 3 Nov", the year only when it is not this year's.
- In history and notices of what was done: `day_text`, "Tue 3 Nov" (the year when the
  sentence needs it).
- In a refusal (`CommandRefused`, a usage error, the window's refusals, the reasons an
  import preview lists): always `day_text(day, year=True)`, "Tue 3 Nov 2026". A refusal
  may be about any year and is read away from its moment (an import preview lists
  refusals about days years back, a script keeps the CLI's error), so it names the day in
  full, never "today" or "yesterday". A span of days is `span_text`.
- Something to type stays ISO, inside backticks: a hint that quotes a command
  (`close-day 2026-08-11`). So do the fields of `--json` output and every stored format.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rpgmylife_desktop.domain.errors import CommandRefused

DEFAULT_DAY_START_HOUR = 4

MAX_AUTO_CLOSE_DAYS = 28
"""More ended days than this waiting to be closed means the clock jumped (a dead clock
battery, a bad time server, a mistyped RPGMYLIFE_NOW) or the person was away for over four
weeks: nothing closes them on its own; the person confirms how far to close."""


def day_text(day: date, *, year: bool = False) -> str:
    """A local day the way a person reads it, the one way the app writes a day in any
    sentence (history, the CLI, the window, refusals): "Tue 3 Nov", with the year when
    asked ("Tue 3 Nov 2026"; a refusal always asks: see the module docstring). No leading
    zero, and no platform-only `%-d`.

    Cached: formatting a day (two `strftime`) was a third of writing a backfilled log's
    history line, and an import of ten years backfills each day many times."""
    return _day_text(day, year)


@lru_cache(maxsize=8192)
def _day_text(day: date, year: bool) -> str:
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


_NEAR = {0: "today", 1: "tomorrow", -1: "yesterday"}


def near_day_text(day: date, today: date | None) -> str:
    """A due or target day the way the window shows it beside a list (and the CLI prints
    it): "today", "tomorrow", "yesterday" when it is next to `today`, else as `day_text`
    writes it, with the year when it is not this year's (or `today` is unknown)."""
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


def due_text(due: date, today: date | None, *, open_: bool = True) -> str:
    """When a quest is due, in words: "due tomorrow", "due Thu 5 Nov", or for an open
    quest whose day has passed "overdue, was due Mon 2 Nov" (not "overdue since": the due
    day itself was not yet late)."""
    words = near_day_text(due, today)
    if open_ and today is not None and due < today:
        return f"overdue, was due {words}"
    return f"due {words}"


def span_text(first: date, last: date) -> str:
    """A span of days in a sentence: "on Sat 5 Nov 2016", or "from Sat 5 Nov 2016 to Sun 1
    Nov 2026": each end as the app writes a day, with its year (`day_text`)."""
    start = day_text(first, year=True)
    return f"on {start}" if first == last else f"from {start} to {day_text(last, year=True)}"


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The time zone named `name` (IANA), refused with a clear message when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandRefused(
            f"Unknown time zone {name!r}.",
            hint="Use an IANA name such as Europe/Paris or America/New_York.",
        ) from None


def local_day(moment: datetime, tz: str, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The local day `moment` (aware) counts for, in zone `tz`, with days starting at
    `day_start_hour`."""
    return (moment.astimezone(zone(tz)) - timedelta(hours=day_start_hour)).date()


def day_range(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last` inclusive, oldest first."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def days_to_close(
    first_day: date | None,
    last_closed: date | None,
    now: datetime,
    tz: str,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> list[date]:
    """The days that need closing, oldest first: from the day after the last closed day
    (or the character's first day) up to yesterday (local). Empty without a character."""
    if first_day is None:
        return []
    start = first_day if last_closed is None else max(first_day, last_closed + timedelta(days=1))
    yesterday = local_day(now, tz, day_start_hour) - timedelta(days=1)
    if start > yesterday:
        return []
    return list(day_range(start, yesterday))
