"""The habit row of Today (`HabitDelegate`): name, streak and amount lines, the +/-
buttons (or a daily's checkbox), an amount editor for numeric habits, the strength ring
and the last seven days as cells. It paints over the standard item and sends clicks
back through `model.setData`, as every delegate does (`delegates.py`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDoubleSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from rpgmylife_desktop.domain.numbers import amount_of_text, amount_text, unit_for
from rpgmylife_desktop.projections.today import TodayRow
from rpgmylife_desktop.ui.delegates import GAP, NAME_ROOM, Index, outline_check, style_of
from rpgmylife_desktop.ui.models.base import ROW_ROLE
from rpgmylife_desktop.ui.models.today import DAY_ROLE, PRESS_ROLE, SCHEDULED_ROLE, WEEK_ROLE
from rpgmylife_desktop.ui.widgets.amount_spin import AmountSpinBox

CELL = 22
BUTTON = 30
ROW_HEIGHT = 46
ROW_LINES = 3
"""The text lines `ROW_HEIGHT` holds; a list with a row of more is a line taller a line."""
RING = 24
"""The diameter of a habit's strength ring (Loop's score ring on its main screen)."""
RING_COLOUR = "#2f8fdd"
TEXT_MARGIN = 3
"""Space either side of a habit row's text lines, inside the style's text rect."""

DONE_COLOUR = "#3fa34d"
CELL_COLOURS = {
    "done": DONE_COLOUR,
    "pending": None,  # within bounds so far: outlined in the done colour, not filled
    "missed": "#d13438",
    "excused": "#8a8886",
    "not_due": None,
    "open": None,
    "before": None,
}
WEEKDAY = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?=\d)")
"""A day's weekday as `day_text` writes it ("Sun 8 Nov"): a pause's short form drops it."""
RANGE = re.compile(r"from (\d+)( \w+)? to (\d+ \w+)$")
"""A pause to come in its short form ("paused from 5 Nov to 7 Nov"): the shortest form
writes it as a range ("paused 5–7 Nov")."""


def shorter_forms(text: str) -> list[str]:
    """`text` and its shorter forms, longest first: "paused from Thu 5 Nov to Sat 7 Nov",
    "paused from 5 Nov to 7 Nov", "paused 5–7 Nov" ("paused 30 Oct–2 Nov")."""
    forms = [text]
    short = WEEKDAY.sub("", text)
    if short != text:
        forms.append(short)
    match = RANGE.search(short)
    if match is not None:
        first, month, last = match.groups()
        same = month is not None and last.endswith(month)
        start = first if same or month is None else f"{first}{month}"
        forms.append(f"{short[: match.start()]}{start}–{last}")
    return forms


CELL_MARKS = {"done": "✓", "pending": "~"}
"""A done day is ticked; a pending one (kept by restraint so far: within an "at most"
limit, no slip of a bad habit, and the day not closed yet) shows "~", as the CLI's
`[~]`: not done yet, not missed either (the day's end decides)."""


def detail_lines(row: TodayRow) -> list[str]:
    """The lines of a habit row under its name and amount: its streak (and a skip), then
    its first day when it has not started ("starts Mon 9 Nov"), else a pause over today
    or to come ("paused to Sun 8 Nov", as History and the CLI write a pause), on a line
    of its own, a numeric habit's too (after the streak it was cut to "streak 0 · pa…")."""
    details = [f"streak {row.streak}"]
    if row.excused and not row.paused:
        details.append("skipped today")
    lines = ["  ·  ".join(details)]
    note = row.starts or row.pause
    if note:
        lines.append(note)
    return lines


def name_lines(name: str, font: QFont, rect: QRect) -> list[str]:
    """A habit's name as painted in `rect`: wrapped at words over the lines the rect has
    room for, the last one elided with "…" when the rest does not fit (a 60-character
    name was wrapped into more lines than its rect and painted over the streak below,
    its start cut off above the row). The full name is the row's tooltip."""
    metrics = QFontMetrics(font)
    width = max(1, rect.width())
    room = max(1, rect.height() // metrics.height())
    if room == 1:
        return [metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)]
    layout = QTextLayout(name, font)
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(wrap)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [name[start : start + length].rstrip() for start, length in spans[: room - 1]]
    if len(spans) <= room:
        return [name[start : start + length].rstrip() for start, length in spans] or [""]
    rest = name[spans[room - 1][0] :]
    return [*lines, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


def line_count(row: TodayRow | None) -> int:
    """How many text lines a habit row paints: its name, a numeric habit's amount, the
    streak and a pause or first day (`detail_lines`)."""
    if row is None:
        return 1
    return 1 + (row.target is not None) + len(detail_lines(row))


def _amount_texts(row: TodayRow) -> tuple[str, str]:
    """A numeric habit's amount line, long and short: "0 / 8 glasses", "0/8 glasses"
    (the unit agreeing with the target: "1 spoon")."""
    amount, target = amount_text(row.amount), amount_text(row.target or 0)
    unit = unit_for(row.target or 0, row.unit)
    long = amount_of_text(row.amount, row.target or 0, row.unit, at_most=row.limit)
    return long, f"{amount}/{'≤' if row.limit else ''}{target} {unit}".rstrip()


def paint_ring(painter: QPainter, rect: QRect, strength: float, palette: QPalette) -> None:
    """A habit's strength (0..1) as a ring filled clockwise from the top, over a faint
    full track, the way Loop Habit Tracker shows its score."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = rect.adjusted(2, 2, -2, -2)
    track = palette.color(QPalette.ColorRole.Mid)
    track.setAlpha(90)
    pen = QPen(track, 4)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(box)
    span = round(max(0.0, min(1.0, strength)) * 360 * 16)
    if span:
        pen = QPen(QColor(RING_COLOUR), 4)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawArc(box, 90 * 16, -span)  # from twelve o'clock, clockwise
    font = painter.font()
    font.setPixelSize(8)
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{round(strength * 100)}")
    painter.restore()


class HabitDelegate(QStyledItemDelegate):
    """A habit on Today: name and streak/strength, +/- (or the checkbox of a daily),
    an amount editor for numeric habits, and the last seven days as cells."""

    def layout(
        self, rect: QRect, index: Index, option: QStyleOptionViewItem | None = None
    ) -> dict[str, QRect]:
        """Where each part of the row sits; with the view's `option`, each text line too
        (`text_lines`)."""
        row: TodayRow | None = index.data(ROW_ROLE)
        buttons: list[str] = []
        if row is not None:
            scheduled = bool(index.data(SCHEDULED_ROLE))
            numeric = row.target is not None
            if row.kind in ("positive", "both") and (numeric or not scheduled):
                buttons.append("plus")
            if (row.kind in ("negative", "both") and not numeric and not scheduled) or (
                row.kind == "negative"
            ):
                buttons.append("minus")
        controls = GAP * 3 + (RING + GAP * 2 if row is not None else 0)
        controls += len(buttons) * (BUTTON + GAP)
        # The name keeps NAME_ROOM: in a narrow column the oldest day cells give way
        # first (at 800 px wide the cells pushed the names, the buttons and the
        # ring out of the row).
        need = max(NAME_ROOM, self._text_room(index, option))
        # In the narrowest column (Dailies at 800 x 600) the ring gives way after the
        # cells, so "paused to 8 Nov" is not cut to "paused to…" (the habit's detail
        # still shows its strength).
        ring = row is not None and rect.width() - controls >= need
        if row is not None and not ring:
            controls -= RING + GAP * 2
        room = rect.width() - controls - need
        shown = max(0, min(7, room // (CELL + GAP)))
        parts: dict[str, QRect] = {}
        right = rect.right() - GAP
        top = rect.top() + (rect.height() - CELL) // 2
        for i in range(6, 6 - shown, -1):
            parts[f"cell{i}"] = QRect(right - CELL + 1, top, CELL, CELL)
            right -= CELL + GAP
        right -= GAP * 2
        btop = rect.top() + (rect.height() - 26) // 2
        if ring:
            rtop = rect.top() + (rect.height() - RING) // 2
            parts["ring"] = QRect(right - RING + 1, rtop, RING, RING)
            right -= RING + GAP * 2
        if row is not None:
            for name in buttons:
                parts[name] = QRect(right - BUTTON + 1, btop, BUTTON, 26)
                right -= BUTTON + GAP
        parts["text"] = QRect(rect.left(), rect.top(), max(0, right - rect.left()), rect.height())
        if option is not None and row is not None:
            parts.update(self.text_lines(option, parts["text"], index))
        return parts

    def _text_room(self, index: Index, option: QStyleOptionViewItem | None) -> int:
        """The width the row's text part needs for its amount, streak and pause lines in
        their short forms ("0/8 glasses", "paused to 8 Nov"), the checkbox and margins
        counted: at the window's first size "paused to 8 Nov" was cut to "paused to 8 N…"
        while seven day cells took the room (the oldest cells give way first)."""
        row: TodayRow | None = index.data(ROW_ROLE)
        if row is None:
            return 0
        if option is None:  # a caller without the view's option: the application's font
            option = QStyleOptionViewItem()
            option.font = QApplication.font()
        metrics = QFontMetrics(option.font)
        lines = [shorter_forms(line)[-1] for line in detail_lines(row)]
        widths = [metrics.horizontalAdvance(line) for line in lines]
        if row.target is not None:
            widths.append(metrics.horizontalAdvance(_amount_texts(row)[1]))
        probe = QRect(0, 0, 1000, ROW_HEIGHT)
        area = self._text_area(option, probe, index)
        return max(widths) + probe.width() - area.width() + 2  # elision rounds up

    def _text_area(self, option: QStyleOptionViewItem, text_rect: QRect, index: Index) -> QRect:
        styled = QStyleOptionViewItem(option)
        styled.rect = text_rect
        self.initStyleOption(styled, index)
        area = style_of(option).subElementRect(
            QStyle.SubElement.SE_ItemViewItemText, styled, option.widget
        )
        return area.adjusted(TEXT_MARGIN, 0, -TEXT_MARGIN, 0)

    def text_lines(
        self, option: QStyleOptionViewItem, text_rect: QRect, index: Index
    ) -> dict[str, QRect]:
        """The name, the amount (a numeric habit) and the streak line, one above the
        other in the text part (after the checkbox of a daily): the amount and the
        streak a line each, the name the lines left (a long name wraps when there is
        room, a numeric habit's name keeps one line)."""
        area = self._text_area(option, text_rect, index)
        row: TodayRow | None = index.data(ROW_ROLE)
        metrics = QFontMetrics(option.font)
        height = metrics.height()
        below = ["streak"]
        if row is not None and row.target is not None:
            below = ["amount", "streak"]
        if row is not None and (row.starts or row.pause):
            below.append("pause")
        name = row.name if row is not None else ""
        room = max(1, area.height() // height - len(below))
        wrapped = metrics.boundingRect(
            QRect(0, 0, max(1, area.width()), height * 20), Qt.TextFlag.TextWordWrap, name
        ).height()
        name_lines = max(1, min(room, -(-wrapped // height)))
        top = area.top() + max(0, (area.height() - (name_lines + len(below)) * height) // 2)
        lines = {"name": QRect(area.left(), top, area.width(), name_lines * height)}
        top += name_lines * height
        for part in below:
            lines[part] = QRect(area.left(), top, area.width(), height)
            top += height
        return lines

    def line_texts(self, index: Index, metrics: QFontMetrics, width: int) -> dict[str, str]:
        """The words of each text line as painted in `width`: the amount in its short
        form when the long one does not fit ("0/8 glasses"), elided only then."""
        row: TodayRow | None = index.data(ROW_ROLE)
        if row is None:
            return {}
        texts: dict[str, str] = {}

        # Whether a text fits is what the elision says: horizontalAdvance said "0 / 8
        # glasses" fit in 75 px, and elidedText then cut it to "0 / 8 glass…".
        def fits(text: str) -> bool:
            return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width) == text

        if row.target is not None:
            long, short = _amount_texts(row)
            texts["amount"] = metrics.elidedText(
                long if fits(long) else short, Qt.TextElideMode.ElideRight, width
            )
        for part, text in zip(("streak", "pause"), detail_lines(row), strict=False):
            # The first form that fits: "paused to 8 Nov", "paused 5–7 Nov" (a pause to
            # come was cut to "paused from 5 N…" at 800 x 600).
            forms = shorter_forms(text)
            text = next((form for form in forms if fits(form)), forms[-1])
            texts[part] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return texts

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        # The lists lay rows out at one height (uniform item sizes: the first row's
        # hint), so the height fits the row of most lines in the list: a numeric habit
        # with a pause has four (name, amount, streak, pause).
        model = index.model()
        lines = max(
            (line_count(model.index(r, 0).data(ROW_ROLE)) for r in range(model.rowCount())),
            default=1,
        )
        extra = max(0, lines - ROW_LINES) * QFontMetrics(option.font).height()
        height = max(hint.height(), ROW_HEIGHT + extra)
        # As wide as a name, a button and the ring: the list stretches a row to its
        # width, and a wider hint made a narrow column cut the row's right end off.
        return QSize(NAME_ROOM + GAP * 5 + RING + BUTTON, height)

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        row: TodayRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        lines = [row.name]
        if row.target is not None:
            lines.append(amount_of_text(row.amount, row.target, row.unit, at_most=row.limit))
        lines.extend(detail_lines(row))  # the strength is the ring beside it
        # U+2028 is the line separator item views break lines at. The amount has a line
        # of its own: joined to the streak by " · ", a narrow column wrapped it after the
        # dot ("0 / 8 glasses ·" above "streak 5").
        option.text = "\u2028".join(lines)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        parts = self.layout(option.rect, index, option)
        text_option = QStyleOptionViewItem(option)
        text_option.rect = parts["text"]
        styled = QStyleOptionViewItem(text_option)
        self.initStyleOption(styled, index)
        style = style_of(option)
        if "name" in parts:
            # Each line in its own rect (a narrow column wrapped the amount over the
            # streak line, "glasses…" cut it off): the style draws the rest.
            bare = QStyleOptionViewItem(styled)
            bare.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, bare, painter, option.widget)
            self._paint_lines(painter, styled, parts, index)
        else:
            super().paint(painter, text_option, index)
        outline_check(painter, styled, index)
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEditable)
        for name, label in (("minus", "−"), ("plus", "+")):
            if name in parts:
                button = QStyleOptionButton()
                button.rect = parts[name]
                button.text = label
                button.state = QStyle.StateFlag.State_Raised | (
                    QStyle.StateFlag.State_Enabled if enabled else QStyle.StateFlag.State_None
                )
                style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter)
        palette: QPalette = option.palette
        row: TodayRow | None = index.data(ROW_ROLE)
        if row is not None and "ring" in parts:
            paint_ring(painter, parts["ring"], row.strength, palette)
        week: list[tuple[date, str]] = index.data(WEEK_ROLE) or []
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i, (day, state) in enumerate(week):
            cell = parts.get(f"cell{i}")
            if cell is None:
                continue  # a narrow row shows only the newest days
            colour = CELL_COLOURS.get(state)
            border = palette.color(QPalette.ColorRole.Mid)
            if state == "open":
                border = palette.color(QPalette.ColorRole.Highlight)
            elif state == "pending":
                border = QColor(DONE_COLOUR)
            painter.setPen(border)
            painter.setBrush(QColor(colour) if colour else palette.color(QPalette.ColorRole.Base))
            painter.drawRoundedRect(cell, 5, 5)
            painter.setPen(
                QColor("white")
                if colour
                else QColor(DONE_COLOUR)
                if state == "pending"
                else palette.color(QPalette.ColorRole.PlaceholderText)
            )
            mark = CELL_MARKS.get(state) or f"{day:%a}"[0]
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, mark)
        painter.restore()

    def _paint_lines(
        self, painter: QPainter, styled: QStyleOptionViewItem, parts: dict[str, QRect], index: Index
    ) -> None:
        selected = bool(styled.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if styled.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        metrics = QFontMetrics(styled.font)
        name_rect = parts["name"]
        texts = self.line_texts(index, metrics, name_rect.width())
        row: TodayRow | None = index.data(ROW_ROLE)
        name = row.name if row is not None else ""
        painter.save()
        painter.setFont(styled.font)
        painter.setPen(styled.palette.color(group, role))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        line = QRect(name_rect.left(), name_rect.top(), name_rect.width(), metrics.height())
        for text in name_lines(name, styled.font, name_rect):
            painter.drawText(line, align, text)
            line.translate(0, metrics.height())
        for part in ("amount", "streak", "pause"):
            if part in parts and part in texts:
                painter.drawText(parts[part], align, texts[part])
        painter.restore()

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        parts = self.layout(option.rect, index, option)  # the layout paint used
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            point = event.position().toPoint()
            if "minus" in parts and parts["minus"].contains(point):
                return bool(model.setData(index, "down", PRESS_ROLE))
            if "plus" in parts and parts["plus"].contains(point):
                row: TodayRow | None = index.data(ROW_ROLE)
                view = option.widget
                if row is not None and row.target is not None:
                    if isinstance(view, QAbstractItemView):
                        view.edit(index)
                    return True
                return bool(model.setData(index, "up", PRESS_ROLE))
            week: list[tuple[date, str]] = index.data(WEEK_ROLE) or []
            for i, (day, state) in enumerate(week):
                cell = parts.get(f"cell{i}")
                if cell is not None and cell.contains(point):
                    # A day before the habit's start is handed on too: the controller
                    # says why nothing can be logged there.
                    # A pending day is kept so far: a click takes its newest log back,
                    # as on a done day.
                    logging = state not in ("done", "pending")
                    return bool(model.setData(index, (day, logging), DAY_ROLE))
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            pressed = event.position().toPoint() if isinstance(event, QMouseEvent) else None
            if pressed is not None and not parts["text"].contains(pressed):
                return True  # a click on a button or cell: no selection change, no editing
        text_option = QStyleOptionViewItem(option)
        text_option.rect = parts["text"]
        return bool(super().editorEvent(event, model, text_option, index))

    # -- the amount editor of numeric habits ----------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = AmountSpinBox(parent)
        editor.setObjectName("amountEditor")
        editor.setAccessibleName("Amount")
        editor.setRange(0.01, 1_000_000)
        row: TodayRow | None = index.data(ROW_ROLE)
        if row is not None and row.target is not None:
            editor.setValue(max(0.01, row.target - row.amount) if row.amount < row.target else 1)
            editor.setSuffix(f" {row.unit}" if row.unit else "")
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        parts = self.layout(option.rect, index, option)
        plus = parts.get("plus", option.rect)
        editor.setGeometry(QRect(plus.right() - 130, plus.top(), 130, plus.height()))

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        pass  # the editor starts at what is left to reach the target

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), PRESS_ROLE)
