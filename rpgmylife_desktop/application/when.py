"""Reading the moments and days people type: `--at WHEN`, `--since`, `close-day DATE`.

Accepted forms of WHEN (all relative to "now" and read in the game's time zone):

- ISO 8601: `2026-03-03T21:00`, `2026-03-03 21:00`, `2026-03-03T21:00+01:00`
- a date alone: `2026-03-03` means 12:00 on that day, safely inside that game
  day whatever the day start hour is
- `now`, `today`, `yesterday`, `tomorrow` (12:00 for the last three), optionally
  with a time: `yesterday 21:00`, `today 7:30`
- a weekday: `mon`, `monday 18:00`: the most recent such day before today, or,
  for an option that looks ahead (a due day, a skip, a pause), the next one after
  today (`future=True`)
- a time alone: `21:00` is today at 21:00
- relative: `-2h`, `-90m`, `-3d`, `-1d6h`, or `2h ago`
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from rpgmylife_desktop.errors import UsageError

_NOON = time(12, 0)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^-?\s*((?:\d+\s*[wdhm]\s*)+)(ago)?$")
_PART = re.compile(r"(\d+)\s*([wdhm])")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, tzinfo=UTC)
"""The moments a person may type: outside them, date arithmetic (a day's end, a time
zone's offset, a week's Sunday) would overflow, so they are refused when read."""

LAST_CLOCK = datetime(9999, 12, 20, tzinfo=UTC)
"""The latest clock (`RPGMYLIFE_NOW`) accepted: far enough from the end of the
calendar that its day's week (Monday to Sunday), month and the day after exist in
every zone; 9999-12-31 is a Friday whose week ends in year 10000. A clock far
ahead but before this is a clock jump, which the session explains and does not act
on."""

RELATIVE_OPTION_VALUE = re.compile(r"^-\s*\d+\s*[wdhm]")
"""A value like `-1d` that argparse would take for an option (see cli/main.py)."""

HINT = (
    "Use ISO 8601 (`2026-03-03T21:00`), a date (`2026-03-03`), `yesterday 21:00`, "
    "`mon 8:00`, `21:00` or a relative time like `-2h` or `3d ago`."
)
"""What to type instead; the forms go in backticks, as everything to type does in a
message (see `domain/calendar/days.py`)."""


def parse_when(text: str, now: datetime, tz: tzinfo, *, day_time: time = _NOON) -> datetime:
    """The aware moment that `text` names; raises `UsageError` when it names none.

    A day without a time of day (`2026-03-03`, `yesterday`) means `day_time` on
    that day: noon for a log, the start or end of the day for a range.
    """
    moment = _parse_when(text, now, tz, day_time)
    return in_range(moment, text)


def in_range(moment: datetime, text: str, *, latest: datetime = LATEST) -> datetime:
    """`moment` when the game can hold it, else a usage error naming `text`."""
    if not EARLIEST <= moment <= latest:
        # Imported here: the CLI reads times before it forwards a command to the running
        # app, and that path stays clear of the domain (tests/unit/test_cli_forward.py).
        from rpgmylife_desktop.domain.calendar.days import span_text

        raise UsageError(
            f"{text.strip()!r} is outside the times the game can hold "
            f"({span_text(EARLIEST.date(), latest.date())}).",
            hint=HINT,
        )
    return moment


def _parse_when(text: str, now: datetime, tz: tzinfo, day_time: time) -> datetime:
    raw = text.strip().lower()
    if not raw:
        raise UsageError("An empty time was given.", hint=HINT)
    local_now = now.astimezone(tz)
    relative = _RELATIVE.match(raw)
    if relative and (raw.startswith("-") or relative.group(2)):
        delta = timedelta()
        try:
            for amount, unit in _PART.findall(relative.group(1)):
                delta += timedelta(**{_UNITS[unit]: int(amount)})
            return now - delta
        except OverflowError:
            raise UsageError(f"{text.strip()!r} is too long ago.", hint=HINT) from None
    if raw == "now":
        return now
    words = raw.split()
    day = _named_day(words[0], local_now.date())
    named_form = len(words) == 1 or (len(words) == 2 and not words[0][:1].isdigit())
    if day is not None and named_form:
        clock = _parse_time(words[1], text) if len(words) == 2 else day_time
        return datetime.combine(day, clock, tzinfo=tz)
    if len(words) == 1 and _TIME.match(raw):
        return datetime.combine(local_now.date(), _parse_time(raw, text), tzinfo=tz)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"Cannot read the time {text!r}.", hint=HINT) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        moment.utcoffset()
        moment.astimezone(UTC)
    except OverflowError:
        raise UsageError(
            f"{text.strip()!r} is outside the years the game can hold.", hint=HINT
        ) from None
    return moment


def parse_day(text: str, today: date, *, future: bool = False) -> date:
    """A calendar day: `2026-03-03`, `today`, `yesterday`, `tomorrow` or a weekday name
    (the last such day before today, or with `future` the next one after it)."""
    raw = text.strip().lower()
    day = _named_day(raw, today, future=future)
    if day is None:
        raise UsageError(
            f"Cannot read the day {text!r}.",
            hint="Use a date like `2026-03-03`, `today`, `yesterday`, `tomorrow` "
            "or a weekday like `mon`.",
        )
    if not EARLIEST.date() <= day <= LATEST.date():
        raise UsageError(
            f"{text.strip()!r} is outside the years the game can hold "
            f"({EARLIEST.year} to {LATEST.year})."
        )
    return day


def _named_day(word: str, today: date, *, future: bool = False) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            if future:
                return today + timedelta(days=(index - today.weekday()) % 7 or 7)
            back = (today.weekday() - index) % 7 or 7
            return today - timedelta(days=back)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            return None
    return None


def _parse_time(word: str, original: str) -> time:
    match = _TIME.match(word)
    if match is None:
        raise UsageError(f"Cannot read the time of day in {original!r}.", hint=HINT)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise UsageError(f"{word} is not a time of day.", hint=HINT)
    return time(hour, minute)
