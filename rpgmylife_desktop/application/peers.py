"""What this data folder knows of the other computers it exchanges bundles with.

Kept in `<data_dir>/peers.json` (beside `device.json`, outside `events/`, which
holds the log and nothing else), written atomically. Losing it costs nothing
but bandwidth: an incremental export then sends everything, and the peer skips
what it already has (imports are idempotent).

Per peer device: its name, the log position up to which everything was sent to
it (`sent_through`), the position ranges that arrived in its bundles
(`received`: those it has, so they are never sent back) and counts and times for
`rpgmylife devices`. The sync folder keeps the same kind of record under
`folder`.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.device import write_atomically

PEERS_FILE = "peers.json"


@dataclass
class Peer:
    """One other computer as this data folder knows it."""

    device_id: str
    name: str = ""
    sent_through: int = 0
    sent_events: int = 0
    last_sent_at: str | None = None
    received: list[list[int]] = field(default_factory=list)
    received_events: int = 0
    last_received_at: str | None = None

    def has_received(self, position: int) -> bool:
        """True when the event at `position` arrived in one of this peer's bundles."""
        return any(first <= position <= last for first, last in self.received)

    def note_received(self, first: int, last: int) -> None:
        """Remember that positions first..last came from this peer (merging neighbours)."""
        if self.received and self.received[-1][1] + 1 >= first:
            self.received[-1][1] = max(self.received[-1][1], last)
        else:
            self.received.append([first, last])

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sent_through": self.sent_through,
            "sent_events": self.sent_events,
            "last_sent_at": self.last_sent_at,
            "received": self.received,
            "received_events": self.received_events,
            "last_received_at": self.last_received_at,
        }


@dataclass
class SyncFolderState:
    """The sync folder this data folder uses, and how far it has published to it."""

    path: str | None = None
    published_through: int = 0
    next_sequence: int = 1
    imported: dict[str, int] = field(default_factory=dict)
    """File name -> size of the other devices' bundles already imported."""
    received: list[list[int]] = field(default_factory=list)
    encrypted: bool = False
    """Bundles go into this folder encrypted: a sync without the passphrase is refused
    rather than writing plain bundles beside them (the passphrase itself is never kept)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "published_through": self.published_through,
            "next_sequence": self.next_sequence,
            "imported": self.imported,
            "received": self.received,
            "encrypted": self.encrypted,
        }


@dataclass
class PeerBook:
    """Every peer and the sync folder of one data folder (`peers.json`)."""

    device_name: str
    peers: dict[str, Peer]
    folder: SyncFolderState

    @classmethod
    def load(cls, data_dir: Path) -> PeerBook:
        """Read `peers.json`; a missing or unreadable file starts afresh (it is a cache of
        what was sent, never a source of truth)."""
        try:
            data = json.loads((data_dir / PEERS_FILE).read_text(encoding="utf-8"))
            peers = {
                device_id: Peer(device_id, **fields) for device_id, fields in data["peers"].items()
            }
            folder = SyncFolderState(**data.get("folder", {}))
            name = str(data.get("device_name") or default_device_name())
        except (OSError, ValueError, KeyError, TypeError):
            return cls(default_device_name(), {}, SyncFolderState())
        return cls(name, peers, folder)

    def save(self, data_dir: Path) -> None:
        data = {
            "version": 1,
            "device_name": self.device_name,
            "peers": {device_id: peer.to_json() for device_id, peer in self.peers.items()},
            "folder": self.folder.to_json(),
        }
        write_atomically(data_dir / PEERS_FILE, json.dumps(data, indent=1) + "\n")

    def peer(self, device_id: str) -> Peer:
        """The record of `device_id`, created when first seen."""
        if device_id not in self.peers:
            self.peers[device_id] = Peer(device_id)
        return self.peers[device_id]


def default_device_name() -> str:
    """This computer's host name: what a person recognises in `rpgmylife devices`."""
    return socket.gethostname() or "this computer"
