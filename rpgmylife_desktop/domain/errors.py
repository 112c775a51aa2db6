"""Errors the domain raises: a refused command, or an event it cannot read."""

from __future__ import annotations

from rpgmylife_desktop.errors import EXIT_DAMAGED, EXIT_REFUSED, UserError


class CommandRefused(UserError):
    """The rules refuse a command (unknown id, gold short, quest already done, ...).

    A refused command yields no events: nothing is written.
    """

    exit_code = EXIT_REFUSED


class EventDecodeError(UserError):
    """A stored event cannot be turned back into a domain event."""

    exit_code = EXIT_DAMAGED


class UnknownEventType(EventDecodeError):
    """The log holds an event type this version of the game does not know."""


class InvalidEventPayload(EventDecodeError):
    """A stored payload does not match the schema of its event type."""
