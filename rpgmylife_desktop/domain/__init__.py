"""The game's rules: events, aggregates and outcomes. Pure Python, no I/O, no Qt."""
