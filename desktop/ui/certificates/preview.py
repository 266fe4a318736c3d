"""A certificate's pages in the application: scroll, zoom, print (with preview) and save as.

What is printed is exactly the PDF shown here: the original right after issuing, the COPY of a
counted reprint, or the VOID notice of a voiding. From the register, the original is only looked
at and saved; printing it again is a reprint, which says COPY and is counted (the caller adds
that button).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _
from desktop.ui.certificates.common import (
    STYLE,
    Note,
    documents_folder,
    primary_button,
    write_atomically,
)
from desktop.ui.certificates.pdf_pages import new_printer, page_count, paint_pdf, render_pages
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.look import plain_buttons

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
PAGE_GAP = 16  # px between pages
PREVIEW_STYLE = STYLE + """
QScrollArea#pages { background: #5f6b77; border: none; }
QWidget#pageStrip { background: #5f6b77; }
QLabel#page { background: white; border: 1px solid #3a444e; }
QLabel#pageNumber { font-weight: bold; }
"""


class PdfPreviewDialog(QDialog):
    """Shows a PDF's pages; Print…, Print preview… and Save as… work on those same bytes."""

    def __init__(self, pdf: bytes, *, title: str, file_name: str, can_print: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.file_name = file_name
        self.can_print = can_print
        self.pages = page_count(pdf)  # a broken PDF raises here, before a window appears
        self.zoom = 1.0
        self._fitted = False
        self.page_labels: list[QLabel] = []
        self.print_preview: QPrintPreviewDialog | None = None
        self.saved_to: Path | None = None
        self.setWindowTitle(title)
        self.setStyleSheet(PREVIEW_STYLE)
        self.resize(900, 940)

        self.note = Note()
        self.page_number = QLabel()
        self.page_number.setObjectName("pageNumber")
        self.zoom_out = QPushButton(_("Smaller"))
        self.zoom_out.setToolTip(_("Zoom out (Ctrl+-)"))
        self.zoom_in = QPushButton(_("Larger"))
        self.zoom_in.setToolTip(_("Zoom in (Ctrl++)"))
        self.fit = QPushButton(_("Fit width"))
        self.zoom_label = QLabel()
        for button in (self.zoom_out, self.zoom_in, self.fit):
            button.setAutoDefault(False)
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(+1))
        self.fit.clicked.connect(self.fit_width)
        tools = QHBoxLayout()
        tools.addWidget(self.page_number)
        tools.addStretch()
        tools.addWidget(self.zoom_out)
        tools.addWidget(self.zoom_label)
        tools.addWidget(self.zoom_in)
        tools.addWidget(self.fit)

        self.strip = QWidget()
        self.strip.setObjectName("pageStrip")
        strip_layout = QVBoxLayout(self.strip)
        strip_layout.setSpacing(PAGE_GAP)
        strip_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        for _index in range(self.pages):
            label = QLabel()
            label.setObjectName("page")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            strip_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pages")
        self.scroll.setWidget(self.strip)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # A page is a picture of paper: it is not mirrored in a right-to-left interface.
        self.scroll.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_page_number)

        self.print_button = primary_button(_("Print…"))
        self.print_button.setToolTip(_("Choose a printer and print (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.preview_button = QPushButton(_("Print preview…"))
        self.preview_button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.open_print_preview)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(_("Save the signed PDF file (Ctrl+S)"))
        self.save_button.clicked.connect(self.choose_save_path)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        if can_print:  # from the register the original is only looked at (a reprint is counted)
            self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        else:
            for button in (self.preview_button, self.print_button):
                button.setParent(self)
                button.hide()
        plain_buttons(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.note)
        layout.addLayout(tools)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)

        QShortcut(QKeySequence.StandardKey.Save, self, self.choose_save_path)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.step_zoom(+1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.step_zoom(-1))
        if can_print:
            QShortcut(QKeySequence.StandardKey.Print, self, self.print_with_dialog)
        self.set_zoom(1.0)
        if can_print:
            self.print_button.setDefault(True)  # Enter prints: the next thing to do
            self.print_button.setFocus()

    def add_action(self, button: QPushButton) -> None:
        """A caller's own action beside Save as (the register's "Reprint a copy…")."""
        button.setAutoDefault(False)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)

    # -- pages and zoom -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # the first time: the page as wide as the window allows
            self._fitted = True
            self.fit_width()
            self.scroll.verticalScrollBar().setValue(0)

    def _screen_dpi(self) -> float:
        return float(self.logicalDpiX())

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.25, min(zoom, 3.0))
        ratio = self.devicePixelRatioF()
        dpi = self._screen_dpi() * self.zoom
        # Rendered at the screen's real pixel density, so text is sharp on a high-DPI screen.
        for label, image in zip(self.page_labels, render_pages(self.pdf, dpi * ratio),
                                strict=True):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(QSize(round(image.width() / ratio), round(image.height() / ratio)))
        self.zoom_label.setText(_("{percent}%").format(percent=number(round(self.zoom * 100))))
        self.zoom_out.setEnabled(self.zoom > ZOOMS[0] + 0.001)
        self.zoom_in.setEnabled(self.zoom < ZOOMS[-1] - 0.001)
        self._update_page_number()

    def step_zoom(self, direction: int) -> None:
        if direction > 0:
            bigger = [z for z in ZOOMS if z > self.zoom + 0.001]
            if bigger:
                self.set_zoom(bigger[0])
        else:
            smaller = [z for z in ZOOMS if z < self.zoom - 0.001]
            if smaller:
                self.set_zoom(smaller[-1])

    @Slot()
    def fit_width(self) -> None:
        image = self.page_labels[0].pixmap() if self.page_labels else None
        if image is None or image.isNull() or not self.zoom:
            return
        page_width_at_one = self.page_labels[0].width() / self.zoom
        # Leave room for the vertical scroll bar, which appears once the page is taller.
        available = (self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width()
                     - 2 * PAGE_GAP - 8)
        if page_width_at_one > 0 and available > 100:
            self.set_zoom(min(available / page_width_at_one, ZOOMS[-1]))

    @Slot()
    def _update_page_number(self) -> None:
        top = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        current = 1
        for index, label in enumerate(self.page_labels):
            if label.y() <= top:
                current = index + 1
        self.page_number.setText(_("Page {page} of {pages}").format(
            page=number(current), pages=number(self.pages)))

    def page_images(self) -> list[QImage]:
        return [label.pixmap().toImage() for label in self.page_labels]

    # -- printing -------------------------------------------------------------------------------

    @Slot()
    def open_print_preview(self, printer: QPrinter | None = None) -> QPrintPreviewDialog | None:
        """Qt's print preview of these pages; its Print button asks for the printer."""
        if not self.can_print:
            return None
        dialog = QPrintPreviewDialog(printer or new_printer(), self)
        dialog.setWindowTitle(_("Print preview"))
        dialog.resize(900, 900)
        dialog.paintRequested.connect(self._paint)
        self.print_preview = dialog
        dialog.open()
        return dialog

    @Slot()
    def print_with_dialog(self) -> None:
        if not self.can_print:
            return
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the certificate"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page onto ``printer``; says so on the dialog. Returns pages printed."""
        try:
            painted = paint_pdf(printer, self.pdf)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return 0
        self.note.say(_("Sent to the printer."), "good")
        return painted

    @Slot(QPrinter)
    def _paint(self, printer: QPrinter) -> None:
        try:
            paint_pdf(printer, self.pdf)
        except TaslimError as error:
            show_error(self, error)

    # -- saving ---------------------------------------------------------------------------------

    @Slot()
    def choose_save_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the certificate"), str(documents_folder() / self.file_name),
            _("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, self.pdf)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return False
        self.saved_to = path
        self.note.say(_("Saved: {path}").format(path=path), "good")
        return True
