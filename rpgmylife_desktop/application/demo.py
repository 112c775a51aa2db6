"""The demo: a few believable months of play, written into an empty data folder.

Everything goes through real commands on a `Game`, with a fixed clock moved
forward through each day and fixed seeds for both the dice and the player's
choices, so the same end moment and seed always give the same history. The
whole demo is one group commit: the folder ends up either full or untouched.

The story: a person starts on day one with a handful of habits of every kind,
a few quests, a goal and some rewards; keeps up well at first, slips during a
busy stretch (missed dailies, HP lost), takes a week of vacation (one habit
paused), backfills a forgotten evening now and then, undoes a mistaken tap,
treats themselves with gold, and levels up along the way.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from rpgmylife_desktop.application.clock import FixedClock, local_timezone_name
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game, Status
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.values import GoalMeasure, NumericTarget, Schedule
from rpgmylife_desktop.errors import UserError

DEFAULT_DAYS = 90
DEFAULT_SEED = 20260303


class DataFolderNotEmpty(UserError):
    """The demo only fills an empty data folder."""


def play_demo(
    paths: DataPaths,
    end: datetime,
    *,
    days: int = DEFAULT_DAYS,
    seed: int = DEFAULT_SEED,
    time_zone: str | None = None,
) -> Status:
    """Play `days` days of history ending at `end` into the empty folder `paths`."""
    if days < 1 or days > 3660:
        raise UserError("The demo plays between 1 and 3660 days.")
    tz_name = time_zone or local_timezone_name()
    zone = ZoneInfo(tz_name)
    last_day = end.astimezone(zone).date()
    first_day = last_day - timedelta(days=days - 1)
    clock = FixedClock(datetime.combine(first_day, time(7, 0), tzinfo=zone))
    game = Game.open(paths, clock, seed=seed, device_tz=tz_name, close_days=False)
    try:
        if game.store.head_position:
            raise DataFolderNotEmpty(
                f"The data folder {paths.data_dir} already has events; the demo only fills an "
                "empty one.",
                hint="Use --data-dir with a new folder to try the demo.",
            )
        with game.group_commit():
            _Player(game, clock, zone, random.Random(seed), end).play(first_day, last_day)
        return game.status()
    finally:
        game.close()


class _Player:
    """Plays the demo's story day by day."""

    def __init__(
        self, game: Game, clock: FixedClock, zone: ZoneInfo, rng: random.Random, end: datetime
    ) -> None:
        self.game = game
        self.clock = clock
        self.zone = zone
        self.rng = rng
        self.end = end
        self.ids: dict[str, str] = {}
        # Ids come from their own seeded dice, so the same seed gives the same game state
        # (and state digest) without shifting the story's own dice.
        self.id_rng = random.Random(rng.random())

    def new_id(self) -> str:
        """A uuid4 drawn from the seeded dice."""
        return str(uuid.UUID(int=self.id_rng.getrandbits(128), version=4))

    # -- helpers ----------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> bool:
        """Move the clock to `day` at hh:mm local; False when that is past the end."""
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        if moment > self.end:
            return False
        if moment > self.clock.now():
            self.clock.set(moment)
        return True

    def do(self, command: cmd.Command) -> bool:
        """Handle a command; a refusal (gold short, ...) is part of life, not an error."""
        try:
            self.game.handle(command.model_copy(update={"command_id": self.new_id()}))
        except CommandRefused:
            return False
        return True

    def log(self, habit: str, **fields: object) -> None:
        self.do(cmd.LogHabit(habit_id=self.ids[habit], **fields))

    # -- the story ----------------------------------------------------------------------

    def play(self, first_day: date, last_day: date) -> None:
        self.at(first_day, 7, 0)
        self.setup(first_day)
        total = (last_day - first_day).days + 1
        for index in range(total):
            day = first_day + timedelta(days=index)
            if not self.at(day, 7, 0):
                break
            self.game.close_due_days()
            self.live(day, index, total)
        self.clock.set(max(self.clock.now(), self.end))
        self.game.close_due_days()

    def setup(self, day: date) -> None:
        game_tz = self.zone.key
        self.do(cmd.RenameCharacter(name="Robin"))
        self.do(cmd.ChangeSettings(time_zone=game_tz))
        habits: list[tuple[str, dict[str, object]]] = [
            ("Meditate", {"difficulty": "easy", "tags": ("mind",)}),
            (
                "Drink water",
                {
                    "difficulty": "trivial",
                    "target": NumericTarget(mode="at_least", amount=8, unit="glasses"),
                },
            ),
            (
                "Read",
                {
                    "difficulty": "medium",
                    "schedule": Schedule(kind="times_per_week", times=4),
                    "tags": ("mind",),
                },
            ),
            (
                "Exercise",
                {"difficulty": "hard", "schedule": Schedule(kind="weekdays", weekdays=(0, 2, 4))},
            ),
            (
                "Junk food",
                {
                    "kind": "negative",
                    "difficulty": "easy",
                    "schedule": Schedule(kind="unscheduled"),
                },
            ),
            (
                "Journal",
                {"kind": "both", "schedule": Schedule(kind="every_n_days", every=2)},
            ),
            ("Call family", {"schedule": Schedule(kind="times_per_month", times=4)}),
            (
                "Stretch",
                {"difficulty": "trivial", "schedule": Schedule(kind="unscheduled")},
            ),
        ]
        for name, fields in habits:
            command = cmd.AddHabit(habit_id=self.new_id(), name=name, **fields)
            if self.do(command):
                self.ids[name] = command.habit_id
        goal = cmd.AddGoal(
            goal_id=self.new_id(),
            title="Meditate 50 times",
            description="Make sitting still a habit.",
            habit_ids=(self.ids["Meditate"],),
            measure=GoalMeasure(kind="habit_logs", habit_id=self.ids["Meditate"], count=50),
        )
        self.do(goal)
        quests = [
            cmd.AddQuest(
                quest_id=self.new_id(),
                title="Renew passport",
                difficulty="medium",
                due=day + timedelta(21),
            ),
            cmd.AddQuest(
                quest_id=self.new_id(),
                title="Clean the garage",
                difficulty="hard",
                checklist=("Sort the boxes", "Sweep", "Take bottles to recycling"),
            ),
            cmd.AddQuest(quest_id=self.new_id(), title="Plan the summer trip", goal_id=None),
            cmd.AddQuest(quest_id=self.new_id(), title="Learn to juggle", difficulty="trivial"),
        ]
        for quest in quests:
            if self.do(quest):
                self.ids[quest.title] = quest.quest_id
        for title, price in (("Fancy coffee", 5), ("Movie night", 20), ("New book", 40)):
            reward = cmd.AddReward(reward_id=self.new_id(), title=title, price=price)
            if self.do(reward):
                self.ids[title] = reward.reward_id

    def mood(self, index: int, total: int) -> float:
        """How likely the player is to keep up: keen, a busy dip, then steady."""
        share = index / max(total, 1)
        if 0.35 <= share < 0.45:
            return 0.45  # the busy stretch: misses and lost HP
        return 0.9 if share < 0.2 else 0.8

    def live(self, day: date, index: int, total: int) -> None:
        """One day: the player's actions, in time order."""
        rng, mood = self.rng, self.mood(index, total)
        plan: list[tuple[int, int, Callable[[], object]]] = []

        def when(hour: int, minute: int, action: Callable[[], object]) -> None:
            plan.append((hour, minute, action))

        if 0.55 <= index / total < 0.63 and day.weekday() == 0 and "paused" not in self.ids:
            self.ids["paused"] = "yes"  # a week of vacation: no gym
            pause = cmd.PauseHabit(
                pause_id=self.new_id(),
                habit_id=self.ids["Exercise"],
                start=day,
                end=day + timedelta(days=6),
            )
            when(8, 0, lambda: self.do(pause))
        if rng.random() < mood:
            when(7, 30, lambda: self.log("Meditate"))
        for hour in (10, 14, 18):
            if rng.random() < mood + 0.05:
                amount = rng.choice((2, 3, 3, 4))
                when(hour, rng.randrange(60), partial(self.log, "Drink water", amount=amount))
        if day.weekday() in (0, 2, 4) and rng.random() < mood - 0.1:
            when(18, 15, lambda: self.log("Exercise"))
        elif day.weekday() == 6 and rng.random() < 0.1:
            skip = cmd.SkipHabitDay(habit_id=self.ids["Exercise"], day=day)
            when(9, 0, lambda: self.do(skip))
        if rng.random() < (1.1 - mood) / 3:
            when(15, 40, lambda: self.log("Junk food", direction="down"))
        if rng.random() < 0.3:
            when(16, 0, lambda: self.log("Stretch"))
        if rng.random() < 0.14:
            when(19, 30, lambda: self.log("Call family"))
        when(21, 30, lambda: self.evening_read(day, mood))
        if index % 2 == 0 and rng.random() < mood:
            note = rng.choice(("good day", "tired", "grateful", ""))
            when(22, 0, lambda: self.log("Journal", note=note))
        if index == total // 3:
            when(20, 0, self.mistaken_tap)
        self.quest_step(index, total, when)
        if rng.random() < 0.2:
            when(20, 30, self.treat)
        for hour, minute, action in sorted(plan, key=lambda item: item[:2]):
            if self.at(day, hour, minute):
                action()

    def mistaken_tap(self) -> None:
        """Pressed - on the wrong habit, and undid it."""
        self.log("Junk food", direction="down")
        self.do(cmd.UndoLastCommand())

    def evening_read(self, day: date, mood: float) -> None:
        """Read in the evening; now and then forget to log it until the next morning."""
        if self.rng.random() >= mood * 0.7:
            return
        if self.rng.random() < 0.15:
            evening = datetime.combine(day, time(21, 30), tzinfo=self.zone)
            if self.at(day + timedelta(days=1), 6, 45):
                self.log("Read", at=evening)  # a backfill
        elif self.at(day, 21, 30):
            self.log("Read")

    def quest_step(
        self, index: int, total: int, when: Callable[[int, int, Callable[[], object]], None]
    ) -> None:
        """The quests' story on the days it moves on."""
        ids = self.ids
        if index == 3:
            when(12, 30, lambda: self.do(cmd.CompleteQuest(quest_id=ids["Renew passport"])))
        elif index == 9:
            when(12, 30, lambda: self.do(cmd.AbandonQuest(quest_id=ids["Learn to juggle"])))
        elif index == total // 2:
            when(11, 0, self.clean_garage)
        elif index == total - 5:
            when(12, 30, lambda: self.do(cmd.CompleteQuest(quest_id=ids["Plan the summer trip"])))

    def clean_garage(self) -> None:
        """Tick the checklist, then complete the quest."""
        quest = self.game.state.quests.get(self.ids["Clean the garage"])
        if quest is None:
            return
        for item in list(quest.checklist):
            self.do(cmd.CheckChecklistItem(quest_id=quest.quest_id, item_id=item.item_id))
        self.do(cmd.CompleteQuest(quest_id=quest.quest_id))

    def treat(self) -> None:
        """Buy the dearest reward the gold comfortably covers."""
        state = self.game.state
        gold = state.character.gold if state.character else 0.0
        for title, price in (("New book", 40), ("Movie night", 20), ("Fancy coffee", 5)):
            if gold >= price * 2:
                self.do(cmd.ClaimReward(reward_id=self.ids[title]))
                return
