"""The whole history, newest first, as an index-backed model over the log.

The row count is the log's length, known at once; a row's line is read from
the log only when a view asks for it, a page of `PAGE` events at a time, and
only the newest `MAX_PAGES` pages read stay in memory. So the History page
opens and jumps to the oldest event of a million-event log at once, holding a
bounded number of rows. Lines inside the live window of newest lines come from
the History projection; older ones are written with the projection's name
memory (names as known now).

A filter (categories, words) switches to a filtered list built by scanning the
log backwards in slices from the event loop (`SLICE` events per turn), so the
window never freezes; changing the filter restarts the scan.

Live announcements: an inserted line is one `beginInsertRows` at row 0. The
projection's removal of a line that left its in-memory window is not a change
of the log, so the model (which shows the whole log) keeps that row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal

from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.projections.changes import Change, ChangeKind
from rpgmylife_desktop.projections.history import HistoryEntry, entry_of
from rpgmylife_desktop.projections.history_text import HistoryWriter
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, KEY_ROLE, ROW_ROLE, Index
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.words import tooltip

PAGE = 256
MAX_PAGES = 16
SLICE = 4096

POSITION_ROLE = FIRST_CUSTOM_ROLE
EVENT_ID_ROLE = FIRST_CUSTOM_ROLE + 1
CATEGORY_ROLE = FIRST_CUSTOM_ROLE + 2


def when_text(iso: str) -> str:
    """A recording moment in local time: "Mon 3 Mar 2026 08:15"."""
    moment = datetime.fromisoformat(iso).astimezone()
    return f"{day_text(moment.date(), year=True)} {moment:%H:%M}"


class HistoryModel(QAbstractTableModel):
    """Rows: every event of the shown log, newest first (row 0 is the newest)."""

    columns = ("When", "What happened", "Kind")
    scanning = Signal(bool)
    """True while a filtered scan runs, False when it is done."""

    def __init__(self, source: ViewSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._total = source.position
        self._pages: OrderedDict[int, list[HistoryEntry]] = OrderedDict()
        self._writer: HistoryWriter | None = None
        self._categories: frozenset[str] = frozenset()
        self._words: tuple[str, ...] = ()
        self._days: tuple[date | None, date | None] = (None, None)
        self._filtered: list[HistoryEntry] | None = None
        self._scan_next = 0
        self._scan_generation = 0
        self.resets = 0
        self.pages_read = 0
        self._unsubscribe = source.game.subscribe(self._on_changes, ["history"])
        source.switched.connect(self._on_switched)

    # -- state ------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """The events of the shown log."""
        return self._total

    @property
    def held_rows(self) -> int:
        """Lines held in memory now (bounded, whatever the log's length)."""
        pages = sum(len(page) for page in self._pages.values())
        return pages + (0 if self._filtered is None else len(self._filtered))

    @property
    def filtering(self) -> bool:
        return self._filtered is not None

    def detach(self) -> None:
        self._unsubscribe()
        self._scan_generation += 1

    def reload(self) -> None:
        """Start again from the shown log (one reset)."""
        self.beginResetModel()
        self._total = self._source.position
        self._pages.clear()
        self._writer = None
        self._filtered = [] if self._filter_active() else None
        self.resets += 1
        self.endResetModel()
        if self._filtered is not None:
            self._start_scan()

    def _on_switched(self, _travelling: bool) -> None:
        if shiboken6.isValid(self):
            self.reload()

    def _on_changes(self, changes: Sequence[Change]) -> None:
        if not shiboken6.isValid(self) or self._source.travelling:
            return
        for change in changes:
            if change.kind is ChangeKind.RESET:
                self.reload()
                return
            if change.kind is ChangeKind.INSERTED and isinstance(change.key, int):
                self._inserted(change.key)

    def _inserted(self, position: int) -> None:
        if position <= self._total:
            return
        if self._filtered is None:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._total = position
            self.endInsertRows()
            return
        self._total = position
        entry = self._entry_at(position)
        if entry is not None and self._matches(entry):
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._filtered.insert(0, entry)
            self.endInsertRows()

    # -- reading lines ------------------------------------------------------------------

    def _writer_copy(self) -> HistoryWriter:
        if self._writer is None:
            self._writer = self._source.engine.history.writer_copy()
        return self._writer

    def _lines(self, first: int, last: int) -> list[HistoryEntry]:
        """The lines of positions first..last, oldest first."""
        window = self._source.engine.history
        kept = window.entries()
        if kept and kept[0].position <= first and last <= kept[-1].position:
            return [e for e in kept if first <= e.position <= last]
        writer = self._writer_copy()
        events: list[Recorded] = list(self._source.game.read_log(first, last))
        return [entry_of(r, writer.line(r)) for r in events]

    def _entry_at(self, position: int) -> HistoryEntry | None:
        page_no = (position - 1) // PAGE
        page = self._pages.get(page_no)
        if page is None:
            first = page_no * PAGE + 1
            last = min(self._total, first + PAGE - 1)
            page = self._lines(first, last)
            self.pages_read += 1
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        offset = position - 1 - page_no * PAGE
        if 0 <= offset < len(page) and page[offset].position == position:
            return page[offset]
        for entry in page:
            if entry.position == position:
                return entry
        # A page read before later events arrived ends early: read it again.
        self._pages.pop(page_no, None)
        return None if position > self._total else self._entry_again(position)

    def _entry_again(self, position: int) -> HistoryEntry | None:
        lines = self._lines(position, position)
        return lines[0] if lines else None

    def entry(self, row: int) -> HistoryEntry | None:
        """The line shown at `row`."""
        if self._filtered is not None:
            return self._filtered[row] if 0 <= row < len(self._filtered) else None
        if not 0 <= row < self._total:
            return None
        return self._entry_at(self._total - row)

    # -- filters ------------------------------------------------------------------------

    def _filter_active(self) -> bool:
        return bool(self._categories or self._words or self._days != (None, None))

    def set_filter(
        self,
        categories: Sequence[str] = (),
        words: str = "",
        since: date | None = None,
        until: date | None = None,
    ) -> None:
        """Show only lines of these categories (habit, quest, ...) holding every word,
        of events that happened from `since` to `until` (local days, inclusive)."""
        new_categories = frozenset(c.lower() for c in categories)
        new_words = tuple(w.casefold() for w in words.split())
        new_days = (since, until)
        if (new_categories, new_words, new_days) == (self._categories, self._words, self._days):
            return  # re-filter only when the filter really changed
        self._categories, self._words, self._days = new_categories, new_words, new_days
        self.reload()

    def _matches(self, entry: HistoryEntry) -> bool:
        if self._categories and entry.category not in self._categories:
            return False
        since, until = self._days
        if since is not None or until is not None:
            day = datetime.fromisoformat(entry.occurred_at).date()
            if (since is not None and day < since) or (until is not None and day > until):
                return False
        text = entry.text.casefold()
        return all(word in text for word in self._words)

    def _start_scan(self) -> None:
        self._scan_generation += 1
        self._scan_next = self._total
        self.scanning.emit(True)
        generation = self._scan_generation
        QTimer.singleShot(0, lambda: self._scan_slice(generation))

    def _scan_slice(self, generation: int) -> None:
        if not shiboken6.isValid(self) or generation != self._scan_generation:
            return
        if self._filtered is None or self._scan_next < 1:
            self.scanning.emit(False)
            return
        last = self._scan_next
        first = max(1, last - SLICE + 1)
        lines = self._lines(first, last)
        found = [entry for entry in reversed(lines) if self._matches(entry)]
        self._scan_next = first - 1
        if found:
            start = len(self._filtered)
            self.beginInsertRows(QModelIndex(), start, start + len(found) - 1)
            self._filtered.extend(found)
            self.endInsertRows()
        QTimer.singleShot(0, lambda: self._scan_slice(generation))

    def wait_scanned(self) -> bool:
        """True once a filtered scan is complete (tests poll this)."""
        return self._filtered is None or self._scan_next < 1

    # -- the Qt model contract ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._filtered) if self._filtered is not None else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section]
        return None

    def _text(self, entry: HistoryEntry) -> str:
        """The line, and why it changed nothing when a merge made it void (as the CLI's
        `history` says it, application/history.py)."""
        reason = self._source.engine.state.conflicts.get(entry.event_id)
        return (
            entry.text if reason is None else f"{entry.text} (conflict: {reason}; changed nothing)"
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            KEY_ROLE,
            ROW_ROLE,
            POSITION_ROLE,
            EVENT_ID_ROLE,
            CATEGORY_ROLE,
        ):
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                shown = when_text(entry.recorded_at)
            elif column == 1:
                shown = self._text(entry)
            else:
                shown = entry.category
            return shown if role == Qt.ItemDataRole.DisplayRole else tooltip(shown)
        if role in (KEY_ROLE, POSITION_ROLE):
            return entry.position
        if role == EVENT_ID_ROLE:
            return entry.event_id
        if role == CATEGORY_ROLE:
            return entry.category
        return entry
