"""`Playthrough`: the domain played in memory, without an event store, for tests.

`Playthrough.execute(command)` decides, wraps the events in `Recorded` envelopes exactly as the
application does (event ids, positions, stream versions, hybrid clock) and folds them.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.context import DecisionContext
from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState

if TYPE_CHECKING:
    from rpgmylife_desktop.domain.commands import Command


class Playthrough:
    """An in-memory game: a state, a clock you set, dice you seed, and the log so far."""

    def __init__(
        self,
        now: datetime,
        *,
        seed: int = 0,
        device_tz: str = "UTC",
        device_id: str = "device-a",
        rng: random.Random | None = None,
    ) -> None:
        self.state = GameState()
        self.now = now
        self.device_tz = device_tz
        self.device_id = device_id
        self.rng = rng or random.Random(seed)
        self.log: list[Recorded] = []
        self.stream_versions: dict[str, int] = {}
        self._counter = 0

    def context(self) -> DecisionContext:
        """The decision context at the current clock."""
        return DecisionContext(now=self.now, rng=self.rng, device_tz=self.device_tz)

    def advance(self, **delta: float) -> None:
        """Move the clock forward (`advance(days=1, hours=2)`)."""
        self.now += timedelta(**delta)

    def execute(self, command: Command) -> list[Recorded]:
        """Decide `command`, record and fold its events; returns them (refusals raise)."""
        events = decide(self.state, command, self.context())
        recorded = self.record(events, command.command_id)
        for item in recorded:
            self.state.apply(item)
        return recorded

    def record(self, events: list[tuple[str, DomainEvent]], command_id: str) -> list[Recorded]:
        """Wrap events in envelopes as the application would, and append them to `log`."""
        out: list[Recorded] = []
        for stream, event in events:
            self._counter += 1
            version = self.stream_versions.get(stream, 0) + 1
            self.stream_versions[stream] = version
            wall_ms = int(self.now.timestamp() * 1000)
            item = Recorded(
                position=len(self.log) + 1,
                event_id=f"{self.device_id}-{self._counter:08d}",
                stream=stream,
                stream_version=version,
                recorded_at=self.now,
                occurred_at=self.now,
                tz=self.device_tz,
                device_id=self.device_id,
                hlc=(wall_ms << 16) | (self._counter & 0xFFFF),
                command_id=command_id,
                event=event,
            )
            self.log.append(item)
            out.append(item)
        return out

    def replay(self, upto: int | None = None) -> GameState:
        """A fresh state folded from the first `upto` events of the log (all by default)."""
        return GameState().apply_all(self.log[: len(self.log) if upto is None else upto])
