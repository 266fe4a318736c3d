"""Failures shown the three ways, and background work that reports back on the GUI thread."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.errors import Cancelled, TaslimError
from desktop.ui import errors
from desktop.ui.errors import ExceptionHook, UnexpectedErrorDialog, show_error
from desktop.ui.tasks import BackgroundTask, TaskControl


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


@pytest.fixture
def hook(qapp: QApplication):
    made = ExceptionHook()
    made.install()
    yield made
    made.uninstall()
    if made.dialog is not None:
        made.dialog.close()


def test_an_unexpected_error_is_logged_and_shown_once_with_copyable_details(
    qtbot, hook: ExceptionHook, caplog: pytest.LogCaptureFixture
) -> None:
    assert sys.excepthook == hook.handle
    first = raised(RuntimeError("first surprise"))
    sys.excepthook(RuntimeError, first, first.__traceback__)
    qtbot.waitUntil(lambda: hook.dialog is not None)
    dialog = hook.dialog
    assert isinstance(dialog, UnexpectedErrorDialog)
    assert "RuntimeError: first surprise" in dialog.detail_text
    assert "Traceback" in dialog.detail_text
    assert any("first surprise" in (r.exc_text or str(r.exc_info)) for r in caplog.records)

    second = raised(KeyError("second"))
    hook.handle(KeyError, second, second.__traceback__)
    QApplication.processEvents()
    assert hook.dialog is dialog  # not a second dialog on top of the first

    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.detail_text
    assert dialog.copy_button.text() == "Copied"


def test_an_error_on_another_thread_reaches_the_gui_thread(qtbot, hook: ExceptionHook) -> None:
    def fail() -> None:
        raise ValueError("from a worker thread")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: hook.dialog is not None)
    assert "from a worker thread" in hook.dialog.detail_text


def test_cancelled_is_silent(qtbot, hook: ExceptionHook, monkeypatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(errors, "show_user_error", lambda *a: shown.append(a))
    error = raised(Cancelled())
    hook.handle(Cancelled, error, error.__traceback__)
    QApplication.processEvents()
    assert hook.dialog is None and shown == []
    show_error(None, error)
    assert shown == []


def test_a_user_facing_error_is_a_plain_message(qtbot, monkeypatch) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    show_error(None, TaslimError("The database is in use by another Taslim window."))
    assert len(boxes) == 1
    assert boxes[0].text() == "The database is in use by another Taslim window."
    assert boxes[0].icon() == QMessageBox.Icon.Warning


def test_uninstall_puts_the_previous_hook_back(qapp: QApplication) -> None:
    before = sys.excepthook
    made = ExceptionHook()
    made.install()
    assert sys.excepthook != before
    made.uninstall()
    assert sys.excepthook == before


def test_work_runs_on_a_worker_and_reports_on_the_gui_thread(qtbot) -> None:
    worker_threads: list[threading.Thread] = []
    reports: list[tuple[int, int, bool]] = []

    def work(control: TaskControl) -> str:
        worker_threads.append(threading.current_thread())
        for step in range(1, 4):
            control.progress(step, 3)
        return "done"

    task = BackgroundTask(work, parent=None, label="working")
    task.progressed.connect(lambda done, total: reports.append(
        (done, total, QThread.currentThread() is QApplication.instance().thread())))
    results: list[object] = []
    task.succeeded.connect(results.append)
    with qtbot.waitSignal(task.done, timeout=10000):
        task.start()
    assert results == ["done"]
    assert worker_threads[0] is not threading.main_thread()
    assert [(d, t) for d, t, _ in reports] == [(1, 3), (2, 3), (3, 3)]
    assert all(on_gui for *_, on_gui in reports)
    assert not task.running


def test_a_failure_comes_back_as_a_signal(qtbot) -> None:
    def work(control: TaskControl) -> None:
        raise ValueError("broken input")

    task = BackgroundTask(work, parent=None, label="working")
    failures: list[BaseException] = []
    task.failed.connect(failures.append)
    with qtbot.waitSignal(task.done, timeout=10000):
        task.start()
    assert [str(f) for f in failures] == ["broken input"]


def test_cancel_stops_the_work_at_the_next_report(qtbot) -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(control: TaskControl) -> None:
        started.set()
        for step in range(1_000_000):
            steps.append(step)
            control.progress(step, 1_000_000)
            if step == 0:
                released.wait(10)

    released = threading.Event()
    task = BackgroundTask(work, parent=None, label="working")
    outcomes: list[str] = []
    task.cancelled.connect(lambda: outcomes.append("cancelled"))
    task.succeeded.connect(lambda _r: outcomes.append("succeeded"))
    task.failed.connect(lambda _e: outcomes.append("failed"))
    task.start()
    assert started.wait(10)
    task.cancel()
    released.set()
    with qtbot.waitSignal(task.done, timeout=10000):
        pass
    assert outcomes == ["cancelled"]
    assert len(steps) < 1_000_000


def test_a_progress_dialog_only_for_work_that_takes_a_while(qtbot) -> None:
    released = threading.Event()

    def slow(control: TaskControl) -> None:
        control.progress(1, 2)
        released.wait(10)

    task = BackgroundTask(slow, parent=None, label="slow work", progress_delay_ms=0)
    task.start()
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible())
    assert task.dialog.labelText() == "slow work"
    released.set()
    with qtbot.waitSignal(task.done, timeout=10000):
        pass
    assert task.dialog is None

    quick = BackgroundTask(lambda control: None, parent=None, label="quick",
                           progress_delay_ms=60_000)
    with qtbot.waitSignal(quick.done, timeout=10000):
        quick.start()
    assert quick.dialog is None
