"""Long work on a worker thread, with progress, cancelling, and results back by signal.

The work function runs on a ``QThreadPool`` thread and never touches a widget: it reports through
``TaskControl.progress``, which only emits a signal. Everything visible (the progress dialog, the
result, the error) happens on the GUI thread in ``BackgroundTask``'s slots. The progress dialog
appears only if the work is still running after half a second, so quick work does not flash a
window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.domain.errors import Cancelled
from desktop.i18n import _

PROGRESS_DELAY_MS = 500

Work = Callable[["TaskControl"], Any]


class _WorkerSignals(QObject):
    """Lives in the GUI thread; emitting from the worker queues the call to the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class TaskControl:
    """What the work function gets: a progress reporter and the cancel flag."""

    def __init__(self, signals: _WorkerSignals) -> None:
        self._signals = signals
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the person asked to stop; call it between steps."""
        if self._cancelled.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int) -> None:
        self.check()
        self._signals.progress.emit(done, total)


class _Runnable(QRunnable):
    def __init__(self, work: Work, control: TaskControl, signals: _WorkerSignals) -> None:
        super().__init__()
        self.setAutoDelete(False)  # BackgroundTask keeps it alive until the result is in
        self._work = work
        self._control = control
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._control)
        except BaseException as error:  # every failure goes back to the GUI thread
            self._signals.failed.emit(error)
        else:
            self._signals.finished.emit(result)


class BackgroundTask(QObject):
    """Runs ``work`` on the pool; emits ``succeeded(result)``, ``failed(error)`` or ``cancelled``.

    ``done`` is emitted after any of the three, when the progress dialog is gone.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(
        self,
        work: Work,
        *,
        parent: QWidget | None,
        label: str,
        cancellable: bool = True,
        pool: QThreadPool | None = None,
        progress_delay_ms: int = PROGRESS_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._label = label
        self._cancellable = cancellable
        self._pool = pool or QThreadPool.globalInstance()
        self._signals = _WorkerSignals()
        self.control = TaskControl(self._signals)
        self._runnable: _Runnable | None = _Runnable(work, self.control, self._signals)
        self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(progress_delay_ms)
        self._timer.timeout.connect(self._show_progress)
        self.dialog: QProgressDialog | None = None
        self.running = False
        self._last: tuple[int, int] = (0, 0)

    def start(self) -> None:
        if self._runnable is None or self.running:
            raise RuntimeError("a BackgroundTask runs once")
        self.running = True
        self._timer.start()
        self._pool.start(self._runnable)

    @Slot()
    def cancel(self) -> None:
        if not self.running:
            return  # closing the progress dialog at the end also emits ``canceled``
        self.control.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Stopping…"))

    @Slot()
    def _show_progress(self) -> None:
        if not self.running:
            return
        dialog = QProgressDialog(self._parent_widget)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setLabelText(self._label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._cancellable:
            dialog.setCancelButtonText(_("Stop"))
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        done, total = self._last
        dialog.setRange(0, total)  # 0..0 shows a busy bar until the first report
        dialog.setValue(done)
        dialog.show()
        self.dialog = dialog

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self.dialog is not None:
            self.dialog.setRange(0, max(total, 0))
            self.dialog.setValue(min(done, total) if total > 0 else 0)
        self.progressed.emit(done, total)

    def _finish(self) -> None:
        self.running = False
        self._timer.stop()
        self._runnable = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.done.emit()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
        self.done.emit()
