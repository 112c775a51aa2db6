"""A habit kept by restraint is pending on a day that has not ended, done once it is closed."""

from __future__ import annotations

from datetime import timedelta

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.projections.projection_set import new_projections
from tests.unit.domain.helpers import new_game


def test_a_limit_kept_so_far_is_pending_today_and_done_when_the_day_closes() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(habit_id="cof", name="Coffee", target={"mode": "at_most", "amount": 2})  # type: ignore[arg-type]
    )
    game.execute(c.AddHabit(habit_id="junk", name="Junk food", kind="negative"))
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="cof", amount=1))
    today = game.state.local_day(game.now, game.device_tz)
    live = new_projections()
    for recorded in game.log:
        live.apply(recorded)
    view = live.today
    live.set_today(today)
    for habit in ("cof", "junk"):
        row = view.row(habit)
        assert row is not None and (row.done, row.pending) == (False, True), habit
    read = view.row("read")
    assert read is not None and (read.done, read.pending) == (False, False)

    game.advance(days=1)
    changes = live.apply_many(game.execute(c.CloseDay(day=today)))
    assert {("today", "cof"), ("today", "junk")} <= {(ch.projection, ch.key) for ch in changes}
    for habit in ("cof", "junk"):
        row = view.row(habit)
        assert row is not None and (row.done, row.pending) == (True, False), habit
    live.set_today(today + timedelta(days=1))
    live.apply_many(game.execute(c.LogHabit(habit_id="cof", amount=3)))
    row = view.row("cof")
    assert row is not None and (row.done, row.pending) == (False, False)  # over the limit
