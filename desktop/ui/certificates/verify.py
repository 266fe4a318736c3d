"""Verify a certificate: drop or choose its PDF, or paste the text read from its QR code.

The answer is one verdict in colour with an icon, the signer and the serial: green for valid
and trusted; amber for intact but signed by someone this laptop does not trust; red for
altered, voided or superseded; grey for a file that is not signed or not a PDF at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import CertificateState
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _
from desktop.services.certificates import FileCheck, FileVerdict
from desktop.signing.qr_payload import QrVerdict
from desktop.ui.certificates.common import STYLE, documents_folder, paragraph
from desktop.ui.errors import show_error
from desktop.ui.look import repolish
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import ltr, page_title
from desktop.ui.tasks import BackgroundTask

ICON_SIZE = 72


@dataclass(frozen=True, slots=True)
class Verdict:
    tone: str  # good | warn | bad | none: the colour and the icon
    headline: str  # English source, marked with N_
    explanation: str


VERDICTS: dict[str, Verdict] = {
    "valid_trusted": Verdict("good", N_("Valid and trusted"), N_(
        "The file is exactly as the clerk signed it, and the clerk's signing certificate was "
        "issued by the Command CA.")),
    "valid_untrusted": Verdict("warn", N_("Valid, but the signer is not trusted here"), N_(
        "The file has not changed since it was signed, but this laptop does not trust the "
        "signer's certificate. Check it on a laptop of the Command, or ask the supervisor for "
        "the Command CA's root certificate.")),
    "altered": Verdict("bad", N_("Altered after signing: do not rely on it"), N_(
        "The file was changed after it was signed. Ask for the original, or compare it with "
        "the register.")),
    "voided": Verdict("bad", N_("Voided"), N_(
        "The signature is valid, but the certificate was voided in the register. It is no "
        "longer in force.")),
    "superseded": Verdict("bad", N_("Superseded"), N_(
        "The signature is valid, but the handover was amended and a later certificate "
        "replaced this one. Ask for the newer certificate.")),
    "not_signed": Verdict("none", N_("Not signed"), N_(
        "The file carries no signature: it is not a certificate issued by Taslim, or it is a "
        "scan of a printed one. Paste the text of its QR code instead.")),
    "unreadable": Verdict("none", N_("Not a readable PDF"), N_(
        "The file could not be read as a PDF. It may be damaged or not a certificate at all.")),
    "qr_valid": Verdict("good", N_("Valid and trusted"), N_(
        "The QR code was signed by an enrolled clerk and its serial and content fingerprint are "
        "as issued. Check that the serial matches the paper.")),
    "qr_forged": Verdict("bad", N_("Altered or forged QR code: do not rely on it"), N_(
        "The QR code's signature does not match its text. The paper may be forged.")),
    "qr_unknown_signer": Verdict("warn", N_("Signer not known on this laptop"), N_(
        "The QR code names a signing key this laptop does not know. Check it on a laptop that "
        "has the clerk's signing certificate.")),
    "qr_untrusted_signer": Verdict("warn", N_("Valid, but the signer is not trusted here"), N_(
        "The QR code is intact, but its signer's certificate was not issued by a Command CA "
        "this laptop trusts.")),
    "qr_unreadable": Verdict("none", N_("Not a Taslim QR code"), ""),
}
QR_VERDICTS = {
    QrVerdict.VALID: "qr_valid",
    QrVerdict.FORGED: "qr_forged",
    QrVerdict.UNKNOWN_SIGNER: "qr_unknown_signer",
    QrVerdict.UNTRUSTED_SIGNER: "qr_untrusted_signer",
}
TONE_COLOURS = {"good": "#1b7a3d", "warn": "#b36b00", "bad": "#b00020", "none": "#6b7580"}
TONE_GLYPHS = {"good": "✓", "warn": "!", "bad": "✕", "none": "?"}

VERIFY_STYLE = STYLE + """
QFrame#dropArea { border: 3px dashed #9dbad6; border-radius: 12px; background: #f6f9fc; }
QFrame#dropArea[hover="true"] { border-color: #1d4f7a; background: #e3eef8; }
QLabel#dropText { font-size: 15pt; color: #1d4f7a; }
QFrame#verdict { border-radius: 10px; }
QFrame#verdict[tone="good"] { background: #e3f3e8; border: 2px solid #1b7a3d; }
QFrame#verdict[tone="warn"] { background: #fff4df; border: 2px solid #b36b00; }
QFrame#verdict[tone="bad"] { background: #fdecee; border: 2px solid #b00020; }
QFrame#verdict[tone="none"] { background: #eef1f4; border: 2px solid #8a939c; }
QLabel#verdictHeadline { font-size: 18pt; font-weight: bold; }
QLabel#factValue { font-weight: bold; }
"""


def verdict_icon(tone: str) -> QPixmap:
    """A filled circle in the verdict's colour with its mark, drawn so no icon file is needed."""
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(TONE_COLOURS[tone]))
    painter.drawEllipse(2, 2, ICON_SIZE - 4, ICON_SIZE - 4)
    font = QFont("DejaVu Sans")
    font.setPixelSize(ICON_SIZE // 2)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, ICON_SIZE, ICON_SIZE), Qt.AlignmentFlag.AlignCenter,
                     TONE_GLYPHS[tone])
    painter.end()
    return pixmap


