"""The one base class for errors a user can cause.

Every layer raises subclasses of `UserError` for bad input, damaged files, a
locked data folder or a refused command. Each carries a message that says what
happened and what to do, and the exit code the CLI returns for it. It lives at
the package root so that sibling layers (domain, eventstore) share it without
importing each other.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_DAMAGED = 3
EXIT_IN_USE = 4


class UserError(Exception):
    """An error with a message meant for the user, never a traceback.

    `hint` says what to do in the CLI's words (a command, an option). When that way is
    worded differently in the window (a menu item, a shortcut), `window_hint` says it
    there, and the window shows `window_text()`; `""` means the window has no advice."""

    exit_code: int = EXIT_REFUSED

    def __init__(
        self, message: str, *, hint: str | None = None, window_hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.window_hint = window_hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"

    def window_text(self) -> str:
        """What the window says: the message, then what to do in the window."""
        hint = self.hint if self.window_hint is None else self.window_hint
        return self.message if not hint else f"{self.message}\n{hint}"

    def to_json(self) -> dict[str, object]:
        return {
            "error": type(self).__name__,
            "message": self.message,
            "hint": self.hint,
            "exit_code": self.exit_code,
        }


class UsageError(UserError):
    """The command line itself is wrong (unknown option, malformed date, ...)."""

    exit_code = EXIT_USAGE
