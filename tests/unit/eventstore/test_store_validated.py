"""Appending events whose envelope the caller validated (imports): same bytes, same checks
of shape and stream versions, nothing written when a commit is refused."""

from __future__ import annotations

import pytest

from rpgmylife_desktop.eventstore import (
    ConcurrencyConflict,
    DuplicateEvent,
    InvalidBatch,
    ValidatedEvent,
)
from rpgmylife_desktop.eventstore.envelope import BODY_FIELDS
from tests.unit.eventstore.support import Folder, event


def test_a_validated_event_is_stored_exactly_like_the_same_new_event(folder: Folder) -> None:
    first, second = event("habit-a", 1, amount=1), event("habit-a", 2, note="ünï")
    with folder.open() as store:
        store.append([first, second])
        as_new = folder.log.read_bytes()
    twin = Folder(folder.data.parent / "twin", folder.cache.parent / "twin-cache")
    with twin.open() as store:
        last = store.append(
            [ValidatedEvent(first.body_values()), ValidatedEvent(second.body_values())],
            {"habit-a": 0},
        )
        assert last == 2
        assert [e.as_dict() for e in store.read_all()] == [
            {"position": 1, **dict(zip(BODY_FIELDS, first.body_values(), strict=True))},
            {"position": 2, **dict(zip(BODY_FIELDS, second.body_values(), strict=True))},
        ]
    assert twin.log.read_bytes() == as_new  # the same bodies, framed the same way


def test_a_validated_event_at_the_wrong_stream_version_writes_nothing(folder: Folder) -> None:
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        size = folder.log.stat().st_size
        with pytest.raises(ConcurrencyConflict):
            store.append([ValidatedEvent(event("habit-a", 1).body_values())])
        with pytest.raises(InvalidBatch):
            store.append(
                [
                    ValidatedEvent(event("habit-a", 2).body_values()),
                    ValidatedEvent(event("habit-a", 4).body_values()),
                ]
            )
        assert store.head_position == 1
    assert folder.log.stat().st_size == size


def test_a_validated_event_without_the_envelope_shape_is_refused(folder: Folder) -> None:
    good = event("habit-a", 1).body_values()
    with folder.open() as store:
        for bad in (good[:-1], [*good[:11], "not a payload"], [good[0], "", *good[2:]]):
            with pytest.raises(InvalidBatch, match="envelope"):
                store.append([ValidatedEvent(list(bad))])
        assert store.head_position == 0


def test_a_validated_event_with_an_id_the_log_holds_is_refused(folder: Folder) -> None:
    first = event("habit-a", 1)
    with folder.open() as store:
        store.append([first])
        again = [first.event_id, "habit-b", *first.body_values()[2:]]
        again[2] = 1
        with pytest.raises(DuplicateEvent):
            store.append([ValidatedEvent(again)])
        assert store.head_position == 1
