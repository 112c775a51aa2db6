"""Two real data folders with divergent offline histories converge through bundles.

Each case: computer A starts the profile, computer B adopts it from a bundle, both
play offline, then they exchange full bundles in both orders (on copies of the same
two folders), each bundle imported twice. Both computers, in both orders, must then
show the same `status --json` state digest, and the case's rule must hold
(docs/bundle-format.md, "Concurrent edits").
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.cli.main import main

DAY1 = "2026-11-02T{}:00+01:00"
DAY2 = "2026-11-03T{}:00+01:00"

Run = Callable[..., Any]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """`run(folder, "log", "meditate", now=...)`: the CLI in-process; returns its JSON."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setenv("RPGMYLIFE_SEED", "7")

    def _run(folder: Path, *argv: str, now: str = DAY1.format("09:00"), ok: bool = True) -> Any:
        monkeypatch.setenv("RPGMYLIFE_NOW", now)
        capsys.readouterr()
        code = main([*argv, "--data-dir", str(folder), "--json"])
        out = capsys.readouterr().out
        if ok:
            assert code == 0, out
        return json.loads(out) if out.strip() else None

    return _run


def _start(run: Run, tmp: Path, *setup: tuple[str, ...]) -> tuple[Path, Path]:
    a, b = tmp / "a", tmp / "b"
    run(a, "habit", "add", "Meditate", now=DAY1.format("08:00"))
    for argv in setup:
        run(a, *argv, now=DAY1.format("08:00"))
    run(a, "export", str(tmp / "start.rpgbundle"), now=DAY1.format("08:30"))
    assert run(b, "import", str(tmp / "start.rpgbundle"), now=DAY1.format("08:30"))["adopting"]
    return a, b


def _converge(run: Run, tmp: Path, a: Path, b: Path, now: str) -> list[dict[str, Any]]:
    """Exchange in both orders, each bundle twice; the four statuses (all equal)."""
    run(a, "export", str(tmp / "a.rpgbundle"), now=now)
    run(b, "export", str(tmp / "b.rpgbundle"), now=now)
    statuses = []
    for order in ("a-first", "b-first"):
        a2, b2 = tmp / order / "a", tmp / order / "b"
        shutil.copytree(a, a2)
        shutil.copytree(b, b2)
        steps = [(b2, "a.rpgbundle"), (a2, "b.rpgbundle")]
        if order == "b-first":
            steps.reverse()
        for folder, bundle in steps * 2:  # each bundle imported twice
            run(folder, "import", str(tmp / bundle), now=now)
        statuses += [run(a2, "status", now=now), run(b2, "status", now=now)]
    digests = {s["state_digest"] for s in statuses}
    assert len(digests) == 1, statuses
    assert len({s["events"] for s in statuses}) == 1
    return statuses


def _history(run: Run, folder: Path, now: str, *types: str) -> list[str]:
    argv = ["history", "--limit", "200"]
    for t in types:
        argv += ["--type", t]
    data = run(folder, *argv, now=now)
    entries = data["history"]
    return [e["text"] for e in entries]


def test_a_quest_completed_on_both_computers_pays_once(run: Run, tmp_path: Path) -> None:
    a, b = _start(run, tmp_path, ("quest", "add", "Clean the garage", "--difficulty", "hard"))
    alone = run(a, "quest", "done", "garage", now=DAY1.format("10:00"))
    run(b, "quest", "done", "garage", now=DAY1.format("11:00"))
    paid_once = run(a, "status", now=DAY1.format("12:00"))
    status = _converge(run, tmp_path, a, b, DAY1.format("12:00"))[0]
    assert alone["events"]
    assert (status["xp"], status["gold"], status["level"]) == (
        paid_once["xp"],
        paid_once["gold"],
        paid_once["level"],
    )
    # Both completions stay in history.
    texts = _history(run, tmp_path / "a-first" / "a", DAY1.format("12:00"), "QuestCompleted")
    assert len(texts) == 2


