"""Any list on screen saved as an XLSX workbook or a CSV file, exactly as the view shows it.

Pages offer their list with ``exportable_list()`` (``ListPage``); File ▸ Export this list… asks
the page on screen, and a dialog gets an Export… button from ``add_export_button``. An export
asks where to save (the last folder; the title and the day as name), reads the rows on the GUI
thread (the models fetch them from SQL in ``data()`` or ``fetchMore()``) a few hundred per turn
of the event loop, with a progress dialog and Cancel after half a second (cancelled, nothing is
written), then writes with desktop.reports.tables on a worker (temporary name, then rename: a
failure leaves no partial file) and says how many rows went where.

The file holds the visible columns in the view's order with their headers in the interface
language and every row of the model (not fetched yet too) in the view's order: display texts
without the direction marks only the screen needs, whole numbers (any digits) as numbers.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QElapsedTimer, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from desktop.app import AppContext
from desktop.i18n import _, is_right_to_left
from desktop.reports.tables import Cell, Table
from desktop.ui.errors import app_title, show_error
from desktop.ui.list_table import (
    FORMATS,
    XLSX,
    documents_folder,
    format_for,
    header_texts,
    ltr,
    row_cells,
    saved_text,
    suggested_name,
    visible_columns,
    with_suffix,
    write_problem,
    write_table,
)
from desktop.ui.look import plain_buttons
from desktop.ui.tasks import PROGRESS_DELAY_MS, BackgroundTask

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+Shift+E"
STEP_SECONDS = 0.03  # GUI-thread work between two turns of the event loop
ROWS_PER_STEP = 400  # rows read (or pages fetched) at most per turn
STATUS_MS = 15_000  # how long the confirmation stays in the status bar
NEVER_MS = 2**31 - 1  # no second progress dialog for the write while this export's is up


# -- what a page offers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportableList:
    """A list as a page offers it: its title (the file's name and the sheet's), the view that
    shows it, and the application context, whose settings remember the last folder (None: the
    context of the page the view sits on, as for a dialog opened from a page)."""

    title: str
    view: QTableView
    context: AppContext | None = None


class ListPage(Protocol):
    """A page with a list to export; None while it has none to offer."""

    def exportable_list(self) -> ExportableList | None: ...


def exportable_list_of(widget: QWidget | None) -> ExportableList | None:
    offer = getattr(widget, "exportable_list", None)
    return offer() if callable(offer) else None


def context_near(widget: QWidget | None) -> AppContext | None:
    """The context of the nearest page around ``widget`` that offers a list."""
    while widget is not None:
        offered = exportable_list_of(widget)
        if offered is not None and offered.context is not None:
            return offered.context
        widget = widget.parentWidget()
    return None


# -- one export -----------------------------------------------------------------------------------

# (parent, caption, suggested path, name filters) -> (path, name filter); "" when cancelled.
PathChooser = Callable[[QWidget, str, Path, list[str]], tuple[str, str]]


def _change_signals(model: Any) -> list[Any]:
    """What a model says when the rows being read may no longer be the ones shown."""
    if model is None:
        return []
    return [model.modelAboutToBeReset, model.layoutAboutToBeChanged, model.rowsAboutToBeRemoved,
            model.rowsInserted, model.columnsInserted, model.columnsRemoved]


class ListExport(QObject):
    """One export of one list, from the question where to save to the confirmation.

    ``finished`` carries the path written, or None (cancelled, nothing to save, or refused with
    a sentence). ``progressed(done, total)`` follows the reading; ``total`` is 0 while a model
    that loads in pages is still being asked for more.
    """

    finished = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, source: ExportableList, parent: QWidget, *,
                 choose_path: PathChooser | None = None,
                 progress_delay_ms: int = PROGRESS_DELAY_MS,
                 rows_per_step: int = ROWS_PER_STEP) -> None:
        super().__init__(parent)
        self.source = source
        self.context = source.context or context_near(source.view)
        self._window = parent.window()
        self._choose_path = choose_path
        self._delay_ms = progress_delay_ms
        self._rows_per_step = max(rows_per_step, 1)
        self.path: Path | None = None
        self.file_format = XLSX
        self.file_dialog: QFileDialog | None = None
        self.progress: QProgressDialog | None = None
        self.task: BackgroundTask | None = None
        self.message = ""  # the last thing said: the confirmation or the problem
        self.message_box: QMessageBox | None = None
        self.cancelled = False
        self.done = False
        self.steps = 0  # turns of the event loop the reading took
        self._columns: list[int] = []
        self._rows: list[tuple[Cell, ...]] = []
        self._next_row = 0
        self._fetching = True
        self._own_insert = False
        self._changed = False
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def model(self) -> Any:
        return self.source.view.model()

    # -- where to save ------------------------------------------------------------------------

    def start(self) -> None:
        model = self.model
        if model is None or (model.rowCount() == 0 and not model.canFetchMore(QModelIndex())):
            self._say(_("The list is empty: there is nothing to save."), problem=False)
            self._finish(None)
            return
        name = suggested_name(self.source.title, date.today(), right_to_left=is_right_to_left())
        suggested = self._folder() / (name + XLSX.suffix)
        filters = [_(known.name_filter) for known in FORMATS]
        if self._choose_path is not None:
            self._path_chosen(*self._choose_path(self._window, _("Export the list"), suggested,
                                                 filters))
            return
        dialog = QFileDialog(self._window, _("Export the list"), str(suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters(filters)
        dialog.selectNameFilter(filters[0])
        # The dialog adds the suffix itself, so its "replace the file?" names the file really
        # written; with_suffix() is the safety net for a dialog that does not.
        dialog.setDefaultSuffix(XLSX.suffix[1:])
        dialog.filterSelected.connect(lambda chosen: dialog.setDefaultSuffix(
            format_for(Path(), chosen).suffix[1:]))
        dialog.finished.connect(self._dialog_finished)
        self.file_dialog = dialog
        dialog.open()

    def _folder(self) -> Path:
        remembered = self.context.settings.export_folder if self.context is not None else ""
        if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
            return Path(remembered)
        return documents_folder()

    @Slot(int)
    def _dialog_finished(self, result: int) -> None:
        dialog, self.file_dialog = self.file_dialog, None
        if dialog is None:
            return
        files = dialog.selectedFiles() if result == QDialog.DialogCode.Accepted else []
        dialog.deleteLater()
        self._path_chosen(files[0] if files else "", dialog.selectedNameFilter())

    def _path_chosen(self, chosen: str, name_filter: str) -> None:
        if not chosen:
            self.cancelled = True
            self._finish(None)
            return
        self.file_format = format_for(Path(chosen), name_filter)
        self.path = with_suffix(Path(chosen), self.file_format)
        self._columns = visible_columns(self.source.view)
        for signal in _change_signals(self.model):
            signal.connect(self._model_changed)
        self._clock.start()
        self._timer.start()

    # -- reading the rows, a few at a time ----------------------------------------------------

    @Slot()
    def _model_changed(self, *_args: object) -> None:
        if not self._own_insert:  # the rows fetchMore() brings at our request are expected
            self._changed = True

    @Slot()
    def _step(self) -> None:
        if self.done:
            return
        if self._changed:
            self._stop_reading()
            self._say(_("The list changed while it was being saved, so nothing was written: "
                        "export it again."))
            self._finish(None)
            return
        model, view = self.model, self.source.view
        started, work = time.monotonic(), 0
        while work < self._rows_per_step and time.monotonic() - started < STEP_SECONDS:
            work += 1
            if self._fetching:
                before = model.rowCount()
                if model.canFetchMore(QModelIndex()):
                    self._own_insert = True
                    try:
                        model.fetchMore(QModelIndex())
                    finally:
                        self._own_insert = False
                # A model that says "more" but brings nothing would keep us here for ever.
                self._fetching = model.canFetchMore(QModelIndex()) and model.rowCount() > before
            elif self._next_row < model.rowCount():
                if not view.isRowHidden(self._next_row):
                    self._rows.append(row_cells(view, self._next_row, self._columns))
                self._next_row += 1
            else:
                break
        self.steps += 1
        if not self._fetching and self._next_row >= model.rowCount():
            self._stop_reading()
            self._write()
            return
        total = 0 if self._fetching else model.rowCount()
        self._show_progress(self._next_row, total)
        self.progressed.emit(self._next_row, total)
        if not self.done:  # Cancel may have been pressed meanwhile
            self._timer.start()

    def _show_progress(self, done: int, total: int) -> None:
        if self.progress is None and self._clock.elapsed() >= self._delay_ms:
            dialog = QProgressDialog(self._window)
            dialog.setWindowTitle(_("Please wait"))
            dialog.setLabelText(_("Reading the rows of the list…"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setMinimumWidth(420)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setCancelButtonText(_("Cancel"))
            dialog.canceled.connect(self.cancel)
            dialog.show()
            self.progress = dialog
        if self.progress is not None:
            self.progress.setRange(0, total)  # 0..0: a busy bar while pages are still coming
            self.progress.setValue(min(done, total))

    @Slot()
    def cancel(self) -> None:
        """Stop reading: nothing has been written yet, so no file is left behind."""
        if self.done or self.task is not None or self.path is None:
            return  # the write itself is short and atomic: it is not stopped half-way
        self.cancelled = True
        self._stop_reading()
        self._finish(None)

    def _stop_reading(self) -> None:
        self._timer.stop()
        for signal in _change_signals(self.model):
            with contextlib.suppress(RuntimeError, TypeError):  # gone with the model already
                signal.disconnect(self._model_changed)

    # -- writing ------------------------------------------------------------------------------

    def _write(self) -> None:
        path, file_format, right_to_left = self.path, self.file_format, is_right_to_left()
        assert path is not None
        table = Table(self.source.title, header_texts(self.source.view, self._columns),
                      tuple(self._rows))
        label = _("Writing {name}…").format(name=ltr(path.name))
        if self.progress is not None:
            self.progress.setLabelText(label)
            self.progress.setRange(0, 0)
            self.progress.setCancelButton(None)  # the write is atomic: nothing to stop
        task = BackgroundTask(
            lambda _control: write_table(table, path, file_format, right_to_left=right_to_left),
            parent=self._window, label=label, cancellable=False,
            progress_delay_ms=NEVER_MS if self.progress is not None else PROGRESS_DELAY_MS)
        task.succeeded.connect(lambda _result: self._written(len(table.rows)))
        task.failed.connect(self._failed)
        self.task = task
        task.start()

    def _written(self, count: int) -> None:
        assert self.path is not None
        self._close_progress()
        self._remember(self.path.parent)
        self._say(saved_text(count, self.path), problem=False)
        self._finish(self.path)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        if isinstance(error, OSError) and self.path is not None:
            self._say(write_problem(error, self.path))
        else:
            show_error(self._window, error)  # unexpected: logged, shown once with details
        self._finish(None)

    def _remember(self, folder: Path) -> None:
        if self.context is None or self.context.settings.export_folder == str(folder):
            return
        self.context.settings.export_folder = str(folder)
        try:
            self.context.settings.save(self.context.dirs.config)
        except OSError:  # the list is saved; only remembering its folder failed
            log.warning("could not save the export folder setting", exc_info=True)

    # -- saying it ----------------------------------------------------------------------------

    def _say(self, text: str, *, problem: bool = True) -> None:
        """News in the window's status bar (a box in a dialog); a problem always in a box."""
        self.message = text
        if not problem and isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(text, STATUS_MS)
            return
        box = QMessageBox(QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information,
                          app_title(), text, QMessageBox.StandardButton.Ok, self._window)
        plain_buttons(box)
        self.message_box = box
        box.open()

    def _close_progress(self) -> None:
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.close()  # says "canceled" too; cancel() ignores it once done or writing
            progress.deleteLater()

    def _finish(self, path: Path | None) -> None:
        if self.done:
            return
        self.done = True
        self._close_progress()
        self.finished.emit(path)


