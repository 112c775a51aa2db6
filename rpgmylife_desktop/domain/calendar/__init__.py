"""Calendar rules: local days, schedules and habit strength. Pure functions."""
