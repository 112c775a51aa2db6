"""A habit kept by restraint ("at most 2 coffees", a bad habit) on a day not closed yet is
within bounds so far, not done and not "not done": Today's cells, its text and the tray
menu say so, and the day's close turns it into done."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.modeltest import ModelTester

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, CloseDay, LogHabit
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate
from rpgmylife_desktop.ui.models.base import ROW_ROLE
from rpgmylife_desktop.ui.models.today import WEEK_ROLE, TodayModel
from rpgmylife_desktop.ui.tray_icon import row_text
from rpgmylife_desktop.ui.view_source import ViewSource


def _text(delegate: HabitDelegate, model: TodayModel, row: int) -> str:
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(row, 0))
    return option.text


def test_a_limit_within_bounds_today_is_pending_until_its_day_is_closed(
    qtmodeltester: ModelTester, game: Game
) -> None:
    today_model = TodayModel(ViewSource(game))
    qtmodeltester.check(today_model)
    first = game.today()
    game.handle(
        AddHabit(
            habit_id="coffee",
            name="Coffee",
            target=NumericTarget(amount=2, unit="cups", mode="at_most"),
        )
    )
    game.handle(
        AddHabit(
            habit_id="snack", name="Snack", kind="negative", schedule=Schedule(kind="unscheduled")
        )
    )
    game.handle(LogHabit(habit_id="coffee", amount=2))  # at the limit: kept so far
    game.clock.set(game.clock.now() + timedelta(days=1))  # type: ignore[attr-defined]
    today = game.today()
    game.handle(LogHabit(habit_id="coffee", amount=1))
    game.engine.set_today(today)
    coffee, snack = today_model.index(0, 0), today_model.index(1, 0)
    row = coffee.data(ROW_ROLE)
    assert row.pending and not row.done and row.limit
    # Yesterday (not closed yet) and today: within the limit so far, neither done nor open.
    assert coffee.data(WEEK_ROLE)[-2:] == [
        (first, "pending"),
        (today, "pending"),
    ]
    assert snack.data(WEEK_ROLE)[-1] == (today, "pending")
    # A slip of the bad habit: red at once, not a blank "not due" cell.
    game.handle(LogHabit(habit_id="snack", direction="down"))
    assert snack.data(WEEK_ROLE)[-1] == (today, "missed")
    assert snack.data(WEEK_ROLE)[-2] == (first, "pending")
    delegate = HabitDelegate()
    assert "1 of at most 2 cups" in _text(delegate, today_model, 0)
    assert row_text(row).startswith("~ Coffee 1 of at most 2 cups")  # the tray: not "○"
    # The close of yesterday decides it: done.
    game.handle(CloseDay(day=first))
    assert coffee.data(WEEK_ROLE)[-2] == (first, "done")
    assert coffee.data(WEEK_ROLE)[-1] == (today, "pending")
    # Over the limit: not pending any more, and not done.
    game.handle(LogHabit(habit_id="coffee", amount=2))  # 3 cups today
    row = coffee.data(ROW_ROLE)
    assert not row.pending and not row.done
    assert coffee.data(WEEK_ROLE)[-1] == (today, "missed")
    assert row_text(row).startswith("✗ Coffee 3 of at most 2 cups")


def test_a_slip_with_an_amount_puts_a_bad_habits_limit_over_on_today(
    qtmodeltester: ModelTester, game: Game
) -> None:
    """'Sugar: at most 1 spoon' (a bad habit, - only): a slip of 3 spoons showed '0 of at
    most 1 spoon', still kept; Today's row and the tray now count it as the CLI does."""
    today_model = TodayModel(ViewSource(game))
    qtmodeltester.check(today_model)
    target = NumericTarget(amount=1, unit="spoons", mode="at_most")
    game.handle(AddHabit(habit_id="sugar", name="Sugar", kind="negative", target=target))
    sugar = today_model.index(0, 0)
    game.handle(LogHabit(habit_id="sugar", direction="down"))  # 1 spoon: at the limit
    row = sugar.data(ROW_ROLE)
    assert (row.amount, row.pending) == (1, True)
    game.handle(LogHabit(habit_id="sugar", direction="down", amount=2))
    row = sugar.data(ROW_ROLE)
    assert row.amount == 3 and not row.pending and not row.done
    assert sugar.data(WEEK_ROLE)[-1] == (game.today(), "missed")
    assert "3 of at most 1 spoon" in _text(HabitDelegate(), today_model, 0)
    assert row_text(row) == "– Sugar 3 of at most 1 spoon"  # the tray: its - item