def export_list(source: ExportableList, parent: QWidget, **options: Any) -> ListExport:
    """Start exporting ``source``; ``options`` go to ListExport (tests choose the path)."""
    export = ListExport(source, parent, **options)
    export.start()
    return export


# -- where it is reached from ---------------------------------------------------------------------


class ExportListAction(QAction):
    """File ▸ Export this list…: enabled while the page on screen has a list to export."""

    def __init__(self, window: QMainWindow, pages: QStackedWidget) -> None:
        super().__init__(_("Export &this list…"), window)
        self.setObjectName("exportListAction")
        self.setShortcut(QKeySequence(SHORTCUT))
        self.setStatusTip(_("Save the list on this page as an Excel workbook or a CSV file"))
        self._window = window
        self._pages = pages
        self.export: ListExport | None = None  # the latest one
        self.options: dict[str, Any] = {}  # for ListExport
        pages.currentChanged.connect(self.refresh)
        self.triggered.connect(self.run)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.setEnabled(exportable_list_of(self._pages.currentWidget()) is not None)

    @Slot()
    def run(self) -> None:
        if self.export is not None and not self.export.done:
            return  # one at a time: the shortcut pressed twice does not ask twice
        source = exportable_list_of(self._pages.currentWidget())
        if source is None:
            self.setEnabled(False)
            return
        self.export = export_list(source, self._window, **self.options)


def add_export_button(buttons: QDialogButtonBox, title: str, view: QTableView,
                      **options: Any) -> QPushButton:
    """An Export… button in a dialog's button box (a dialog is not a page of the window).

    The exports it started are in the button's ``exports`` list, the latest last.
    """
    button = QPushButton(_("Export…"))
    button.setObjectName("exportButton")
    button.setAutoDefault(False)
    button.setToolTip(_("Save this list as an Excel workbook or a CSV file"))
    buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
    exports: list[ListExport] = []

    def run() -> None:
        if not exports or exports[-1].done:
            exports.append(export_list(ExportableList(title, view), button, **options))

    button.clicked.connect(run)
    button.exports = exports  # type: ignore[attr-defined]
    return button
