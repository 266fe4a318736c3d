"""A pad for handwritten signatures: mouse, tablet pen and touch; strokes kept as vectors.

Whatever the pad's size on screen, strokes are recorded in the domain's 1000 x 400 box
(``desktop.domain.signature``), so the same signature drawn on a small laptop and on a big
screen gives comparable points, and the PNG the service stores is rendered from those points by
the same code that renders the preview here.

A signature is drawn as it is written: the pad is never mirrored, not even when the interface
is right to left (Qt mirrors layouts, not a widget's own coordinates; we keep it that way).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ValidationError
from desktop.domain.signature import PAD_HEIGHT, PAD_WIDTH, check_strokes, render_png
from desktop.i18n import _

Point = tuple[int, int]
Strokes = list[list[Point]]

ASPECT = PAD_WIDTH / PAD_HEIGHT  # 2.5 : 1
MIN_HEIGHT = 160
BASELINE = 0.72  # of the pad's height: where people put their name
MIN_STEP = 2  # pad units between recorded points: enough detail, far below MAX_POINTS
INK = QColor("#10243a")


class SignatureCanvas(QWidget):
    """The drawing surface. Input from mouse, tablet and touch all ends in the same three calls."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(int(MIN_HEIGHT * ASPECT), MIN_HEIGHT)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: Strokes = []
        self._current: list[Point] | None = None
        self._undo: list[Strokes] = []
        self._redo: list[Strokes] = []
        self._read_only = False
        self.hint = _("Sign here")

    # --- geometry: widget pixels <-> pad units -------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(500, 200)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(MIN_HEIGHT, round(width / ASPECT))

    def pad_rect(self) -> QRectF:
        """The largest 2.5:1 box centred in the widget: the pad units map onto it."""
        width, height = float(self.width()), float(self.height())
        if width / ASPECT <= height:
            box_w, box_h = width, width / ASPECT
        else:
            box_w, box_h = height * ASPECT, height
        return QRectF((width - box_w) / 2, (height - box_h) / 2, box_w, box_h)

    def to_pad(self, position: QPointF) -> Point:
        rect = self.pad_rect()
        x = (position.x() - rect.left()) / rect.width() * PAD_WIDTH
        y = (position.y() - rect.top()) / rect.height() * PAD_HEIGHT
        return (min(PAD_WIDTH, max(0, round(x))), min(PAD_HEIGHT, max(0, round(y))))

    def to_widget(self, point: Point) -> QPointF:
        rect = self.pad_rect()
        return QPointF(
            rect.left() + point[0] / PAD_WIDTH * rect.width(),
            rect.top() + point[1] / PAD_HEIGHT * rect.height(),
        )

    # --- the strokes ---------------------------------------------------------------------------

    def strokes(self) -> list[list[list[int]]]:
        return [[[x, y] for x, y in stroke] for stroke in self._strokes]

    def set_strokes(self, strokes: object) -> None:
        """Show strokes already kept (e.g. a stored signature); history starts afresh."""
        loaded: Strokes = []
        for stroke in strokes or []:  # type: ignore[attr-defined]
            points = [(int(p[0]), int(p[1])) for p in stroke]
            if points:
                loaded.append(points)
        self._strokes = loaded
        self._current = None
        self._undo.clear()
        self._redo.clear()
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not self._strokes

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._current = None
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)
        self.update()

    def is_read_only(self) -> bool:
        return self._read_only

    def _remember(self) -> None:
        self._undo.append([list(stroke) for stroke in self._strokes])
        self._redo.clear()

    @Slot()
    def clear(self) -> None:
        if not self._strokes or self._read_only:
            return
        self._remember()  # clearing can be undone: a mis-tap on Clear must not lose a signature
        self._strokes = []
        self.update()
        self.changed.emit()

    @Slot()
    def undo(self) -> None:
        if not self._undo or self._read_only:
            return
        self._redo.append(self._strokes)
        self._strokes = self._undo.pop()
        self.update()
        self.changed.emit()

    @Slot()
    def redo(self) -> None:
        if not self._redo or self._read_only:
            return
        self._undo.append(self._strokes)
        self._strokes = self._redo.pop()
        self.update()
        self.changed.emit()

    # --- one stroke, whatever the device -------------------------------------------------------

    def begin_stroke(self, position: QPointF) -> None:
        if self._read_only:
            return
        self._current = [self.to_pad(position)]
        self.update()

    def extend_stroke(self, position: QPointF) -> None:
        if self._current is None:
            return
        point = self.to_pad(position)
        last = self._current[-1]
        if max(abs(point[0] - last[0]), abs(point[1] - last[1])) >= MIN_STEP:
            self._current.append(point)
            self.update()

    def end_stroke(self, position: QPointF | None = None) -> None:
        if self._current is None:
            return
        if position is not None:
            point = self.to_pad(position)
            if point != self._current[-1]:
                self._current.append(point)
        stroke, self._current = self._current, None
        self._remember()
        self._strokes = [*self._strokes, stroke]
        self.update()
        self.changed.emit()

    # --- devices -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.end_stroke(event.position())
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepting stops Qt from also synthesising mouse events for the same pen movement.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin_stroke(event.position())
        elif kind == QEvent.Type.TabletMove:
            self.extend_stroke(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self.end_stroke(event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        # One finger signs; a second finger resting on the screen is ignored.
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._current = None
            self.update()
        elif points:
            position = points[0].position()
            if kind == QEvent.Type.TouchBegin:
                self.begin_stroke(position)
            elif kind == QEvent.Type.TouchUpdate:
                self.extend_stroke(position)
            else:
                self.end_stroke(position)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        else:
            super().keyPressEvent(event)

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.pad_rect()
        painter.fillRect(rect, QColor("#fafafa") if self._read_only else QColor("white"))
        frame = QColor("#1d4f7a") if self.hasFocus() else QColor("#b8c4d1")
        painter.setPen(QPen(frame, 2 if self.hasFocus() else 1))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        baseline_y = rect.top() + rect.height() * BASELINE
        margin = rect.width() * 0.06
        painter.setPen(QPen(QColor("#9aa8b6"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left() + margin, baseline_y),
                         QPointF(rect.right() - margin, baseline_y))
        if not self._strokes and self._current is None and not self._read_only:
            painter.setPen(QColor("#b0bac5"))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(font)
            hint_rect = QRectF(rect.left() + margin, baseline_y - rect.height() * 0.3,
                               rect.width() - 2 * margin, rect.height() * 0.28)
            # The hint is interface text: it sits on the start side of the reading direction.
            align = Qt.AlignmentFlag.AlignBottom | (
                Qt.AlignmentFlag.AlignRight
                if self.layoutDirection() == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignLeft
            )
            painter.drawText(hint_rect, align, "✍ " + self.hint)
        pen_width = max(2.0, rect.width() / PAD_WIDTH * 3)
        painter.setPen(QPen(INK, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        for stroke in [*self._strokes, *([self._current] if self._current else [])]:
            if len(stroke) == 1:
                painter.drawPoint(self.to_widget(stroke[0]))
                continue
            path = QPainterPath(self.to_widget(stroke[0]))
            for point in stroke[1:]:
                path.lineTo(self.to_widget(point))
            painter.drawPath(path)
        painter.end()

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.update()

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.update()


class SignaturePad(QWidget):
    """The canvas with Clear, Undo and Redo; what the handover wizard puts on its page."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, tools_beside: bool = False) -> None:
        super().__init__(parent)
        self.canvas = SignatureCanvas()
        self.canvas.setAccessibleName(_("Signature pad"))
        self.clear_button = QPushButton(_("Clear"))
        self.undo_button = QPushButton(_("Undo"))
        self.redo_button = QPushButton(_("Redo"))
        self.undo_button.setToolTip(_("Take back the last stroke (Ctrl+Z)"))
        self.redo_button.setToolTip(_("Put the stroke back (Ctrl+Shift+Z)"))
        self.clear_button.setToolTip(_("Wipe the pad to sign again (Delete)"))
        # Beside the pad (a column) where height is scarce, under it (a row) otherwise.
        tools: QBoxLayout = QVBoxLayout() if tools_beside else QHBoxLayout()
        tools.setSpacing(6)
        for button in (self.undo_button, self.redo_button, self.clear_button):
            button.setAutoDefault(False)
            tools.addWidget(button)
        tools.addStretch()
        self.clear_button.clicked.connect(self.canvas.clear)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.redo_button.clicked.connect(self.canvas.redo)
        self.canvas.changed.connect(self._canvas_changed)
        layout: QBoxLayout = QHBoxLayout(self) if tools_beside else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(tools)
        self._update_buttons()

    def strokes(self) -> list[list[list[int]]]:
        """The strokes as lists of [x, y] in the 1000 x 400 box: what the service takes."""
        return self.canvas.strokes()

    def set_strokes(self, strokes: object) -> None:
        self.canvas.set_strokes(strokes)

    def is_empty(self) -> bool:
        return self.canvas.is_empty()

    def clear(self) -> None:
        self.canvas.clear()

    def undo(self) -> None:
        self.canvas.undo()

    def redo(self) -> None:
        self.canvas.redo()

    def set_read_only(self, read_only: bool) -> None:
        self.canvas.set_read_only(read_only)
        self._update_buttons()

    def check(self) -> str | None:
        """Why these strokes would be refused as a signature (one sentence), or None."""
        try:
            check_strokes(self.strokes())
        except ValidationError as error:
            return str(error)
        return None

    def image(self) -> bytes:
        """The PNG the service would store for these strokes (same renderer, same bytes)."""
        return render_png(self.strokes())

    def pixmap(self) -> QPixmap:
        pixmap = QPixmap()
        pixmap.loadFromData(self.image(), "PNG")
        return pixmap

    @Slot()
    def _canvas_changed(self) -> None:
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        editable = not self.canvas.is_read_only()
        self.undo_button.setEnabled(editable and self.canvas.can_undo())
        self.redo_button.setEnabled(editable and self.canvas.can_redo())
        self.clear_button.setEnabled(editable and not self.canvas.is_empty())
