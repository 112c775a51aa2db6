"""Settings that change outcomes (stream "settings")."""

from __future__ import annotations

from typing import ClassVar

from rpgmylife_desktop.domain.events.base import DomainEvent

SETTING_NAMES: tuple[str, ...] = ("day_start_hour", "time_zone", "ruleset_version")
"""The settings that change outcomes: the fields of `ChangeSettings` and `SettingsChanged`
(each with an `old_` twin in the event) and of the fold's `Settings`."""

DAY_SETTINGS: tuple[str, ...] = ("day_start_hour", "time_zone")
"""The settings that move the boundaries of local days (closed days were judged with them)."""


class SettingsChanged(DomainEvent):
    """Settings that change outcomes. A field set to None was not changed (unless listed
    in `changed`).

    The `old_...` fields hold the previous values so the change can be inverted.
    """

    event_type: ClassVar[str] = "SettingsChanged"
    day_start_hour: int | None = None
    time_zone: str | None = None
    ruleset_version: int | None = None
    old_day_start_hour: int | None = None
    old_time_zone: str | None = None
    old_ruleset_version: int | None = None
    changed: tuple[str, ...] = ()
    """When not empty: exactly these settings are set to the new values, None included
    (None time_zone means "the device's zone"). Empty: every non-None field is set."""

    def settings_set(self) -> tuple[str, ...]:
        """The names of the settings this event sets."""
        return self.changed or tuple(n for n in SETTING_NAMES if getattr(self, n) is not None)