def test_a_day_closed_on_both_computers_counts_once(run: Run, tmp_path: Path) -> None:
    a, b = _start(run, tmp_path, ("habit", "add", "Stretch"))
    # Next morning each computer closes yesterday on its own (every writing command does).
    run(a, "close-day", "2026-11-02", now=DAY2.format("09:00"))
    run(b, "close-day", "2026-11-02", now=DAY2.format("10:00"))
    closed_once = run(a, "status", now=DAY2.format("12:00"))
    assert closed_once["hp"] < closed_once["max_hp"]  # the misses cost HP, once
    status = _converge(run, tmp_path, a, b, DAY2.format("12:00"))[0]
    assert (status["hp"], status["xp"], status["gold"]) == (
        closed_once["hp"],
        closed_once["xp"],
        closed_once["gold"],
    )


def test_a_habit_renamed_on_both_ends_with_one_name_and_both_renames(
    run: Run, tmp_path: Path
) -> None:
    a, b = _start(run, tmp_path)
    run(a, "habit", "edit", "meditate", "--name", "Sit", now=DAY1.format("10:00"))
    run(b, "habit", "edit", "meditate", "--name", "Zen", now=DAY1.format("11:00"))
    _converge(run, tmp_path, a, b, DAY1.format("12:00"))
    for order in ("a-first", "b-first"):
        for side in ("a", "b"):
            folder = tmp_path / order / side
            listed = run(folder, "habit", "list", now=DAY1.format("12:00"))
            names = [h["name"] for h in listed["habits"]]
            assert names == ["Zen"]  # the later rename in canonical order
            edits = _history(run, folder, DAY1.format("12:00"), "HabitEdited")
            assert len(edits) == 2


def test_a_reward_claimed_on_both_when_gold_covers_one_costs_once(run: Run, tmp_path: Path) -> None:
    a, b = _start(run, tmp_path, ("quest", "add", "Big job", "--difficulty", "hard"))
    run(a, "quest", "done", "big job", now=DAY1.format("08:10"))
    gold = run(a, "status", now=DAY1.format("08:20"))["gold"]
    run(a, "reward", "add", "Movie night", "--price", str(gold), now=DAY1.format("08:20"))
    run(a, "export", str(tmp_path / "rich.rpgbundle"), now=DAY1.format("08:30"))
    run(b, "import", str(tmp_path / "rich.rpgbundle"), now=DAY1.format("08:30"))
    run(a, "reward", "claim", "movie", now=DAY1.format("10:00"))
    run(b, "reward", "claim", "movie", now=DAY1.format("11:00"))
    status = _converge(run, tmp_path, a, b, DAY1.format("12:00"))[0]
    assert status["gold"] == 0  # paid once, not -gold
    claims = _history(run, tmp_path / "b-first" / "a", DAY1.format("12:00"), "RewardClaimed")
    assert len(claims) == 2
    assert "conflict" not in claims[0] and "conflict" in claims[1]


@pytest.mark.parametrize("undo_first", [False, True])
def test_an_undo_of_what_the_other_computer_built_on(
    run: Run, tmp_path: Path, undo_first: bool
) -> None:
    a, b = _start(run, tmp_path, ("quest", "add", "Paint the fence", "--difficulty", "hard"))
    before = run(a, "status", now=DAY1.format("09:00"))
    undo_at, done_at = ("10:00", "11:00") if undo_first else ("11:00", "10:00")
    run(b, "quest", "done", "fence", now=DAY1.format(done_at))
    run(a, "undo", now=DAY1.format(undo_at))  # A undoes adding the quest B completed
    status = _converge(run, tmp_path, a, b, DAY1.format("12:00"))[0]
    quests = run(tmp_path / "a-first" / "a", "quest", "list", "--all", now=DAY1.format("12:00"))
    assert quests["quests"] == []  # the undo stands: the quest is gone on both
    if undo_first:
        # The completion came after the quest was gone: it is void and pays nothing.
        assert status["xp"] == before["xp"]
    else:
        # The completion came first: it was earned and stays earned.
        assert status["xp"] > before["xp"]
