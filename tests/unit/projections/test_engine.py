"""The engine with tiny stand-in events: canonical order, late events, checkpoints, snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Change, ChangeKind, Key
from rpgmylife_desktop.projections.engine import LateEventError, ProjectionEngine
from rpgmylife_desktop.projections.rows import KeyedRows
from rpgmylife_desktop.projections.snapshot import SnapshotError, dump_snapshot, load_snapshot


@dataclass(frozen=True, slots=True)
class Ev:
    """A stand-in for Recorded: only what the engine reads, plus a value."""

    position: int
    event_id: str
    hlc: int
    device_id: str
    value: int


def key(event: Ev) -> tuple[int, str, str]:
    return (event.hlc, event.device_id, event.event_id)


class Trail:
    """The state: every value in the order applied (order-sensitive on purpose)."""

    def initial(self) -> tuple[int, ...]:
        return ()

    def fold(self, state: tuple[int, ...], recorded: Ev) -> tuple[int, ...]:
        return (*state, recorded.value)

    def checkpoint(self, state: tuple[int, ...]) -> object:
        return state

    def restore(self, checkpoint: object) -> tuple[int, ...]:
        assert isinstance(checkpoint, tuple)
        return checkpoint

    def to_data(self, state: tuple[int, ...]) -> Json:
        return list(state)

    def from_data(self, data: Json) -> tuple[int, ...]:
        return tuple(data)


@dataclass(frozen=True, slots=True)
class Bucket:
    values: tuple[int, ...]


class Buckets(KeyedRows[Bucket]):
    """Rows keyed by value % 3; a value of 9 or more removes its bucket."""

    name = "buckets"
    row_type = Bucket

    def apply(self, step: Step[tuple[int, ...], Ev]) -> list[Change]:
        changes: list[Change] = []
        value = step.recorded.value
        bucket: Key = value % 3
        if value >= 9:
            self._put(bucket, None, changes)
        else:
            old = self.get(bucket)
            self._put(bucket, Bucket((*(old.values if old else ()), value)), changes)
        return changes

    def canonical(self) -> Json | None:
        return self.to_data()


def engine(events: list[Ev] | None = None, every: int = 3) -> ProjectionEngine[tuple[int, ...], Ev]:
    def source(start: int) -> Iterable[Ev]:
        assert events is not None
        return (
            event for event in sorted(events, key=lambda e: e.position) if event.position >= start
        )

    return ProjectionEngine(
        Trail(),
        [Buckets()],
        key,
        source=None if events is None else source,
        checkpoint_every=every,
        max_checkpoints=2,
    )


def expected(events: list[Ev]) -> tuple[tuple[int, ...], Mapping[Key, Bucket]]:
    reference = engine()
    in_order = sorted(events, key=key)
    reference.replay(replace(event, position=i + 1) for i, event in enumerate(in_order))
    return reference.state, dict(reference.projections[0].rows())


@st.composite
def arrivals(draw: st.DrawFn) -> list[Ev]:
    """Events in arrival (= log position) order, with clocks that may run backwards."""
    count = draw(st.integers(min_value=0, max_value=25))
    hlcs = draw(st.lists(st.integers(0, 40), min_size=count, max_size=count))
    values = draw(st.lists(st.integers(0, 10), min_size=count, max_size=count))
    devices = draw(st.lists(st.sampled_from("ab"), min_size=count, max_size=count))
    return [
        Ev(i + 1, f"e{i:03}", hlc, device, value)
        for i, (hlc, value, device) in enumerate(zip(hlcs, values, devices, strict=True))
    ]


@given(arrivals(), st.integers(1, 5))
@settings(max_examples=60, deadline=None)
def test_arrival_order_never_matters(events: list[Ev], every: int) -> None:
    live = engine(events, every)
    for event in events:
        live.apply(event)
    assert (live.state, dict(live.projections[0].rows())) == expected(events)
    assert live.count == len(events)
    assert live.position == len(events)


def test_a_late_event_rebuilds_and_announces_a_reset() -> None:
    events = [Ev(1, "a", 10, "a", 1), Ev(2, "b", 20, "a", 2), Ev(3, "c", 15, "b", 4)]
    live = engine(events)
    heard: list[Change] = []
    live.subscribe(heard.extend)
    live.apply(events[0])
    live.apply(events[1])
    assert live.apply(events[2]) == [Change("buckets", ChangeKind.RESET)]
    assert live.state == (1, 4, 2)
    assert live.rebuilds == 1
    assert heard[-1].kind is ChangeKind.RESET


def test_a_late_event_without_a_source_is_refused() -> None:
    live = engine()
    live.apply(Ev(1, "a", 10, "a", 1))
    with pytest.raises(LateEventError):
        live.apply(Ev(2, "b", 5, "a", 1))


def test_an_event_already_applied_is_ignored() -> None:
    live = engine()
    first = Ev(1, "a", 10, "a", 1)
    live.apply(first)
    assert live.apply(first) == []
    assert live.state == (1,)


def test_changes_are_precise_and_rebuild_a_mirror() -> None:
    live = engine()
    mirror: dict[Key, Bucket] = {}
    buckets = live.projections[0]

    def follow(changes: Iterable[Change]) -> None:
        for change in changes:
            if change.kind is ChangeKind.REMOVED:
                del mirror[change.keys[0]]
            else:
                row = buckets.rows()[change.keys[0]]
                assert isinstance(row, Bucket)
                mirror[change.keys[0]] = row

    live.subscribe(follow, ["buckets"])
    assert live.apply(Ev(1, "a", 1, "a", 1)) == [Change("buckets", ChangeKind.INSERTED, 1)]
    assert live.apply(Ev(2, "b", 2, "a", 4)) == [Change("buckets", ChangeKind.UPDATED, 1)]
    assert live.apply(Ev(3, "c", 3, "a", 10)) == [Change("buckets", ChangeKind.REMOVED, 1)]
    assert live.apply(Ev(4, "d", 4, "a", 10)) == []  # nothing to remove: nothing announced
    live.apply(Ev(5, "e", 5, "a", 2))
    assert mirror == dict(buckets.rows())


def test_unsubscribed_listeners_hear_nothing() -> None:
    live = engine()
    heard: list[Change] = []
    unsubscribe = live.subscribe(heard.extend)
    unsubscribe()
    live.apply(Ev(1, "a", 1, "a", 1))
    assert heard == []


def test_a_batch_is_announced_once() -> None:
    live = engine()
    batches: list[list[Change]] = []
    live.subscribe(lambda changes: batches.append(list(changes)))
    live.apply_many([Ev(1, "a", 1, "a", 1), Ev(2, "b", 2, "a", 2)])
    assert batches == [
        [Change("buckets", ChangeKind.INSERTED, 1), Change("buckets", ChangeKind.INSERTED, 2)]
    ]


@given(arrivals(), st.integers(0, 25))
@settings(max_examples=40, deadline=None)
def test_snapshot_plus_tail_equals_full_replay(events: list[Ev], cut: int) -> None:
    cut = min(cut, len(events))
    first = engine(events)
    for event in events[:cut]:
        first.apply(event)
    data = dump_snapshot(first)
    resumed = engine(events)
    load_snapshot(resumed, data)
    for event in events[cut:]:
        resumed.apply(event)
    assert (resumed.state, dict(resumed.projections[0].rows())) == expected(events)


def test_damaged_snapshots_are_refused_and_leave_the_engine_empty() -> None:
    live = engine()
    live.apply(Ev(1, "a", 1, "a", 1))
    data = dump_snapshot(live)
    for bad in (b"", b"not zlib", data[:-3], __import__("zlib").compress(b'{"magic": 1}')):
        target = engine()
        target.apply(Ev(1, "x", 1, "a", 2))
        with pytest.raises(SnapshotError):
            load_snapshot(target, bad)
        assert target.state == () and target.position == 0


class StepTrail(Buckets):
    """Buckets that also keep every step it is handed (live or in a quiet replay)."""

    name = "steps"

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[Step[tuple[int, ...], Ev]] = []

    def apply(self, step: Step[tuple[int, ...], Ev]) -> list[Change]:
        self.steps.append(step)
        return super().apply(step)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=20))
def test_a_quiet_replay_hands_the_same_steps_as_applying_one_by_one(values: list[int]) -> None:
    """A quiet replay builds each `Step` through its slots (not `Step(...)`): the steps
    are the same frozen `Step` values as the live path's, one per event."""
    events = [Ev(n, f"e{n}", n, "d", value) for n, value in enumerate(values, 1)]
    live_trail, quiet_trail = StepTrail(), StepTrail()
    live = ProjectionEngine(Trail(), [live_trail], key)
    for event in events:
        live.apply(event)
    quiet = ProjectionEngine(Trail(), [quiet_trail], key)
    quiet.replay(events)
    assert quiet_trail.steps == live_trail.steps
    assert len(quiet_trail.steps) == len(events)
    for step in quiet_trail.steps:
        assert type(step) is Step
        assert step == Step(step.recorded, step.before, step.after)
        assert hash(step) == hash(Step(step.recorded, step.before, step.after))
        with pytest.raises(AttributeError):
            step.after = ()  # type: ignore[misc]
