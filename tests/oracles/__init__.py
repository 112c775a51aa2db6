"""Reference computations the tests compare the real code against: simple, slow, obviously
right, and used by no production code."""
