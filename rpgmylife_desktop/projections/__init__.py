"""Read models built from the event log. Pure Python, no Qt, no event-store internals."""
