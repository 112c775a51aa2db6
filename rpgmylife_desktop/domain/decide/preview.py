"""Folding a decision's events into a scratch copy of the state, without an event store.

`decide` uses it to look ahead (what a command's events would leave behind) before it
commits to them.
"""

from __future__ import annotations

from rpgmylife_desktop.domain.decide.context import DecisionContext
from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState


def preview(
    state: GameState, events: list[tuple[str, DomainEvent]], ctx: DecisionContext, command_id: str
) -> GameState:
    """A copy of `state` with `events` folded in (synthetic envelopes)."""
    scratch = state.copy()
    for n, (stream, event) in enumerate(events, 1):
        scratch.apply(
            Recorded(
                position=state.position + n,
                event_id=f"preview-{command_id}-{n}",
                stream=stream,
                stream_version=0,
                recorded_at=ctx.now,
                occurred_at=ctx.now,
                tz=ctx.device_tz,
                device_id=ctx.device_id or "preview",
                hlc=0,
                command_id=command_id,
                event=event,
            )
        )
    return scratch
