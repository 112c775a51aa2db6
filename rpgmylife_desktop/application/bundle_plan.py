"""Reading another computer's bundle and sorting it against this log (`plan_import`).

Read and validate the whole bundle (`sync/`), check it belongs to this profile, sort
its events into new, duplicate (same id, same content: skipped) and conflicting (same
id, other content: refused). Nothing is written; `bundles.py` applies the plan.

The profile of a data folder is the event id at log position 1. An empty data folder
adopts the profile of the first bundle it imports (which must hold that profile's first
event).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rpgmylife_desktop.application.bundle_export import ENVELOPE, profile_id
from rpgmylife_desktop.application.engine import first_position_from
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.eventstore.envelope import BODY_FIELDS, StoredEvent
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.sync.bundle import (
    EVENT_ID,
    EVENT_TYPE,
    HLC,
    PAYLOAD,
    Bundle,
    BundleEvent,
    Manifest,
    read_bundle,
)
from rpgmylife_desktop.sync.errors import BundleInvalid, EventConflict, ProfileMismatch

_COMPARED = tuple(i for i, name in enumerate(BODY_FIELDS) if name != "stream_version")
"""Envelope fields that must match for an id already in the log to be a duplicate
(`stream_version` is each log's own counter)."""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A validated bundle sorted against this log: what is new, what is already here."""

    path: Path
    bundle: Bundle
    new: list[BundleEvent]
    duplicates: int
    adopting: bool

    @property
    def manifest(self) -> Manifest:
        return self.bundle.manifest


def plan_import(
    game: Game, path: Path, passphrase: str | None = None, *, bundle: Bundle | None = None
) -> ImportPlan:
    """Read and validate the bundle at `path` and sort it against this log.

    Raises a `BundleError` (nothing written) when the bundle cannot be imported:
    damaged, wrong passphrase, another profile, an id here with other content.
    """
    with paused_gc():  # reading and sorting a big bundle makes many objects, no cycles
        return _plan_import(game, path, passphrase, bundle)


def _plan_import(
    game: Game, path: Path, passphrase: str | None, bundle: Bundle | None
) -> ImportPlan:
    if bundle is None:
        bundle = read_bundle(path, passphrase)
    manifest = bundle.manifest
    local_profile = profile_id(game)
    adopting = local_profile is None
    incoming: dict[str, BundleEvent] = {}
    for event in bundle.events:
        if incoming.setdefault(event[EVENT_ID], event) is not event:
            raise BundleInvalid(f"{path.name} holds event {event[EVENT_ID]} twice.")
    if adopting and incoming and manifest.profile_id not in incoming:
        raise BundleInvalid(
            f"{path.name} does not start the profile (it lacks the profile's first event), so "
            "an empty data folder cannot adopt it.",
            hint="Export everything on the other computer (no --since or --for-device).",
            window_hint="Export the whole history on the other computer (File > Export "
            "bundle…, Ctrl+Shift+E) and import that.",
        )
    if local_profile is not None and manifest.profile_id != local_profile:
        raise ProfileMismatch(
            f"{path.name} belongs to another profile: {_bundle_profile(bundle)}. This data "
            f"folder holds {_local_profile(game, local_profile)}.",
            hint="Import it into an empty data folder (--data-dir) to keep both profiles.",
            window_hint="To keep both profiles, start RPGMyLife with an empty data folder "
            "and import it there.",
        )
    duplicates = 0
    for stored in _possible_duplicates(game, bundle):
        theirs = incoming.pop(stored.event_id, None)
        if theirs is None:
            continue
        ours_values = ENVELOPE(stored)
        their_values = theirs
        differing = [BODY_FIELDS[i] for i in _COMPARED if ours_values[i] != their_values[i]]
        if differing:
            raise EventConflict(
                f"{path.name}: event {stored.event_id} is already in this log with different "
                f"content ({', '.join(differing)}); nothing was imported.",
                hint="The bundle or this log was edited by hand; do not import it.",
            )
        duplicates += 1
    new = list(incoming.values())
    if adopting:  # the profile's first event becomes log position 1 here too
        new.sort(key=lambda e: e[EVENT_ID] != manifest.profile_id)
    return ImportPlan(path, bundle, new, duplicates, adopting)


def _possible_duplicates(game: Game, bundle: Bundle) -> Iterator[StoredEvent]:
    # Every event of this log has a clock at most the highest one folded; a bundle whose
    # events are all newer holds no duplicate, and the log need not be read. Otherwise
    # only the part of the log that may hold an event as new as the bundle's oldest.
    last_key = game.engine.last_key
    if last_key is None or not bundle.events:
        return iter(())
    oldest = min(e[HLC] for e in bundle.events)
    if oldest > last_key[0]:
        return iter(())
    return game.store.read_all(first_position_from(game.engine, game.store, oldest))


def _bundle_profile(bundle: Bundle) -> str:
    name = next(
        (
            str(e[PAYLOAD].get("name"))
            for e in bundle.events
            if e[EVENT_TYPE] == "CharacterCreated" and e[PAYLOAD].get("name")
        ),
        None,
    )
    who = f"character {name!r}, " if name else ""
    return (
        f"{who}profile {bundle.manifest.profile_id[:8]} from {bundle.manifest.source_device_name!r}"
    )


def _local_profile(game: Game, profile: str) -> str:
    character = game.state.character
    who = f"character {character.name!r}, " if character is not None else ""
    return f"{who}profile {profile[:8]}"
