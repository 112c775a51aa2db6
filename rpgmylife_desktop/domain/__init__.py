"""The game's rules: events, aggregates and outcomes. Pure Python, no I/O, no Qt.

Entry points (see docs/game-rules.md, "The domain API for the other layers"):

- `domain.decide.decide(state, command, ctx)`: what a command produces, or CommandRefused;
- `domain.state.GameState`: the fold of every event (`apply`, `copy`, `to_data`);
- `domain.events` (with `events.recorded`, `events.streams`) / `domain.commands`: the catalog;
- `domain.state.*` (entities such as `state.habits`), `domain.calendar.*` (`days`,
  `schedule`, `strength`), `domain.rules.levels`: helpers that read models reuse;
- `domain.rules`: the versioned rule sets and the level table.

Sub-packages and their import contracts are described in docs/architecture.md.
"""
