"""Widgets shared by the pages: the character header, the time-travel banner, toasts."""
