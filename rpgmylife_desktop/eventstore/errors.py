"""Errors of the event store.

Everything a user can cause or meet (a damaged file, a locked folder, a full
disk) is a `UserError` with a message that says what happened and what to do.
Programming mistakes (a malformed batch) stay ordinary `ValueError`s.
"""

from __future__ import annotations

from rpgmylife_desktop.errors import EXIT_DAMAGED, EXIT_IN_USE, EXIT_REFUSED, UserError

_VERIFY_HINT = (
    "Run `rpgmylife verify` to see what is damaged, then `rpgmylife repair` to move the "
    "damaged bytes into quarantine/ and keep every intact event."
)


class EventStoreError(UserError):
    """Base class of every error the event store raises on purpose."""

    exit_code = EXIT_REFUSED


class ConcurrencyConflict(EventStoreError):
    """A stream was not at the version the caller expected; nothing was written."""

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(
            f"The stream {stream!r} changed meanwhile: expected version {expected}, "
            f"found {actual}. Nothing was saved.",
            hint="Reload and try the action again.",
        )
        self.stream = stream
        self.expected = expected
        self.actual = actual


class DuplicateEvent(EventStoreError):
    """An event id that is already in the log (or twice in one append); nothing was written.

    Event ids are unique: bundles and imports key events by id, so the same event
    arriving twice must be refused, never counted twice."""

    def __init__(self, event_id: str, where: str) -> None:
        super().__init__(
            f"The event {event_id} is {where}; nothing was saved.",
            hint="An event is stored once: it was probably imported or sent before.",
        )
        self.event_id = event_id


class NotAnEventLog(EventStoreError):
    """The file where the log should be is something else."""

    exit_code = EXIT_DAMAGED


class LogMissing(EventStoreError):
    """The data folder had an event log, and it is gone or out of reach (a dangling link,
    a drive not mounted): never a reason to start a new, empty log."""

    exit_code = EXIT_DAMAGED


class UnsupportedFormatVersion(EventStoreError):
    """The log was written by a newer version of the app."""


class DataFolderUnusable(EventStoreError):
    """The data folder is missing, not a folder, or cannot be written."""


class DataFolderLocked(EventStoreError):
    """Another program holds the data folder's write lock."""

    exit_code = EXIT_IN_USE

    def __init__(self, message: str, *, holder: dict[str, object] | None = None) -> None:
        super().__init__(
            message,
            hint="Close the other RPGMyLife window or command, or open this folder read-only.",
        )
        self.holder = holder or {}


class LogDamaged(EventStoreError):
    """The log has damage that recovery must not skip; the store is read-only."""

    exit_code = EXIT_DAMAGED

    def __init__(self, message: str, *, offset: int | None = None, event_number: int | None = None):
        # The window asks in a box of its own: Repair, View read-only or Quit.
        super().__init__(message, hint=_VERIFY_HINT, window_hint="")
        self.offset = offset
        self.event_number = event_number


class ReadOnlyStore(EventStoreError):
    """The store was opened read-only (by request) and cannot append."""


class StorageError(EventStoreError):
    """Writing or syncing the log failed; the commit was not acknowledged."""

    def __init__(
        self,
        message: str,
        *,
        errno: int | None = None,
        hint: str | None = None,
        uncertain: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.errno = errno
        # True when the log's state is unknown: the store refuses writes until reopened.
        self.uncertain = uncertain


class StorageFull(StorageError):
    """The disk (or the user's quota) is full; the commit was not acknowledged."""


class InvalidBatch(ValueError):
    """A programming error in a batch: no events, or stream versions that do not follow on."""
