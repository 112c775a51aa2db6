"""The game's rules: events, aggregates and outcomes. Pure Python, no I/O, no Qt.

Entry points (see docs/game-rules.md, "The domain API for the other layers"):

- `domain.decide.decide(state, command, ctx)`: what a command produces, or CommandRefused;
- `domain.state.GameState`: the fold of every event (`apply`, `copy`, `to_data`, `digest`);
- `domain.events` / `domain.commands` / `domain.recorded` / `domain.streams`: the catalog;
- `domain.habits`, `domain.schedule`, `domain.strength`, `domain.levels`, `domain.days`:
  pure helpers that read models reuse;
- `domain.rules`: the versioned rule sets.
"""
