"""Issuing one certificate or many, each on a worker thread, one unit of work at a time.

Every certificate is its own unit of work (serial, signed PDF, register record, handover
certified), run as its own background task. The next one starts only when the last one's result
is back on the GUI thread, so Stop takes effect between certificates: the one being signed is
finished and kept, the rest are not started. The signer is unlocked once, before the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop.domain.errors import TaslimError
from desktop.i18n import _
from desktop.services.base import Outcome, Session
from desktop.services.certificates import CertificateService, IssuedCertificate
from desktop.services.enrolment import ClerkSigner
from desktop.ui.changes import ChangeNotifier
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.tasks import BackgroundTask, TaskControl

# The batch shows one progress dialog for all certificates; each task's own dialog would
# flash up and vanish once per certificate, so it is put off for longer than any batch runs.
NO_TASK_DIALOG_MS = 2**31 - 1


@dataclass
class BatchResult:
    issued: list[IssuedCertificate] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (handover id, sentence)
    not_started: list[str] = field(default_factory=list)
    stopped: bool = False
    unexpected: BaseException | None = None


class IssueBatch(QObject):
    """Issues the certificates of ``handover_ids`` in order; ``finished(BatchResult)`` at the end.

    ``issued(IssuedCertificate)`` is emitted on the GUI thread after each one, once its changes
    have been announced, before the next one starts.
    """

    issued = Signal(object)  # IssuedCertificate
    finished = Signal(object)  # BatchResult

    def __init__(self, certificates: CertificateService, session: Session, signer: ClerkSigner,
                 handover_ids: list[str], notifier: ChangeNotifier, parent: QWidget) -> None:
        super().__init__(parent)
        self._certificates = certificates
        self._session = session
        self._signer: ClerkSigner | None = signer
        self._ids = list(handover_ids)
        self._notifier = notifier
        self._parent = parent
        self._next_index = 0
        self._stop_asked = False
        self.result = BatchResult()
        self.running = False
        self.task: BackgroundTask | None = None
        self.dialog: QProgressDialog | None = None

    @property
    def total(self) -> int:
        return len(self._ids)

    def start(self) -> None:
        if self.running:
            raise RuntimeError("an IssueBatch runs once")
        self.running = True
        if self.total > 1:
            self._open_dialog()
        self._start_next()

    @Slot()
    def cancel(self) -> None:
        """Stop after the certificate being signed now; it is kept."""
        if not self.running or self._stop_asked:
            return
        self._stop_asked = True
        if self.dialog is not None:
            self.dialog.setLabelText(_("Stopping after the certificate being signed…"))
            self.dialog.setCancelButton(None)

    # -- one certificate at a time --------------------------------------------------------------

    def _start_next(self) -> None:
        if self._stop_asked or self._next_index >= self.total:
            self._finish()
            return
        handover_id = self._ids[self._next_index]
        self._next_index += 1
        signer = self._signer
        assert signer is not None
        certificates, session = self._certificates, self._session

        def work(control: TaskControl) -> Outcome[IssuedCertificate]:
            return certificates.issue(session, handover_id, signer)

        task = BackgroundTask(
            work, parent=self._parent, label=_("Signing the certificate…"), cancellable=False,
            progress_delay_ms=NO_TASK_DIALOG_MS if self.dialog is not None else 500)
        task.succeeded.connect(self._one_issued)
        task.failed.connect(lambda error, hid=handover_id: self._one_failed(hid, error))
        task.done.connect(task.deleteLater)
        self.task = task
        if self.dialog is not None:
            self.dialog.setLabelText(_("Signing certificate {done} of {total}…").format(
                done=number(self._next_index), total=number(self.total)))
        task.start()

    @Slot(object)
    def _one_issued(self, outcome: Outcome[IssuedCertificate]) -> None:
        self._notifier.announce(outcome.changes)
        self.result.issued.append(outcome.value)
        if self.dialog is not None:
            self.dialog.setValue(len(self.result.issued) + len(self.result.failures))
        self.issued.emit(outcome.value)  # a listener may ask to stop before the next one
        self._start_next()

    def _one_failed(self, handover_id: str, error: BaseException) -> None:
        if isinstance(error, TaslimError):
            # e.g. someone else certified it meanwhile: say so at the end, go on with the rest
            self.result.failures.append((handover_id, str(error)))
            if self.dialog is not None:
                self.dialog.setValue(len(self.result.issued) + len(self.result.failures))
            self._start_next()
            return
        self.result.unexpected = error  # not a sentence for a person: stop and show it once
        self._stop_asked = True
        self._finish()

    # -- the dialog and the end -----------------------------------------------------------------

    def _open_dialog(self) -> None:
        dialog = QProgressDialog(self._parent)
        dialog.setWindowTitle(_("Issuing certificates"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(580)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, self.total)
        dialog.setValue(0)
        # A button of our own: the dialog's would be the default one, drawn bold by the style
        # sheet after the dialog measured it, and the text would be cut off.
        stop = QPushButton(_("Stop after this certificate"))
        stop.setAutoDefault(False)
        dialog.setCancelButton(stop)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.dialog = dialog

    def _finish(self) -> None:
        if not self.running:
            return
        self.running = False
        self._signer = None  # the unlocked key goes with the batch
        self.task = None
        self.result.not_started = self._ids[self._next_index:]
        self.result.stopped = bool(self.result.not_started) and self.result.unexpected is None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self.result.unexpected is not None:
            show_error(self._parent, self.result.unexpected)
        self.finished.emit(self.result)
