"""Commands, the controller, the clock and time travel. No Qt."""
