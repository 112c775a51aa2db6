"""Reading the moments and days people type: `--at WHEN`, `--since`, `close-day DATE`.

Accepted forms of WHEN (all relative to "now" and read in the game's time zone):

- ISO 8601: `2026-03-03T21:00`, `2026-03-03 21:00`, `2026-03-03T21:00+01:00`
- a date alone: `2026-03-03` means 12:00 on that day, safely inside that game
  day whatever the day start hour is
- `now`, `today`, `yesterday` (12:00 for the last two), optionally with a time:
  `yesterday 21:00`, `today 7:30`
- a weekday: `mon`, `monday 18:00`: the most recent such day before today
- a time alone: `21:00` is today at 21:00
- relative: `-2h`, `-90m`, `-3d`, `-1d6h`, or `2h ago`
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from rpgmylife_desktop.errors import UsageError

_NOON = time(12, 0)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^-?\s*((?:\d+\s*[wdhm]\s*)+)(ago)?$")
_PART = re.compile(r"(\d+)\s*([wdhm])")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}

HINT = (
    "Use ISO 8601 (2026-03-03T21:00), a date (2026-03-03), 'yesterday 21:00', "
    "'mon 8:00', '21:00' or a relative time like '-2h' or '3d ago'."
)


def parse_when(text: str, now: datetime, tz: tzinfo, *, day_time: time = _NOON) -> datetime:
    """The aware moment that `text` names; raises `UsageError` when it names none.

    A day without a time of day (`2026-03-03`, `yesterday`) means `day_time` on
    that day: noon for a log, the start or end of the day for a range.
    """
    raw = text.strip().lower()
    if not raw:
        raise UsageError("An empty time was given.", hint=HINT)
    local_now = now.astimezone(tz)
    relative = _RELATIVE.match(raw)
    if relative and (raw.startswith("-") or relative.group(2)):
        delta = timedelta()
        for amount, unit in _PART.findall(relative.group(1)):
            delta += timedelta(**{_UNITS[unit]: int(amount)})
        return now - delta
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
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def parse_day(text: str, today: date) -> date:
    """A calendar day: `2026-03-03`, `today`, `yesterday` or a weekday name."""
    raw = text.strip().lower()
    day = _named_day(raw, today)
    if day is None:
        raise UsageError(
            f"Cannot read the day {text!r}.",
            hint="Use a date like 2026-03-03, 'today', 'yesterday' or a weekday like 'mon'.",
        )
    return day


def _named_day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
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
