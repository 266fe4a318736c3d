"""The signature pad: strokes in the 1000 x 400 box whatever the size, from mouse, pen and touch;
clear, undo and redo; the same PNG the service stores; scribbles refused; never mirrored."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.domain.signature import (
    PAD_HEIGHT,
    PAD_WIDTH,
    check_strokes,
    render_png,
    synthetic_signature,
)
from desktop.i18n import _
from desktop.ui.language import apply_language
from desktop.ui.widgets.signature_pad import SignatureCanvas, SignaturePad


def make_pad(qtbot, width: int, height: int) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(width, height)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def widget_point(canvas: SignatureCanvas, x: int, y: int) -> QPoint:
    """Where the pad point (x, y) lies on the canvas as it is sized now."""
    return canvas.to_widget((x, y)).toPoint()


def draw(qtbot, canvas: SignatureCanvas, points: list[tuple[int, int]]) -> None:
    """Press, move and release the mouse along pad points, as a hand would."""
    first, *rest = [widget_point(canvas, x, y) for x, y in points]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    for point in rest:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       rest[-1] if rest else first)


LINE = [(100, 100), (300, 150), (500, 200), (700, 250), (900, 300)]


def test_strokes_land_in_the_same_pad_units_whatever_the_widget_size(qtbot) -> None:
    results = []
    for width, height in ((520, 260), (1100, 520)):
        pad = make_pad(qtbot, width, height)
        canvas = pad.canvas
        rect = canvas.pad_rect()
        assert abs(rect.width() / rect.height() - PAD_WIDTH / PAD_HEIGHT) < 0.01
        draw(qtbot, canvas, LINE)
        (stroke,) = pad.strokes()
        results.append(stroke)
        # Every point is within a few units of where it was drawn (pixel rounding only).
        assert len(stroke) == len(LINE)
        for (x, y), (sx, sy) in zip(LINE, stroke, strict=True):
            assert abs(x - sx) <= 3 and abs(y - sy) <= 3
    small, large = results
    assert small[0] != [0, 0] and small[-1][0] > small[0][0]
    assert all(abs(a - b) <= 4 for p, q in zip(small, large, strict=True)
               for a, b in zip(p, q, strict=True))


def test_the_pad_keeps_its_shape_and_a_usable_height(qtbot) -> None:
    pad = make_pad(qtbot, 300, 100)
    assert pad.canvas.height() >= 160
    assert pad.canvas.heightForWidth(1000) == 400


def test_points_outside_the_box_are_clamped_to_it(qtbot) -> None:
    pad = make_pad(qtbot, 700, 400)
    canvas = pad.canvas
    rect = canvas.pad_rect().toRect()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(rect.left() + 10, rect.top() + 10))
    QTest.mouseMove(canvas, QPoint(canvas.width() + 50, canvas.height() + 50))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(canvas.width() + 50, canvas.height() + 50))
    (stroke,) = pad.strokes()
    assert stroke[-1] == [PAD_WIDTH, PAD_HEIGHT]
    assert all(0 <= x <= PAD_WIDTH and 0 <= y <= PAD_HEIGHT for x, y in stroke)


def test_clear_undo_and_redo(qtbot) -> None:
    pad = make_pad(qtbot, 600, 300)
    canvas = pad.canvas
    changes: list[bool] = []
    pad.changed.connect(lambda: changes.append(True))
    assert not pad.undo_button.isEnabled() and not pad.clear_button.isEnabled()
    draw(qtbot, canvas, LINE)
    draw(qtbot, canvas, [(100, 350), (900, 350)])
    assert len(pad.strokes()) == 2
    assert len(changes) == 2
    first_two = pad.strokes()

    qtbot.mouseClick(pad.undo_button, Qt.MouseButton.LeftButton)
    assert len(pad.strokes()) == 1
    assert pad.redo_button.isEnabled()
    qtbot.mouseClick(pad.redo_button, Qt.MouseButton.LeftButton)
    assert pad.strokes() == first_two

    qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.strokes() == [] and pad.is_empty()
    # A mis-tap on Clear is not the end of a signature: it can be undone.
    qtbot.mouseClick(pad.undo_button, Qt.MouseButton.LeftButton)
    assert pad.strokes() == first_two

    # Drawing after an undo drops what could have been redone.
    pad.undo()
    draw(qtbot, canvas, [(200, 50), (800, 60)])
    assert not pad.redo_button.isEnabled()
    assert len(pad.strokes()) == 2 and pad.strokes()[1] != first_two[1]

    # The keyboard does the same (Ctrl+Z, Ctrl+Shift+Z, Delete) on the focused pad.
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(pad.strokes()) == 1
    QTest.keyClick(canvas, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(pad.strokes()) == 2
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert pad.is_empty()


def test_a_tablet_pen_draws_a_stroke(qtbot) -> None:
    pad = make_pad(qtbot, 600, 300)
    canvas = pad.canvas
    pen = QPointingDevice("test pen", 4242, QInputDevice.DeviceType.Stylus,
                          QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
                          1, 3)

    def send(kind: QEvent.Type, x: int, y: int) -> bool:
        where = QPointF(canvas.to_widget((x, y)))
        event = QTabletEvent(kind, pen, where, QPointF(canvas.mapToGlobal(where)), 0.6,
                             0, 0, 0, 0, 0, Qt.KeyboardModifier.NoModifier,
                             Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(canvas, event)
        return event.isAccepted()

    assert send(QEvent.Type.TabletPress, 100, 200)
    assert send(QEvent.Type.TabletMove, 400, 120)
    assert send(QEvent.Type.TabletRelease, 800, 260)
    (stroke,) = pad.strokes()
    assert len(stroke) == 3
    assert all(abs(a - b) <= 3 for p, q in zip(stroke, [(100, 200), (400, 120), (800, 260)],
                                               strict=True) for a, b in zip(p, q, strict=True))


def test_a_finger_draws_a_stroke(qtbot) -> None:
    pad = make_pad(qtbot, 600, 300)
    canvas = pad.canvas
    assert canvas.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    screen = QTest.createTouchDevice()
    QTest.touchEvent(canvas, screen).press(0, widget_point(canvas, 150, 300), canvas).commit()
    QTest.touchEvent(canvas, screen).move(0, widget_point(canvas, 450, 100), canvas).commit()
    QTest.touchEvent(canvas, screen).release(0, widget_point(canvas, 850, 280), canvas).commit()
    (stroke,) = pad.strokes()
    assert len(stroke) == 3
    assert abs(stroke[0][0] - 150) <= 3 and abs(stroke[-1][0] - 850) <= 3


def test_the_image_is_what_the_service_would_store(qtbot) -> None:
    pad = make_pad(qtbot, 600, 300)
    signature = synthetic_signature(3)
    pad.set_strokes(signature)
    assert pad.strokes() == [[list(p) for p in stroke] for stroke in signature]
    assert pad.image() == render_png(check_strokes(pad.strokes()))
    assert pad.image().startswith(b"\x89PNG")
    assert not pad.pixmap().isNull()
    assert pad.check() is None


def test_an_empty_pad_or_a_dash_is_refused_with_a_sentence(qtbot) -> None:
    pad = make_pad(qtbot, 600, 300)
    refusal = _("The signature is empty or too small. Ask the person to sign across the pad.")
    assert pad.check() == refusal
    draw(qtbot, pad.canvas, [(400, 200), (420, 205)])  # a dash
    assert pad.check() == refusal
    QTest.mouseClick(pad.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget_point(pad.canvas, 500, 200))  # a dot
    assert pad.check() == refusal


def test_read_only_pad_ignores_the_pen(qtbot) -> None:
    pad = make_pad(qtbot, 600, 300)
    pad.set_strokes(synthetic_signature(1))
    pad.set_read_only(True)
    draw(qtbot, pad.canvas, LINE)
    assert len(pad.strokes()) == 2
    assert not pad.clear_button.isEnabled()
    pad.clear()
    assert len(pad.strokes()) == 2


def test_right_to_left_does_not_mirror_a_signature(qtbot) -> None:
    apply_language("ar")
    try:
        pad = make_pad(qtbot, 600, 300)
        assert pad.isRightToLeft()
        assert pad.canvas.hint == "وقّع هنا"
        # Undo (the first tool) sits on the right in Arabic, as the layout mirrors...
        assert pad.undo_button.x() > pad.clear_button.x()
        # ...but a stroke drawn from left to right stays left to right in the pad's units.
        draw(qtbot, pad.canvas, LINE)
        (stroke,) = pad.strokes()
        assert stroke[0][0] < 150 and stroke[-1][0] > 850
        assert [x for x, _y in stroke] == sorted(x for x, _y in stroke)
        # And stored strokes are drawn where they belong: the left end on the left.
        assert pad.canvas.to_widget((0, 0)).x() < pad.canvas.to_widget((PAD_WIDTH, 0)).x()
    finally:
        apply_language("en")
