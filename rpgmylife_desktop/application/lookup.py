"""Finding a habit, quest, goal or reward from what a person typed.

A thing is found by its id, by a unique prefix of its id, or by its name (or
a unique start or part of it), case-insensitively. When the words match
nothing, or match several things, that is a usage error (exit 2): the command
line does not name exactly one thing, and nothing was asked of the game. An
ambiguous name lists the candidates so the user can retry with an id.
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
    then a unique name prefix, then a unique word inside the name ("water" for
    "Drink water"): the more precise match always wins.
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
        [(i, n) for i, n, _, fn in folded if fn.startswith(wanted)],
        [(i, n) for i, n, _, fn in folded if wanted in fn],
    ):
        found = matches
        if len(found) == 1:
            return found[0][0]
        if len(found) > 1:
            listing = "\n".join(f"  {i}  {n}" for i, n in found)
            raise Ambiguous(
                f"{query!r} could mean {len(found)} {kind}s:\n{listing}",
                hint=f"Give the {kind}'s id (or a longer part of its name) instead.",
                candidates=found,
            )
    raise NotFound(
        f"There is no {kind} called {query!r}.",
        hint=f"List them with 'rpgmylife {kind} list'.",
    )
