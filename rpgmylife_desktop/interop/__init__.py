"""Readers of other trackers' exports (Loop Habit Tracker, Habitica, spreadsheets) and the
CSV export: they turn files into commands (`source.py`) and the log into CSV; the
application orchestrates (application/interop.py)."""
