"""A big import folded in a forked child gives what folding it in the game gives.

`import_bundle` folds `FOLD_APART_FROM` new events or more in a child process while the
game writes them, and adopts the child's projections (sent back as a snapshot). These
tests lower the threshold so a small profile takes that path for real (a real fork, a
real pipe), and compare everything with the same bundle folded in the game: the log's
bytes, the state digest, the preview, history, milestones and the projection snapshot.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.application import bundle_export, bundle_fold, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.session import SNAPSHOT_NAME, Game
from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.snapshot import dump_snapshot
from tests.unit.application.conftest import START
from tests.unit.application.conftest import OpenDevice as Open

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the fold apart forks (Linux only)"
)


def _play(game: Game, clock: FixedClock) -> None:
    """A few days of play: habits, logs, an undo, a quest, a closed day or two."""
    game.handle(c.CreateCharacter(name="Aria"))
    habits = [c.AddHabit(name=name) for name in ("Meditate", "Read", "Run")]
    for habit in habits:
        game.handle(habit)
    for day in range(4):
        clock.set(START + timedelta(days=day, hours=1))
        for habit in habits[: 1 + day % 3]:
            game.handle(c.LogHabit(habit_id=habit.habit_id))
        if day == 2:
            game.undo()
    game.handle(c.AddQuest(title="Write the report"))


def _log_bytes(game: Game) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(game.paths.events_dir.iterdir()))


def _seen(game: Game) -> tuple[Any, ...]:
    engine = game.engine
    return (
        game.digest(),
        engine.position,
        engine.count,
        engine.last_key,
        engine.history.entries(),
        engine.milestones.ordered(),
        dump_snapshot(engine),
    )


def _spy_on_the_child(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What became of the child's answer: "sent" when it sent projections the game
    could load, "adopted" when the game then took them over, "failed" otherwise."""
    answers: list[str] = []
    projections = bundle_fold.FoldApart.projections
    adopt = Projections.adopt

    def spied(self: bundle_fold.FoldApart) -> Any:
        result = projections(self)
        answers.append("failed" if result is None else "sent")
        return result

    def adopted(self: Projections, other: Any) -> Any:
        answers.append("adopted")
        return adopt(self, other)

    monkeypatch.setattr(bundle_fold.FoldApart, "projections", spied)
    monkeypatch.setattr(Projections, "adopt", adopted)
    return answers


