"""The checksummed, append-only event log: framing, recovery, locking, snapshots.

Public API (docs/architecture.md, "The event store"): `EventStore`, `NewEvent`,
`StoredEvent`, `new_event_id`, `UpcasterRegistry`, `StoreIO`, `Snapshot`,
`verify_log`, `repair_log` and the errors.
"""

from rpgmylife_desktop.eventstore.envelope import (
    NewEvent,
    StoredEvent,
    ValidatedEvent,
    new_event_id,
)
from rpgmylife_desktop.eventstore.errors import (
    ConcurrencyConflict,
    DataFolderLocked,
    DataFolderUnusable,
    DuplicateEvent,
    EventStoreError,
    InvalidBatch,
    LogDamaged,
    LogMissing,
    NotAnEventLog,
    ReadOnlyStore,
    StorageError,
    StorageFull,
    UnsupportedFormatVersion,
)
from rpgmylife_desktop.eventstore.fileio import StoreIO
from rpgmylife_desktop.eventstore.opening import Damage
from rpgmylife_desktop.eventstore.repair import RepairReport, repair_log
from rpgmylife_desktop.eventstore.snapshots import Snapshot
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.eventstore.verify import VerifyReport, verify_log

__all__ = [
    "ConcurrencyConflict",
    "Damage",
    "DataFolderLocked",
    "DataFolderUnusable",
    "DuplicateEvent",
    "EventStore",
    "EventStoreError",
    "InvalidBatch",
    "LogDamaged",
    "LogMissing",
    "NewEvent",
    "NotAnEventLog",
    "ReadOnlyStore",
    "RepairReport",
    "Snapshot",
    "StorageError",
    "StorageFull",
    "StoreIO",
    "StoredEvent",
    "UnsupportedFormatVersion",
    "UpcasterRegistry",
    "ValidatedEvent",
    "VerifyReport",
    "new_event_id",
    "repair_log",
    "verify_log",
]
