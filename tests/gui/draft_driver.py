"""Drives the real inspection form in a process of its own, for the power-cut test, and holds the
"hands" the form tests share (typing into spin boxes, pressing answer buttons, Arabic typing).

    python -m tests.gui.draft_driver type  --db DB --checkpoint ID   (TASLIM_HOME set)
    python -m tests.gui.draft_driver check --db DB --key inspection:ID

``type`` opens the real context and the real form offscreen, types an inspection into it, waits
until the autosaver has written exactly that, prints ``TYPED <draft key>`` and keeps running
(the test kills it with SIGKILL). ``check`` opens the database again, reopens the form from the
draft, and prints ``STATE <json>``: what the restored form's widgets hold.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import AppContext
from desktop.services.base import Session
from desktop.ui.changes import ChangeNotifier
from desktop.ui.inspection.form import InspectionForm
from desktop.ui.page_registry import FormOpener, PageContext

USERNAME = "officer"
PASSWORD = "officer-password"  # tests/gui/conftest.py makes the officer with it
OBSERVATIONS = "البوابة الشمالية بحاجة إلى إنارة، والحاجز الثالث متضرر.\nراجعنا السجل مع الآمر."
COUNTS = {"personnel_present": 27, "personnel_required": 30, "radios_issued": 6, "fuel_days": 3}
PRESSED: dict[str, Any] = {"officer_present": True, "barriers": "needs_repair", "readiness": 4}


def page_context_for(context: AppContext, session: Session) -> PageContext:
    made: list[PageContext] = []
    made.append(PageContext(context, session, ChangeNotifier(), FormOpener(lambda: made[0])))
    return made[0]


def write_image(path: Path, color: str, fmt: str = "PNG") -> Path:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    if not image.save(str(path), fmt):
        raise OSError(f"could not write {path}")
    return path


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as a keyboard (an Arabic layout too) sends them;
    QTest.keyClicks only knows Latin-1."""
    for character in text:
        key, sent = (Qt.Key.Key_Return, "\r") if character == "\n" else (Qt.Key.Key_unknown,
                                                                          character)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     sent))


class Hands:
    """Types and clicks into the form the way a person does, through the widgets' own events."""

    def __init__(self, form: InspectionForm) -> None:
        self.form = form

    def number(self, key: str, value: int) -> None:
        spin = self.form.cells[key].editor.spin  # type: ignore[attr-defined]
        spin.lineEdit().selectAll()
        QTest.keyClicks(spin, str(value))

    def press(self, key: str, value: object) -> None:
        button = self.form.cells[key].editor.button_for(value)  # type: ignore[attr-defined]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def write(self, key: str, text: str) -> None:
        type_text(self.form.cells[key].editor.edit, text)  # type: ignore[attr-defined]

    def fill(self, answers: dict[str, Any]) -> None:
        for key, value in answers.items():
            kind = self.form.template.field(key).type
            if kind in ("count", "number"):
                self.number(key, int(value))
            elif kind == "text":
                if value:
                    self.write(key, str(value))
            else:
                self.press(key, value)


def widget_values(form: InspectionForm) -> dict[str, Any]:
    """What the form's widgets show (not what the draft says): the proof a restore worked."""
    return {
        "checkpoint_id": form.header.checkpoint.checkpoint_id(),
        "local_time": form.header.local_time(),
        "answers": {key: cell.editor.value() for key, cell in form.cells.items()
                    if cell.editor.value() is not None},
        "photo_ids": form.photos.attachment_ids(),
        "mode": form.mode,
    }


def _open(database: Path) -> tuple[QApplication, AppContext, PageContext]:
    from desktop.app import open_context
    from desktop.paths import user_dirs
    from desktop.ui.language import apply_language
    from desktop.ui.look import apply_look

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_look(app)
    apply_language("ar")
    context = open_context(user_dirs(), database, create=False)
    session = context.auth.login(USERNAME, PASSWORD)
    return app, context, page_context_for(context, session)


def type_and_wait(database: Path, checkpoint_id: str) -> int:
    from desktop.ui.inspection import open_form

    app, context, page = _open(database)
    parent = QWidget()
    parent.show()
    form = open_form(page, parent, checkpoint_id=checkpoint_id)
    form.show()
    hands = Hands(form)
    hands.write("observations", OBSERVATIONS)
    for key, value in COUNTS.items():
        hands.number(key, value)
    for key, value in PRESSED.items():
        hands.press(key, value)
    expected = widget_values(form)
    key = form.autosaver.key
    told: list[bool] = []

    def check_written(_key: str = "") -> None:
        draft = context.drafts.load(page.session, key)
        if told or draft is None or draft.content.get("answers") != expected["answers"]:
            return
        told.append(True)
        print(f"TYPED {key}", flush=True)  # the test kills us from here on

    form.autosaver.saved.connect(check_written)
    QTimer.singleShot(0, check_written)  # in case it was written before we listened
    return app.exec()


def check(database: Path, key: str) -> int:
    from desktop.ui.inspection import open_form

    _app, context, page = _open(database)
    parent = QWidget()
    form = open_form(page, parent, draft_key=key)
    if form is None:
        print("STATE null", flush=True)
        return 1
    state = widget_values(form)
    state["observations"] = form.cells["observations"].editor.edit.toPlainText()
    print("STATE " + json.dumps(state, ensure_ascii=False), flush=True)
    form.autosaver.stop()
    form._closed = True
    context.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="draft_driver")
    parser.add_argument("mode", choices=("type", "check"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--checkpoint")
    parser.add_argument("--key")
    args = parser.parse_args(argv)
    if args.mode == "type":
        return type_and_wait(args.db, args.checkpoint)
    return check(args.db, args.key)


if __name__ == "__main__":
    sys.exit(main())
