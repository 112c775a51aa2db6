"""Where "now" comes from: the system clock in the app, a fixed clock in tests and demos.

`RPGMYLIFE_NOW` (ISO 8601) fixes the clock for a whole process, so a test or a
demo can run the CLI at a chosen moment. A naive value (no offset) is read as
UTC, not as the machine's local time, so the same value means the same instant
on every machine and CI runner; give an offset (`2026-03-03T21:00+01:00`) to
mean a local wall time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from rpgmylife_desktop.errors import UsageError

NOW_ENV = "RPGMYLIFE_NOW"


class Clock(Protocol):
    """Anything that tells the current moment as an aware datetime."""

    def now(self) -> datetime:
        """The current moment, time zone aware."""
        ...


class SystemClock:
    """The real wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; demos move it forward command by command."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._moment = moment

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (aware), forwards or backwards."""
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._moment = moment

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta` and return the new moment."""
        self._moment = self._moment + delta
        return self._moment


def parse_fixed_now(text: str) -> datetime:
    """Parse an `RPGMYLIFE_NOW` value; naive means UTC (see the module docstring)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{NOW_ENV}={text!r} is not an ISO 8601 date and time.",
            hint="Use a form like `2026-03-03T21:00:00+01:00`, or unset it to use the real clock.",
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def clock_from_env(environ: Mapping[str, str] | None = None) -> Clock:
    """A `FixedClock` when `RPGMYLIFE_NOW` is set, else the `SystemClock`."""
    env = os.environ if environ is None else environ
    fixed = env.get(NOW_ENV)
    if fixed:
        return FixedClock(parse_fixed_now(fixed))
    return SystemClock()


def local_timezone_name(environ: Mapping[str, str] | None = None) -> str:
    """The IANA name of this machine's time zone, best effort, else "UTC".

    The stdlib has no portable way to ask; `TZ` and the `/etc/localtime` link
    cover Linux and macOS, which is what the envelope's `tz` field needs.
    """
    env = os.environ if environ is None else environ
    tz = env.get("TZ", "").lstrip(":")
    if ("/" in tz) or tz == "UTC":
        return tz
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        return target.split(marker, 1)[1]
    return "UTC"
