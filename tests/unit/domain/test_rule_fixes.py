"""Regressions of the rule bugs found in a month of play (one test per bug, named after
what a player sees), at the level of `decide`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.streams import day_stream
from rpgmylife_desktop.domain.values import GoalMeasure, NumericTarget
from tests.oracles.digest import domain_digest

from .helpers import new_game

MON = date(2026, 3, 2)


def _types(recorded: list) -> list[str]:  # type: ignore[type-arg]
    return [type(r.event).__name__ for r in recorded]


# --- 1. days close oldest first, each once ---------------------------------------------------


def test_closing_a_later_day_is_refused_while_an_earlier_one_is_open() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss", difficulty="hard"))
    game.advance(days=4)
    with pytest.raises(CommandRefused, match=r"Mon 2 Mar 2026 is still open"):
        game.execute(c.CloseDay(day=MON + timedelta(days=2)))
    assert game.state.days_to_close(game.now, "UTC") == [MON + timedelta(days=d) for d in range(4)]


def test_days_left_open_by_an_older_version_are_closed_first() -> None:
    """A log written before the fix may hold 4 and 5 March closed and 2 and 3 open: the
    open ones are still closed (oldest first), and the closed ones never again."""
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    game.advance(days=4)
    # What the old rules wrote: 4 and 5 March closed while 2 and 3 March stayed open.
    for day in (MON + timedelta(days=2), MON + timedelta(days=3)):
        closed = ev.DayClosed(day=day, perfect=False, judged=1, done=0, missed=1)
        for item in game.record([(day_stream(day), closed)], f"close-{day}"):
            game.state.apply(item)
    assert game.state.first_open_day() == MON
    assert game.state.days_to_close(game.now, "UTC") == [MON, MON + timedelta(days=1)]
    assert game.state.open_day_count(game.now, "UTC") == 2
    for day in game.state.days_to_close(game.now, "UTC"):
        game.execute(c.CloseDay(day=day))
    assert game.state.days_to_close(game.now, "UTC") == []
    assert game.state.first_open_day() == MON + timedelta(days=4)


# --- 4. undo is exact for a faint ------------------------------------------------------------


def test_undo_of_a_faint_restores_the_exact_state_and_redo_is_exact_too() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="junk", name="Junk food", kind="negative", difficulty="hard"))
    for _ in range(10):
        game.execute(c.LogHabit(habit_id="junk", direction="down"))
    assert game.state.character is not None and game.state.character.hp == 4.5
    before = domain_digest(game.state)
    fainted = game.execute(c.LogHabit(habit_id="junk", direction="down"))
    assert _types(fainted) == ["HabitLogged", "CharacterFainted"]
    after = domain_digest(game.state)
    game.execute(c.UndoLastCommand())
    assert game.state.character.hp == 4.5
    assert domain_digest(game.state) == before
    game.execute(c.RedoCommand())
    assert domain_digest(game.state) == after


# --- 3. a backfill that makes a judged week or month good refunds its miss -------------------


@pytest.mark.parametrize(
    ("schedule", "judged"),
    [
        ({"kind": "times_per_week", "times": 2}, MON + timedelta(days=6)),
        ({"kind": "times_per_month", "times": 2}, date(2026, 3, 31)),
        ({"kind": "weekdays", "weekdays": (4,)}, MON + timedelta(days=4)),
    ],
    ids=["per-week", "per-month", "weekdays"],
)
def test_a_backfill_that_meets_a_judged_quota_refunds_the_miss(
    schedule: dict[str, object], judged: date
) -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read", schedule=schedule))  # type: ignore[arg-type]
    if schedule["kind"] != "weekdays":
        game.advance(days=1)
        game.execute(c.LogHabit(habit_id="read"))
    game.now = datetime.combine(judged + timedelta(days=1), time(12), tzinfo=UTC)
    for day in game.state.days_to_close(game.now, "UTC"):
        game.execute(c.CloseDay(day=day))
    miss = game.state.habits["read"].misses.get(judged)
    assert miss is not None and miss.hp_delta < 0
    assert game.state.character is not None and game.state.character.hp < 50
    back = 0 if schedule["kind"] == "weekdays" else 2
    backfill = datetime.combine(judged - timedelta(days=back), time(12), tzinfo=UTC)
    logged = game.execute(c.LogHabit(habit_id="read", at=backfill))
    assert _types(logged) == ["HabitLogged", "DailyMissReverted"]
    assert game.state.character.hp == 50
    assert judged not in game.state.habits["read"].misses
    # A second backfill in the same period refunds nothing more.
    again = game.execute(c.LogHabit(habit_id="read", at=backfill - timedelta(days=1)))
    assert _types(again) == ["HabitLogged"]


# --- 2. a goal's bonus is for play: never for setting or editing a goal ----------------------


def _sheet(game: object) -> tuple[int, float]:
    character = game.state.character  # type: ignore[attr-defined]
    return character.total_xp, character.gold


def _meditated_once() -> object:
    game = new_game()
    game.execute(c.AddHabit(habit_id="med", name="Meditate", schedule={"kind": "unscheduled"}))  # type: ignore[arg-type]
    game.execute(c.LogHabit(habit_id="med"))
    return game


def test_a_goal_already_met_when_set_is_achieved_without_a_bonus_however_often() -> None:
    game = _meditated_once()
    paid = _sheet(game)
    for n in range(5):
        measure = GoalMeasure(kind="habit_logs", habit_id="med", count=1)
        added = game.execute(c.AddGoal(goal_id=f"g{n}", title=f"g{n}", measure=measure))
        assert _types(added) == ["GoalAdded", "GoalAchieved"]
        assert game.state.goals[f"g{n}"].achieved
    assert _sheet(game) == paid
    # Removing (undo) and adding it again earns nothing either.
    game.execute(c.UndoLastCommand())
    game.execute(c.RedoCommand())
    game.execute(c.UndoLastCommand())
    game.execute(
        c.AddGoal(goal_id="g4", title="g4", measure=GoalMeasure(kind="habit_logs", habit_id="med"))
    )
    assert _sheet(game) == paid


def test_editing_a_goal_or_its_habit_to_a_target_already_met_pays_nothing() -> None:
    game = _meditated_once()
    measure = GoalMeasure(kind="habit_logs", habit_id="med", count=5)
    game.execute(c.AddGoal(goal_id="g", title="Five", measure=measure))
    paid = _sheet(game)
    edited = game.execute(c.EditGoal(goal_id="g", measure=measure.model_copy(update={"count": 1})))
    assert _types(edited) == ["GoalEdited", "GoalAchieved"] and _sheet(game) == paid
    # A habit whose quiet days become done (now a negative habit) meets a days goal.
    game.advance(days=10)
    days = GoalMeasure(kind="habit_days", habit_id="med", count=5)
    game.execute(c.AddGoal(goal_id="d", title="Five days", measure=days))
    assert not game.state.goals["d"].achieved
    kind = game.execute(c.EditHabit(habit_id="med", kind="negative"))
    assert _types(kind) == ["HabitEdited", "GoalAchieved"] and _sheet(game) == paid


def test_a_goal_met_by_play_still_pays_its_bonus_once() -> None:
    game = _meditated_once()
    measure = GoalMeasure(kind="habit_logs", habit_id="med", count=2)
    game.execute(c.AddGoal(goal_id="g", title="Twice", measure=measure))
    xp, gold = _sheet(game)
    logged = game.execute(c.LogHabit(habit_id="med"))
    assert "GoalAchieved" in _types(logged)
    new_xp, new_gold = _sheet(game)
    assert new_xp - xp > 100 and new_gold - gold > 20
    again = game.execute(c.LogHabit(habit_id="med"))
    assert "GoalAchieved" not in _types(again)


# --- 5. levels are lost visibly, and a level's refill is paid once ever ----------------------


def _level_up_by_quest(game: object, quest_id: str) -> list:  # type: ignore[type-arg]
    """A hard quest with 9 ticked items: raw 10, +120 XP, +20 gold."""
    items = tuple(f"step {n}" for n in range(9))
    game.execute(c.AddQuest(quest_id=quest_id, title=quest_id, difficulty="hard", checklist=items))  # type: ignore[attr-defined]
    for item in game.state.quests[quest_id].checklist:  # type: ignore[attr-defined]
        game.execute(c.CheckChecklistItem(quest_id=quest_id, item_id=item.item_id))  # type: ignore[attr-defined]
    return game.execute(c.CompleteQuest(quest_id=quest_id))  # type: ignore[attr-defined,no-any-return]


def _hurt(game: object, times: int) -> None:
    for _ in range(times):
        game.execute(c.LogHabit(habit_id="junk", direction="down"))  # type: ignore[attr-defined]


def test_revert_then_done_again_does_not_refill_hp_twice() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="junk", name="Junk", kind="negative", difficulty="hard"))
    first = _level_up_by_quest(game, "a")
    assert game.state.character is not None and game.state.character.level == 1
    _hurt(game, 3)  # 50 -> 37.7
    second = _level_up_by_quest(game, "box")
    refill = [r.event for r in second if isinstance(r.event, ev.LevelGained)]
    assert [(e.level, e.hp_delta) for e in refill] == [(2, 12.3)]
    _hurt(game, 3)
    hp = game.state.character.hp
    game.execute(c.RevertEvent(event_id=second[0].event_id))
    assert game.state.character.level == 1
    assert game.state.character.hp == round(hp - 12.3, 2)
    again = game.execute(c.CompleteQuest(quest_id="box"))
    gained = [r.event for r in again if isinstance(r.event, ev.LevelGained)]
    assert [(e.level, e.hp_delta) for e in gained] == [(2, 0.0)]
    assert game.state.character.hp == round(hp - 12.3, 2)
    assert first  # the first quest stays


def test_reverting_an_old_completion_loses_the_level_visibly_and_pays_no_second_refill() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="junk", name="Junk", kind="negative", difficulty="hard"))
    old = _level_up_by_quest(game, "a")
    _level_up_by_quest(game, "b")
    assert game.state.character is not None and game.state.character.level == 2
    for n in range(210):  # beyond the undo window
        game.execute(c.RenameCharacter(name=f"Hero {n}"))
    _hurt(game, 2)
    hp = game.state.character.hp
    reverted = game.execute(c.RevertEvent(event_id=old[-1].event_id))
    assert ("LevelGainReverted", 2) in [
        (type(r.event).__name__, getattr(r.event, "level", None)) for r in reverted
    ]
    assert game.state.character.level == 1 and game.state.character.hp == hp
    again = _level_up_by_quest(game, "c")
    gained = [r.event for r in again if isinstance(r.event, ev.LevelGained)]
    assert [(e.level, e.hp_delta) for e in gained] == [(2, 0.0)]
    assert game.state.character.hp == hp


def test_reopening_a_quest_below_the_level_start_loses_the_level_visibly() -> None:
    game = new_game()
    _level_up_by_quest(game, "a")
    _level_up_by_quest(game, "b")
    game.execute(c.RenameCharacter(name="Robin"))
    reopened = game.execute(c.ReopenQuest(quest_id="b"))
    assert _types(reopened) == ["QuestReopened", "LevelGainReverted"]
    assert game.state.character is not None and game.state.character.level == 1
    before = domain_digest(game.state)
    game.execute(c.UndoLastCommand())
    assert game.state.character.level == 2
    game.execute(c.RedoCommand())
    assert domain_digest(game.state) == before


def test_an_undo_that_cannot_take_back_exactly_cannot_be_redone() -> None:
    """Undoing a level-up after the refill was spent on damage leaves HP at 1, not below:
    redoing it would pay the whole refill again, so it is refused."""
    game = new_game()
    game.execute(c.AddHabit(habit_id="junk", name="Junk", kind="negative", difficulty="hard"))
    _level_up_by_quest(game, "a")
    _hurt(game, 6)
    completed = _level_up_by_quest(game, "b")
    _hurt(game, 9)
    assert game.state.character is not None
    game.execute(c.RevertEvent(event_id=completed[0].event_id))
    assert game.state.character.hp == 1.0
    with pytest.raises(CommandRefused, match="Nothing to redo"):
        game.execute(c.RedoCommand())


# --- 6. reverting one of a day's logs keeps the day's pay with the logs that earn it ----------


def test_reverting_the_mistaken_log_leaves_the_right_one_paid() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="water", name="Water plants"))
    mistaken = game.execute(c.LogHabit(habit_id="water"))
    paid = _sheet(game)
    value = game.state.habits["water"].value
    game.execute(c.LogHabit(habit_id="water", note="properly"))
    right = game.state.commands.undo_stack[-1]
    game.execute(c.RevertEvent(event_id=mistaken[0].event_id))
    assert _sheet(game) == paid and game.state.habits["water"].value == value
    assert game.state.habits["water"].done_on(MON)
    with pytest.raises(CommandRefused, match="Nothing to redo"):
        game.execute(c.RedoCommand())  # redoing the mistaken log would pay the day twice
    # The remaining log now holds the day's pay: reverting it takes that back.
    log = game.state.commands.records[right].events[0]
    game.execute(c.RevertEvent(event_id=log.event_id))
    assert _sheet(game) == (0, 0.0) and game.state.habits["water"].value == 0.0


def test_reverting_a_log_that_a_target_needed_takes_back_the_step_it_enabled() -> None:
    """At least 8 glasses: 5 (nothing), then 5 (crosses 8: the step). Reverting the first
    5 leaves the day at 5 of 8, so the step is taken back; logging 5 again earns it once."""
    game = new_game()
    target = {"amount": 8, "mode": "at_least", "unit": "glasses"}
    game.execute(c.AddHabit(habit_id="water", name="Drink water", target=target))  # type: ignore[arg-type]
    first = game.execute(c.LogHabit(habit_id="water", amount=5))
    game.execute(c.LogHabit(habit_id="water", amount=5))
    paid = _sheet(game)
    assert paid[0] > 0
    game.execute(c.RevertEvent(event_id=first[0].event_id))
    assert _sheet(game) == (0, 0.0) and not game.state.habits["water"].done_on(MON)
    game.execute(c.LogHabit(habit_id="water", amount=5))
    assert _sheet(game) == paid


# --- 8. pauses and settings never reach back into closed days --------------------------------


def test_a_pause_over_a_closed_day_is_refused_like_a_skip() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    game.advance(days=3)
    for day in game.state.days_to_close(game.now, "UTC"):
        game.execute(c.CloseDay(day=day))
    strength = game.state.habits["floss"].strength(MON + timedelta(days=3))
    pause = c.PauseHabit(
        habit_id="floss", start=MON + timedelta(days=1), end=MON + timedelta(days=5)
    )
    with pytest.raises(CommandRefused, match="already closed"):
        game.execute(pause)
    with pytest.raises(CommandRefused, match="already closed"):
        game.execute(c.SkipHabitDay(habit_id="floss", day=MON + timedelta(days=2)))
    assert game.state.habits["floss"].strength(MON + timedelta(days=3)) == strength
    game.execute(pause.model_copy(update={"start": MON + timedelta(days=3)}))


def test_a_day_start_change_that_makes_today_a_closed_day_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    game.execute(c.ChangeSettings(day_start_hour=0))
    game.now = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # Tuesday 01:00: Monday is over
    game.execute(c.CloseDay(day=MON))
    with pytest.raises(CommandRefused, match="today would be Mon 2 Mar 2026"):
        game.execute(c.ChangeSettings(day_start_hour=12))
    with pytest.raises(CommandRefused, match="already closed"):
        game.execute(c.ChangeSettings(time_zone="America/Los_Angeles"))
    game.now = datetime(2026, 3, 3, 12, 30, tzinfo=UTC)
    game.execute(c.ChangeSettings(day_start_hour=12))
    assert game.state.local_day(game.now, "UTC") == MON + timedelta(days=1)


# --- 9. strength: limits kept once the day is over; unscheduled habits expect nothing --------


def test_a_negative_habit_is_not_done_with_a_streak_on_the_day_it_is_created() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="junk", name="Junk food", kind="negative"))
    habit = game.state.habits["junk"]
    assert habit.streaks(MON) == (0, 0) and habit.strength(MON) == 0.0
    assert list(habit.statuses(MON)) == [(MON, "pending")]
    # Once the day is over, the quiet day counts as kept.
    tuesday = MON + timedelta(days=1)
    assert habit.streaks(tuesday) == (1, 1) and habit.strength(tuesday) > 0


def test_an_unscheduled_habit_is_not_missed_on_the_days_it_is_not_logged() -> None:
    """Journal, logged on 12 days of a month: 47 % strength, not 5-18 %."""
    game = new_game()
    game.execute(c.AddHabit(habit_id="journal", name="Journal", schedule={"kind": "unscheduled"}))  # type: ignore[arg-type]
    for day in range(30):
        if day % 5 in (0, 2):
            game.execute(c.LogHabit(habit_id="journal"))
        game.advance(days=1)
    habit = game.state.habits["journal"]
    today = MON + timedelta(days=30)
    statuses = dict(habit.statuses(today))
    assert "missed" not in statuses.values()
    assert sum(1 for s in statuses.values() if s == "done") == 12
    assert habit.strength(today) == pytest.approx(1 - 0.5 ** (12 / 13), abs=1e-4)


# --- found by the random play: undo of a reopen after a faint -------------------------------


def test_undo_of_a_reopen_after_a_faint_restores_what_the_completion_paid() -> None:
    """The faint took the quest's 12 XP, so reopening could take back only the gold; the
    undo of that reopen must give the quest back its whole reward (12 XP, 2 gold)."""
    game = new_game()
    game.execute(c.AddHabit(habit_id="junk", name="Junk", kind="negative", difficulty="hard"))
    game.execute(c.AddQuest(quest_id="q", title="Garage", difficulty="hard"))
    game.execute(c.CompleteQuest(quest_id="q"))
    for _ in range(20):
        slip = game.execute(c.LogHabit(habit_id="junk", direction="down"))
        if any(isinstance(r.event, ev.CharacterFainted) for r in slip):
            break
    before = domain_digest(game.state)
    reopened = game.execute(c.ReopenQuest(quest_id="q"))
    assert reopened[0].event.xp_delta == 0  # type: ignore[attr-defined]
    game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == before
    completion = game.state.quests["q"].completion
    assert completion is not None and (completion.xp_delta, completion.gold_delta) == (12, 2.0)


# --- a weekly habit added on the week's last day ----------------------------------------------


def test_a_weekly_habit_added_on_a_sunday_is_not_missed_that_week_but_the_next() -> None:
    game = new_game()  # Monday 2 March
    game.advance(days=6)  # Sunday 8 March, the week's last day
    sunday = game.state.local_day(game.now, "UTC")
    schedule = {"kind": "times_per_week", "times": 3}
    game.execute(c.AddHabit(habit_id="gym", name="Gym", schedule=schedule))  # type: ignore[arg-type]
    game.advance(days=1)
    closed = [r.event for r in game.execute(c.CloseDay(day=sunday))]
    assert [type(e).__name__ for e in closed] == ["DayClosed"]
    assert game.state.character is not None and game.state.character.hp == 50
    assert game.state.habits["gym"].strength(sunday + timedelta(days=1)) == 0
    # The next, whole week asks for all three.
    game.advance(days=7)
    for day in game.state.days_to_close(game.now, "UTC"):
        game.execute(c.CloseDay(day=day))
    assert sunday + timedelta(days=7) in game.state.habits["gym"].misses


# --- a limit counts the amount of a slip -------------------------------------------------------


def _sugar(game: object, kind: str = "negative") -> None:
    game.execute(  # type: ignore[attr-defined]
        c.AddHabit(
            habit_id="sugar",
            name="Sugar",
            kind=kind,
            target=NumericTarget(mode="at_most", amount=1, unit="spoons"),
        )
    )


def test_a_slip_of_three_spoons_puts_an_at_most_one_limit_over() -> None:
    """`log Sugar --down --amount 3` said '0 of at most 1 spoon' and the day stayed kept:
    a slip's amount (1 without one) counts towards a limit's total."""
    game = new_game()
    _sugar(game)
    hurts = []
    for amount in (None, 3.0, 2.0):
        logged = game.execute(c.LogHabit(habit_id="sugar", direction="down", amount=amount))[0]
        assert isinstance(logged.event, ev.HabitLogged)
        hurts.append(logged.event.hp_delta)
    # Within the limit a spoon costs nothing; the slip that passes it costs the step.
    assert hurts == [0.0, -2.0, 0.0]
    sugar = game.state.habits["sugar"]
    assert sugar.day_amount(MON) == 6
    assert not sugar.done_on(MON)
    # The close judges the day missed (not perfect) and costs nothing more.
    game.advance(days=1)
    closed = [r.event for r in game.execute(c.CloseDay(day=MON))]
    day_closed = closed[-1]
    assert isinstance(day_closed, ev.DayClosed)
    assert (day_closed.missed, day_closed.perfect) == (1, False)
    assert not any(isinstance(e, ev.DailyMissed) and e.hp_delta for e in closed)
    assert game.state.character is not None and game.state.character.hp == 48
    # A snapshot keeps the slipped amount.
    again = type(game.state).from_data(game.state.to_data())
    assert again.habits["sugar"].day_amount(MON) == 6
    assert not again.habits["sugar"].done_on(MON)


def test_taking_back_the_slip_that_passed_a_limit_keeps_the_cost_while_still_over() -> None:
    game = new_game()
    _sugar(game)
    first = game.execute(c.LogHabit(habit_id="sugar", direction="down", amount=3.0))[0]
    game.execute(c.LogHabit(habit_id="sugar", direction="down", amount=2.0))
    hp = lambda: game.state.character.hp  # noqa: E731
    assert hp() == 48
    game.execute(c.RevertEvent(event_id=first.event_id))
    assert hp() == 48  # 2 spoons are still over the limit of 1
    assert game.state.habits["sugar"].day_amount(MON) == 2
    # Undo takes back the 2 spoons, which now hold the cost: nothing is left over.
    game.execute(c.UndoLastCommand())
    assert hp() == 50
    assert game.state.habits["sugar"].done_on(MON)
    assert domain_digest(game.state) == domain_digest(game.replay())


def test_a_limit_counts_plus_and_minus_alike() -> None:
    """A 'both' limit: + and - each add their amount; either passing the limit costs."""
    game = new_game()
    _sugar(game, kind="both")
    game.execute(c.LogHabit(habit_id="sugar", direction="up"))
    logged = game.execute(c.LogHabit(habit_id="sugar", direction="down", amount=0.5))[0].event
    assert isinstance(logged, ev.HabitLogged) and logged.hp_delta < 0
    assert game.state.habits["sugar"].day_amount(MON) == 1.5