def test_a_fold_apart_adopts_what_the_game_would_have_folded(
    device: Open, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, here, apart = device("a"), device("here"), device("apart")
    _play(a, clock)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    expected = bundles.import_bundle(here, path, fold_apart=True)  # few events: folded here
    answers = _spy_on_the_child(monkeypatch)
    monkeypatch.setattr(bundles, "FOLD_APART_FROM", 1)
    preview = bundles.import_bundle(apart, path, fold_apart=True)
    assert answers == ["sent", "adopted"]  # the child folded, the game took it over
    assert preview.to_json() | {"path": None} == expected.to_json() | {"path": None}
    assert _log_bytes(apart) == _log_bytes(here)
    assert _seen(apart) == _seen(here)
    assert apart.digest() == a.digest()
    # The game goes on from the adopted fold: a command, then the same state again.
    for game in (here, apart):
        game.handle(c.LogHabit(habit_id=next(iter(game.state.habits))))
    assert _seen(apart)[0] == _seen(here)[0]


def test_a_fold_apart_saves_the_childs_snapshot_and_spends_the_plan_first(
    device: Open, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The adopted fold's snapshot is saved with the import (the bytes the child sent:
    the close has nothing left to dump) and is the one a fold in the game saves on close;
    the recording-order watermark moves as far; and the plan's events are freed before
    the child's answer is awaited, not after it."""
    a, here, apart = device("a"), device("here"), device("apart")
    _play(a, clock)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    bundles.import_bundle(here, path)
    monkeypatch.setattr(bundles, "FOLD_APART_FROM", 1)
    plans: list[bundles.ImportPlan] = []
    plan_import = bundles.plan_import

    def kept(*args: Any) -> bundles.ImportPlan:
        plans.append(plan_import(*args))
        return plans[-1]

    monkeypatch.setattr(bundles, "plan_import", kept)
    left_when_waiting: list[int] = []
    projections = bundle_fold.FoldApart.projections

    def waited(self: bundle_fold.FoldApart) -> Any:
        (plan,) = plans
        left_when_waiting.append(len(plan.new) + len(plan.bundle.events) + len(plan.bundle.parsed))
        return projections(self)

    monkeypatch.setattr(bundle_fold.FoldApart, "projections", waited)
    preview = bundles.import_bundle(apart, path, fold_apart=True)
    assert left_when_waiting == [0]
    assert preview.total == preview.new == here.store.head_position > 0
    saved = apart.store.load_snapshot(SNAPSHOT_NAME)
    assert saved is not None and saved.position == apart.store.head_position
    assert apart.snapshot_position == saved.position
    assert apart.timeline.ordered_until == here.timeline.ordered_until > 0
    here.close()  # folded in the game: its snapshot is saved on close
    reopened = Game.open(here.paths, clock, seed=7, device_tz="Europe/Paris")
    try:
        on_close = reopened.store.load_snapshot(SNAPSHOT_NAME)
        assert on_close is not None and on_close.position == saved.position
        assert saved.data == on_close.data
    finally:
        reopened.close()


def test_a_child_that_fails_leaves_the_fold_to_the_game(
    device: Open, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, here, apart = device("a"), device("here"), device("apart")
    _play(a, clock)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    bundles.import_bundle(here, path)
    answers = _spy_on_the_child(monkeypatch)
    monkeypatch.setattr(bundles, "FOLD_APART_FROM", 1)

    def broken(*args: Any) -> Any:
        raise MemoryError("the child ran out of memory")

    monkeypatch.setattr(bundle_fold, "fold_into_copy", broken)  # the child's fold fails
    bundles.import_bundle(apart, path, fold_apart=True)
    assert answers == ["failed"]
    assert _log_bytes(apart) == _log_bytes(here)
    assert _seen(apart)[:6] == _seen(here)[:6]


def test_an_import_into_a_game_that_moved_on_folds_in_the_game(
    device: Open, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's projections end at another position than the log (here: a command
    written after the fork): the game does not adopt them, it folds the events itself."""
    a, here, apart = device("a"), device("here"), device("apart")
    _play(a, clock)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    bundles.import_bundle(here, path)
    monkeypatch.setattr(bundles, "FOLD_APART_FROM", 1)
    answers = _spy_on_the_child(monkeypatch)
    started = bundle_fold.FoldApart.start

    def then_one_more(game: Game, plan: bundles.ImportPlan, head: int) -> bundle_fold.FoldApart:
        child = started(game, plan, head - 1)  # the child numbers from an older head
        return child

    monkeypatch.setattr(bundle_fold.FoldApart, "start", staticmethod(then_one_more))
    bundles.import_bundle(apart, path, fold_apart=True)
    assert answers == ["sent"]  # it answered, but for other positions: not adopted
    assert _log_bytes(apart) == _log_bytes(here)
    assert _seen(apart)[:6] == _seen(here)[:6]


def test_only_an_import_that_asks_folds_apart(
    device: Open, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs forwarded command lines itself (`cli/hosted.py`): its imports, and
    any caller that does not ask, fold in the game without forking."""
    a, b = device("a"), device("b")
    _play(a, clock)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    monkeypatch.setattr(bundles, "FOLD_APART_FROM", 1)
    answers = _spy_on_the_child(monkeypatch)
    bundles.import_bundle(b, path)
    assert answers == []  # no child was asked
    assert b.digest() == a.digest()


def test_a_failed_write_stops_the_child_at_once(
    device: Open, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write fails (a full disk): the child's fold is no longer wanted. It is stopped,
    not waited for until it ends (here it would take 20 s and leave a mark), and the log
    is as it was."""
    a, apart = device("a"), device("apart")
    _play(a, clock)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    monkeypatch.setattr(bundles, "FOLD_APART_FROM", 1)
    finished = tmp_path / "the child finished its fold"
    fold = bundle_fold.fold_into_copy

    def slow(*args: Any) -> Any:  # runs in the forked child
        time.sleep(20)
        finished.touch()
        return fold(*args)

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle_fold, "fold_into_copy", slow)
    before = _log_bytes(apart)
    monkeypatch.setattr(apart.store, "append", full_disk)
    with pytest.raises(OSError, match="No space left"):
        bundles.import_bundle(apart, path, fold_apart=True)
    time.sleep(0.2)
    assert not finished.exists()  # stopped mid-fold (without the stop: 20 s here, then this)
    monkeypatch.undo()
    assert _log_bytes(apart) == before
