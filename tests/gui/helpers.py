"""Helpers of the window tests: start the real app, click parts of delegates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.ui.app import App, start
from rpgmylife_desktop.ui.first_run import FirstRunChoice, FirstRunDialog
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from rpgmylife_desktop.ui.opening import Prompts


def settings_in(folder: Path) -> QSettings:
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def named(name: str, demo: bool = False, history: str | None = None):
    """A first-run answer: type `name`, pick empty, demo or "Bring my history" from
    `history` (loop, habitica, csv), press Begin."""

    def answer(dialog: FirstRunDialog) -> FirstRunChoice | None:
        dialog.name_edit.setText(name)
        if history is not None:
            dialog.history_radio.setChecked(True)
            dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(history))
        else:
            (dialog.demo_radio if demo else dialog.empty_radio).setChecked(True)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.choice() if dialog.result() else None

    return answer


def launch(
    qtbot: QtBot,
    paths: DataPaths,
    now: datetime,
    folder: Path,
    prompts: Prompts | None = None,
) -> App:
    built = start(
        paths, FixedClock(now), settings_in(folder), prompts or Prompts(first_run=named("Ada"))
    )
    assert built is not None
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


def row_of(view: QAbstractItemView, key: str) -> QModelIndex:
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(KEY_ROLE) == key:
            return index
    raise AssertionError(f"{key} is not shown")


def click_part(qtbot: QtBot, view: QAbstractItemView, key: str, part: str) -> None:
    """Click a part (plus, minus, cell0..cell6) of a habit row painted by its delegate."""
    index = row_of(view, key)
    view.scrollTo(index)
    rect = view.visualRect(index)
    parts = view.itemDelegate().layout(rect, index)  # type: ignore[attr-defined]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=parts[part].center())


def click_check(qtbot: QtBot, view: QAbstractItemView, key: str) -> None:
    """Click the checkbox Qt's style draws in a row."""
    index = row_of(view, key)
    rect = view.visualRect(index)
    delegate = view.itemDelegate()
    layout = getattr(delegate, "layout", None)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = layout(rect, index)["text"] if layout else rect
    delegate.initStyleOption(option, index)
    check = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
    )
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check.center())


def center(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    return view.visualRect(index).center()


@contextmanager
def xvfb_display(size: str = "1280x860x24") -> Iterator[str]:
    """A fresh Xvfb display (":N", the number Xvfb picked) with nothing else on it; the
    test is skipped when Xvfb is missing or cannot start (`bash .ci/run` installs it)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (bash .ci/run installs it)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        pytest.skip("Xvfb could not start a display here")
    try:
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(10)


def run_child_on(display: str, module: str, tmp_path: Path) -> dict[str, Any]:
    """Run `python -m module tmp_path` as the real app would run on `display` (the xcb
    platform, its own settings) and return the JSON its last line prints."""
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", TZ="UTC")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env.pop("WAYLAND_DISPLAY", None)
    ran = subprocess.run(
        [sys.executable, "-m", module, str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    result: dict[str, Any] = json.loads(ran.stdout.strip().splitlines()[-1])
    return result


def plain(tip: str) -> str:
    """What a tooltip shows: its text read the way Qt reads it (as HTML when it looks like
    markup), so a test sees what the user sees."""
    from PySide6.QtGui import Qt, QTextDocument

    if not Qt.mightBeRichText(tip):
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()
