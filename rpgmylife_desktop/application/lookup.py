"""Finding a habit, quest, goal or reward from what a person typed.

A thing is found by its id, by a unique prefix of its id, or by its name (or
a start or part of it that fits only one thing), case-insensitively. When the
words match nothing, or match several things, that is a usage error (exit 2):
the command line does not name exactly one thing, and nothing was asked of the
game. An ambiguous name lists the candidates so the user can retry with an id;
an unknown one offers the closest names ("did you mean").
"""

from __future__ import annotations

from collections.abc import Iterable

from rpgmylife_desktop.errors import UsageError


class NotFound(UsageError):
    """Nothing is called that."""


class Ambiguous(UsageError):
    """Several things fit; `candidates` holds their (id, name) pairs."""

    def __init__(self, message: str, *, hint: str, candidates: list[tuple[str, str]]) -> None:
        super().__init__(message, hint=hint)
        self.candidates = candidates

    def to_json(self) -> dict[str, object]:
        data = super().to_json()
        data["candidates"] = [{"id": i, "name": n} for i, n in self.candidates]
        return data


def find_one(kind: str, query: str, items: Iterable[tuple[str, str]]) -> str:
    """The id of the one item (id, name) that `query` names.

    Exact id first, then exact name (case-insensitive), then a unique id prefix,
    then a start or a part of the name ("water" for "Drink water"). A start does not
    beat a part: "water" with "Water plants" and "Drink water" is ambiguous, since
    a guess would log the wrong habit.
    """
    pairs = list(items)
    wanted = query.strip().casefold()
    if not wanted:
        raise NotFound(f"No {kind} name was given.")
    folded = [(i, n, i.casefold(), n.casefold()) for i, n in pairs]
    for matches in (
        [(i, n) for i, n, fi, _ in folded if fi == wanted],
        [(i, n) for i, n, _, fn in folded if fn == wanted],
        [(i, n) for i, n, fi, _ in folded if fi.startswith(wanted)],
        [(i, n) for i, n, _, fn in folded if wanted in fn],
    ):
        found = matches
        if len(found) == 1:
            return found[0][0]
        if len(found) > 1:
            listing = "\n".join(f"  {i}  {n!r}" for i, n in found)
            raise Ambiguous(
                f"{query!r} could mean {len(found)} {kind}s:\n{listing}",
                hint=f"Give the {kind}'s id (or a longer part of its name) instead.",
                candidates=found,
            )
    import difflib  # only for a name that matched nothing: spared on every other start-up

    names = {fn: n for _, n, _, fn in folded}
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    suggestion = f"Did you mean {' or '.join(repr(names[c]) for c in close)}? " if close else ""
    raise NotFound(
        f"There is no {kind} called {query!r}.",
        hint=f"{suggestion}List them with 'rpgmylife {kind} list'.",
    )


SHORT_ID = 8
"""Characters of an event's short id: the end of its id. Event ids are time-ordered
(UUIDv7), so ids written in the same minute share their start; their last
characters are random, and 8 of them set one event apart in all but a few of a
million."""


def short_event_id(event_id: str) -> str:
    """The short id that text history shows for an event (its last characters)."""
    return event_id.replace("-", "")[-SHORT_ID:]


def find_event_id(query: str, event_ids: Iterable[str]) -> str:
    """The one event id that `query` names: the whole id, a unique start of it, or a
    unique short id (see `short_event_id`); a usage error otherwise."""
    wanted = query.strip().casefold()
    if len(wanted.replace("-", "")) < 4:
        raise NotFound(
            f"{query!r} is too short to name an event.",
            hint="Give at least 4 characters of its id, as 'rpgmylife history' shows it.",
        )
    found: list[str] = []
    for event_id in event_ids:
        folded = event_id.casefold()
        if folded == wanted:
            return event_id
        if folded.startswith(wanted) or folded.replace("-", "").endswith(wanted):
            found.append(event_id)
            if len(found) > 10:
                break
    if len(found) == 1:
        return found[0]
    if found:
        many = "more than 10" if len(found) > 10 else str(len(found))
        raise Ambiguous(
            f"{query!r} could mean {many} events:\n" + "\n".join(f"  {i}" for i in found[:10]),
            hint="Give more characters of the event id (see 'rpgmylife history --json').",
            candidates=[(i, "") for i in found[:10]],
        )
    raise NotFound(
        f"There is no event {query!r}.",
        hint="'rpgmylife history' shows each event's short id.",
    )
