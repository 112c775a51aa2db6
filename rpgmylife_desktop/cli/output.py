"""Printing results as text for people or as JSON for scripts (`--json`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any, TextIO


class Output:
    """Where a command writes its result. Text goes to stdout, errors to stderr."""

    def __init__(self, as_json: bool, out: TextIO | None = None, err: TextIO | None = None):
        self.as_json = as_json
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def result(self, data: Mapping[str, Any] | list[Any], text: str) -> None:
        """Print `data` as one JSON document with --json, else the human text."""
        if self.as_json:
            json.dump(data, self.out, indent=2, sort_keys=True, default=str)
            self.out.write("\n")
        else:
            self.out.write(text if text.endswith("\n") or not text else text + "\n")
        self.out.flush()

    def error(self, data: Mapping[str, Any], text: str) -> None:
        """Print an error: JSON on stdout with --json (one stream to parse), else stderr."""
        if self.as_json:
            json.dump(data, self.out, indent=2, sort_keys=True, default=str)
            self.out.write("\n")
            self.out.flush()
        else:
            self.err.write(text if text.endswith("\n") else text + "\n")
            self.err.flush()
