"""Printing results as text for people or as JSON for scripts (`--json`).

Once a command's events are durable, what happens to its output cannot change
its result: a reader that closed the pipe (`| head -c 0`), a closed stdout
(`>&-`) or a terminal that cannot show a character never turns a done command
into a failure (a retry would do it twice). Text that cannot be encoded is
escaped (`\\xe9`), and a stream that is gone is dropped quietly, as Unix tools do.

Text never carries control characters to the terminal: a name written before
names were checked (`Bell\\x07\\x1b[31mRed`) is shown escaped, so it can neither
ring, recolour the terminal nor fake a line of output.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from rpgmylife_desktop.domain.input_checks import is_unprintable


class Output:
    """Where a command writes its result. Text goes to stdout, errors to stderr."""

    def __init__(self, as_json: bool, out: TextIO | None = None, err: TextIO | None = None):
        self.as_json = as_json
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def result(self, data: Mapping[str, Any] | list[Any], text: str) -> None:
        """Print `data` as one JSON document with --json, else the human text."""
        if self.as_json:
            _write(self.out, json_text(data))
        else:
            text = escape_controls(text)
            _write(self.out, text if text.endswith("\n") or not text else text + "\n")

    def error(self, data: Mapping[str, Any], text: str) -> None:
        """Print an error: JSON on stdout with --json (one stream to parse), else stderr."""
        if self.as_json:
            _write(self.out, json_text(data))
        else:
            text = escape_controls(text)
            _write(self.err, text if text.endswith("\n") else text + "\n")


def escape_controls(text: str) -> str:
    """`text` with every control character but the line breaks between lines escaped
    (`\\x1b`, `\\u202e`): what the domain refuses in a name (see `is_unprintable`)."""
    if all(ch.isprintable() or ch == "\n" for ch in text):
        return text  # the usual case, checked fast
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if ch != "\n" and is_unprintable(ch) else ch
        for ch in text
    )


def json_text(data: Mapping[str, Any] | list[Any]) -> str:
    """One JSON document (ASCII, so any terminal or pipe encoding can carry it)."""
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


def _write(stream: TextIO | None, text: str) -> None:
    """Write and flush `text`; a stream that is closed or gone loses it, nothing more."""
    if stream is None:  # started with stdout closed (`>&-`)
        return
    try:
        stream.write(_encodable(stream, text))
        stream.flush()
    except (BrokenPipeError, ValueError, OSError):
        # The reader went away (or the stream was closed): the text has nowhere to go.
        # Point the descriptor at /dev/null so the interpreter's final flush is quiet.
        _silence(stream)


def _encodable(stream: TextIO, text: str) -> str:
    """`text` with what the stream's encoding cannot carry escaped (`Café` -> `Caf\\xe9`)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, errors="backslashreplace").decode(encoding)
    except LookupError:
        return text
    return text


def _silence(stream: TextIO) -> None:
    try:
        fileno = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, fileno)
    except OSError:
        pass
    finally:
        os.close(devnull)