class DropArea(QFrame):
    """A large target for a PDF dragged from the file manager; emits ``dropped(Path)``."""

    dropped = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setAcceptDrops(True)
        self.setMinimumHeight(170)
        self.text = QLabel(_("Drop a certificate PDF here or choose a file…"))
        self.text.setObjectName("dropText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.choose_button = QPushButton(_("Choose a file…"))
        self.choose_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.text)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    @staticmethod
    def _local_file(event: QDropEvent | QDragEnterEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                return Path(url.toLocalFile())
        return None

    def _hover(self, on: bool) -> None:
        self.setProperty("hover", on)
        repolish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_file(event) is not None:
            event.acceptProposedAction()
            self._hover(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(False)
        path = self._local_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(path)


class VerifyPage(QWidget):
    """``checked(str)`` carries the verdict's key once it is shown."""

    checked = Signal(str)

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._queries = page_context.context.certificate_queries
        self.verdict: str | None = None
        self.task: BackgroundTask | None = None

        self.drop = DropArea()
        self.drop.dropped.connect(self.check_path)
        self.drop.choose_button.clicked.connect(self.choose_file)

        self.qr_text = QLineEdit()
        self.qr_text.setPlaceholderText("TSL1|ANB-…")
        self.qr_text.setAccessibleName(_("Text read from the QR code"))
        # The QR text is Latin letters and digits: it reads left to right in either language.
        self.qr_text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.qr_text.returnPressed.connect(self.check_qr_text)
        self.qr_button = QPushButton(_("Check the QR text"))
        self.qr_button.setAutoDefault(False)
        self.qr_button.clicked.connect(self.check_qr_text)
        qr_row = QHBoxLayout()
        qr_row.addWidget(self.qr_text, 1)
        qr_row.addWidget(self.qr_button)
        qr_label = QLabel(_("Or paste the text read from its QR code (with a scanner or a phone):"))
        qr_label.setWordWrap(True)
        qr_label.setBuddy(self.qr_text)

        self.result = QFrame()
        self.result.setObjectName("verdict")
        self.icon = QLabel()
        self.icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        self.headline.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.serial = QLabel()
        self.signer = QLabel()
        self.source = QLabel()
        for label in (self.serial, self.signer, self.source):
            label.setObjectName("factValue")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts = QFormLayout()
        facts.addRow(_("Serial"), self.serial)
        facts.addRow(_("Signer"), self.signer)
        facts.addRow(_("Checked"), self.source)
        words = QVBoxLayout()
        words.addWidget(self.headline)
        words.addWidget(self.explanation)
        words.addLayout(facts)
        inside = QHBoxLayout(self.result)
        inside.setContentsMargins(18, 14, 18, 14)
        inside.setSpacing(18)
        inside.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        inside.addLayout(words, 1)
        self.result.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addWidget(page_title(_("Verify a certificate")))
        layout.addWidget(self.drop)
        layout.addWidget(qr_label)
        layout.addLayout(qr_row)
        layout.addWidget(self.result)
        layout.addStretch()
        self.setStyleSheet(VERIFY_STYLE)
        self.setTabOrder(self.drop.choose_button, self.qr_text)
        self.setTabOrder(self.qr_text, self.qr_button)

    # -- a file ---------------------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a certificate"), str(documents_folder()), _("PDF files (*.pdf)"))
        if path:
            self.check_path(Path(path))

    @Slot(Path)
    def check_path(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.show_verdict("unreadable", None, None, path.name,
                              _("Cannot read {path}: {reason}.").format(
                                  path=path, reason=error.strerror or error))
            return
        if self.task is not None and self.task.running:
            return
        certificates = self._page_context.context.certificates
        task = BackgroundTask(lambda _control: certificates.check_file(data), parent=self,
                              label=_("Checking the signature…"), cancellable=False)
        task.succeeded.connect(lambda check: self._file_checked(check, path.name))
        task.failed.connect(lambda error: show_error(self, error))
        self.task = task
        task.start()

    def _file_checked(self, check: FileCheck, name: str) -> None:
        key = check.verdict.value
        if check.verdict is FileVerdict.UNREADABLE:
            key = "unreadable"
        self.show_verdict(key, check.serial, check.signer, name)

    # -- a QR code ------------------------------------------------------------------------------

    @Slot()
    def check_qr_text(self) -> None:
        text = self.qr_text.text().strip()
        if not text:
            self.qr_text.setFocus()
            return
        try:
            check = self._page_context.context.certificates.check_qr(text)
        except TaslimError as error:
            self.show_verdict("qr_unreadable", None, None, _("QR code"), str(error))
            return
        key = QR_VERDICTS[check.verdict]
        if check.verdict is QrVerdict.VALID:
            try:
                state = self._queries.state_of(check.payload.serial)
            except TaslimError:
                state = None  # the signature still stands; the register could not be read
            if state is CertificateState.VOID:
                key = "voided"
            elif state is CertificateState.SUPERSEDED:
                key = "superseded"
        self.show_verdict(key, check.payload.serial, check.signer, _("QR code"))

    # -- the answer -----------------------------------------------------------------------------

    def show_verdict(self, key: str, serial: str | None, signer: str | None, source: str,
                     explanation: str | None = None) -> None:
        verdict = VERDICTS[key]
        self.verdict = key
        self.result.setProperty("tone", verdict.tone)
        repolish(self.result)
        self.icon.setPixmap(verdict_icon(verdict.tone))
        self.headline.setText(_(verdict.headline))
        self.headline.setStyleSheet(f"color: {TONE_COLOURS[verdict.tone]};")
        self.explanation.setText(explanation or _(verdict.explanation))
        self.serial.setText(paragraph(ltr(serial) if serial else _("not found")))
        self.signer.setText(paragraph(signer or _("not found")))
        self.source.setText(paragraph(source))
        self.result.setVisible(True)
        self.checked.emit(key)
