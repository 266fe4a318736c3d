"""On a field laptop: what headquarters holds, export a bundle for it, read its receipt.

The laptop never sees a network. Its records go to headquarters as a bundle file on a USB stick;
headquarters imports it and gives back a receipt, which tells the laptop how far its records are
held there, so the next bundle carries only what is new. Below, the laptop's enrolment with
headquarters' Command CA (desktop.ui.sync.enrol_laptop): without it, its bundles are refused.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _, ngettext
from desktop.services.base import Changes
from desktop.services.sync_export import Holdings, NothingToExport, default_bundle_name
from desktop.sync.bundle import BUNDLE_SUFFIX
from desktop.sync.manifest import Manifest
from desktop.sync.receipt import MAX_RECEIPT_BYTES
from desktop.ui.certificates.common import Note, documents_folder, hint, primary_button
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.look import repolish
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import laptop_time_text, ltr, page_title
from desktop.ui.sync.common import FORK, SYNC_STYLE, say, section_title
from desktop.ui.sync.enrol_laptop import LaptopEnrolmentBox
from desktop.ui.tasks import BackgroundTask


def standing(holdings: Holdings) -> tuple[str, str]:
    """What this laptop wrote and what headquarters confirmed, in sentences, with a tone."""
    written = holdings.written
    if written == 0:
        return _("Nothing has been recorded on this laptop yet, so there is nothing to send to "
                 "headquarters."), "info"
    sentences = [ngettext("This laptop has written {count} record.",
                          "This laptop has written {count} records.", written).format(
        count=number(written))]
    if holdings.receipt_issued_at is None:
        sentences.append(_("No receipt from headquarters has been read on this laptop yet, so "
                           "none of them is confirmed as held there."))
        return "\n".join(sentences), "warn"
    date = laptop_time_text(holdings.receipt_issued_at)
    if holdings.pending <= 0:
        sentences.append(_("On {date}, headquarters confirmed it holds all of them.").format(
            date=date))
        return "\n".join(sentences), "good"
    sentences.append(ngettext("On {date}, headquarters confirmed it holds {count} of them.",
                              "On {date}, headquarters confirmed it holds {count} of them.",
                              holdings.held).format(date=date, count=number(holdings.held)))
    sentences.append(ngettext("{count} is not yet at headquarters.",
                              "{count} are not yet at headquarters.", holdings.pending).format(
        count=number(holdings.pending)))
    return "\n".join(sentences), "warn"


class ExchangePage(QWidget):
    """``exported(Manifest)`` and ``receipt_read(Holdings)`` follow a finished step."""

    exported = Signal(object)
    receipt_read = Signal(object)
    refreshed = Signal()

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._exports = page_context.context.exports
        self.task: BackgroundTask | None = None
        self.holdings: Holdings | None = None

        self.standing = QFrame()
        self.standing.setObjectName("standing")
        self.standing_text = QLabel()
        self.standing_text.setObjectName("standingText")
        self.standing_text.setWordWrap(True)
        self.standing_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inside = QVBoxLayout(self.standing)
        inside.setContentsMargins(18, 14, 18, 14)
        inside.addWidget(self.standing_text)

        self.export_button = primary_button(_("Export for headquarters…"))
        self.export_button.clicked.connect(self.choose_bundle_path)
        self.full_box = QCheckBox(_("Export everything, also what headquarters already holds"))
        self.full_box.setToolTip(_("For a lost USB stick, or when headquarters asks for a "
                                   "complete copy"))
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button)
        export_row.addSpacing(12)
        export_row.addWidget(self.full_box)
        export_row.addStretch()

        self.receipt_button = QPushButton(_("Read a receipt from headquarters…"))
        self.receipt_button.setAutoDefault(False)
        self.receipt_button.clicked.connect(self.choose_receipt)
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt_button)
        receipt_row.addStretch()

        self.note = Note()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(page_title(_("Send to headquarters")))
        layout.addWidget(self.standing)
        layout.addSpacing(10)
        layout.addWidget(section_title(_("1. Export a bundle for headquarters")))
        layout.addWidget(hint(_("Writes a bundle file ({extension}) with what headquarters "
                                "does not hold yet. Save it on the USB stick and hand it to the "
                                "supervisor.").format(extension=ltr(BUNDLE_SUFFIX))))
        layout.addLayout(export_row)
        layout.addSpacing(10)
        layout.addWidget(section_title(_("2. Read the receipt from headquarters")))
        layout.addWidget(hint(_("After importing the bundle, headquarters gives back a receipt "
                                "file. Reading it here records what headquarters holds, so the "
                                "next bundle carries only what is new.")))
        layout.addLayout(receipt_row)
        layout.addSpacing(6)
        layout.addWidget(self.note)
        # -- enrolment (issue 6, item 5): headquarters accepts bundles of enrolled laptops only
        self.enrolment = LaptopEnrolmentBox(page_context)
        layout.addSpacing(10)
        layout.addWidget(self.enrolment)
        layout.addStretch()
        self.setStyleSheet(SYNC_STYLE)
        page_context.notifier.changed.connect(self._changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # records written on other screens since it was last shown

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        self.refresh()  # any saved record is one more for headquarters

    @Slot()
    def refresh(self) -> None:
        try:
            holdings = self._exports.holdings()
        except TaslimError as error:  # e.g. the database is busy: say so where the figures go
            self.standing_text.setText(str(error))
            return
        self.holdings = holdings
        self.enrolment.refresh()
        text, tone = standing(holdings)
        self.standing_text.setText(text)
        self.standing.setProperty("tone", tone)
        repolish(self.standing)
        self.refreshed.emit()

    # -- export ---------------------------------------------------------------------------------

    @Slot()
    def choose_bundle_path(self) -> None:
        name = default_bundle_name(self._page_context.context.device)
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the bundle for headquarters"), str(documents_folder() / name),
            _("Taslim bundles ({patterns})").format(patterns=f"*{BUNDLE_SUFFIX}"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if self.task is not None and self.task.running:
            return
        if path.suffix.lower() != BUNDLE_SUFFIX:
            path = path.with_name(path.name + BUNDLE_SUFFIX)
        full = self.full_box.isChecked()
        exports = self._exports
        self.note.clear()
        task = BackgroundTask(lambda _control: exports.export(path, full=full), parent=self,
                              label=_("Writing the bundle…"), cancellable=False)
        task.succeeded.connect(lambda manifest: self._exported(path, manifest))
        task.failed.connect(self._export_failed)
        task.done.connect(self._idle)
        self.task = task
        self._set_busy(True)
        task.start()

    def _exported(self, path: Path, manifest: Manifest) -> None:
        self.note.say(_("Bundle written: {path}. It carries records No. {first} to {last}. "
                        "Take it to headquarters and bring back the receipt.").format(
            path=ltr(str(path)), first=number(manifest.first_seq),
            last=number(manifest.last_seq)), "good")
        self.refresh()
        self.exported.emit(manifest)

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, NothingToExport):
            self.note.say(str(error), "info")  # good news, not a failure
        elif isinstance(error, TaslimError):
            self.note.say(str(error), "error")
        else:
            show_error(self, error)

    @Slot()
    def _idle(self) -> None:
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.full_box, self.receipt_button):
            widget.setEnabled(not busy)

    # -- receipt --------------------------------------------------------------------------------

    @Slot()
    def choose_receipt(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open the receipt from headquarters"), str(documents_folder()),
            ";;".join([_("Receipts ({patterns})").format(patterns="receipt-*.json *.json"),
                       _("All files (*)")]))
        if path:
            self.read_receipt(Path(path))

    def read_receipt(self, path: Path) -> bool:
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_RECEIPT_BYTES + 1)  # a bigger file is refused anyway
        except OSError as error:
            self.note.say(_("Cannot read {path}: {reason}.").format(
                path=ltr(str(path)), reason=error.strerror or error), "error")
            return False
        try:
            holdings = self._exports.accept_receipt(data)
        except TaslimError as error:
            tone = "alarm" if getattr(error, "reason", "") == FORK else "error"
            say(self.note, str(error), tone)
            return False
        except Exception as error:  # not a sentence for a person: shown once with details
            show_error(self, error)
            return False
        self.note.say(_("Receipt accepted: headquarters' confirmation is recorded on this "
                        "laptop."), "good")
        self.refresh()
        self.receipt_read.emit(holdings)
        return True
