"""Headquarters' import screen: choose the laptops' files, check them, import them, answer.

A check (the services' dry run) writes nothing and says per file what it would bring; Import
then takes each file in its own transaction. Refused files are shown with their sentence, a
tamper alarm (a laptop's history differing from the one already held) in unmissable red. After
the import the supervisor writes one receipt per laptop onto the USB stick. Below, the journal
of every file ever offered here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _, ngettext
from desktop.services.sync_import import IMPORTED, WOULD_IMPORT
from desktop.services.sync_journal import ImportJournal, journal_path
from desktop.sync.bundle import BUNDLE_SUFFIX
from desktop.ui.certificates.common import Note, documents_folder, hint, paragraph
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.look import repolish
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import ROW_HEIGHT, RecordTable, ltr, page_title
from desktop.ui.sync.common import (
    FORK,
    STOPPED,
    SYNC_STYLE,
    UNCHECKED,
    DropArea,
    DropTarget,
    KeepColours,
    say,
    section_title,
)
from desktop.ui.sync.import_model import (
    FileColumn,
    FileRow,
    FilesModel,
    HistoryColumn,
    HistoryModel,
    entry_message,
)
from desktop.ui.sync.import_run import (
    SCALE,
    RunResult,
    imported_changes,
    make_work,
    names_list,
    receipt_devices,
    run_files,
    summary,
    write_receipts,
)
from desktop.ui.tasks import BackgroundTask

IMPORT_PATTERNS = f"*{BUNDLE_SUFFIX} *.db"
DROP_AREA_HEIGHT = 220
MIN_FILE_ROWS, MAX_FILE_ROWS = 2, 6
HISTORY_MIN_HEIGHT = 130
BUNDLE_GLOB = f"*{BUNDLE_SUFFIX}"


class DetailsPane(QFrame):
    """Everything about the chosen row in full sentences: the table cells are too narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.facts = QLabel()
        self.facts.setObjectName("hintText")
        self.text = QLabel()
        self.text.setObjectName("detailsText")
        self.warnings = QLabel()
        self.warnings.setObjectName("warningText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        for label in (self.title, self.facts, self.text, self.warnings):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)

    def show_row(self, row: FileRow | None) -> None:
        if row is None:
            self.setVisible(False)
            return
        report = row.report
        state = row.state
        self.title.setText(paragraph(ltr(row.path.name)))
        facts = [_("Folder: {folder}").format(folder=ltr(str(row.path.parent)))]
        if report is not None and report.device_code:
            facts.append(_("Laptop: {code}").format(code=ltr(report.device_code)))
        if report is not None and report.last_seq:
            facts.append(_("Records No. {first} to {last}").format(
                first=number(report.first_seq), last=number(report.last_seq)))
        self.facts.setText(paragraph(" · ".join(facts)))
        self.text.setText(explanation(row))
        warnings = report.warnings if report is not None and not row.stopped else []
        self.warnings.setText("\n".join(f"• {warning}" for warning in warnings))
        self.warnings.setVisible(bool(warnings))
        if state == FORK:
            tone = "alarm"
        elif state == "refused":
            tone = "error"
        elif warnings or state == STOPPED or (report is not None and report.conflicts):
            tone = "warn"
        elif state in (WOULD_IMPORT, IMPORTED):
            tone = "good"
        else:
            tone = "info"
        self.setProperty("tone", tone)
        repolish(self)
        for label in (self.text, self.warnings):
            repolish(label)
        self.setVisible(True)


def explanation(row: FileRow) -> str:
    """What the row's result means and what to do next, in whole sentences."""
    report = row.report
    state = row.state
    if state == STOPPED:
        return _("The import was stopped before this file; nothing of it was written. Check it "
                 "and import it again.")
    if report is None or state == UNCHECKED:
        return _("Not checked yet. Press “Check files” to see what it would bring; a check "
                 "writes nothing.")
    if report.message:
        return report.message  # a refusal: the service's own sentence says why and what to do
    sentences = []
    if state == WOULD_IMPORT:
        sentences.append(ngettext(
            "Checked: it brings {count} new record. Nothing has been written yet; press "
            "“Import” to take it.",
            "Checked: it brings {count} new records. Nothing has been written yet; press "
            "“Import” to take them.", report.new).format(count=number(report.new)))
    elif state == IMPORTED:
        sentences.append(ngettext("Imported: {count} new record was added.",
                                  "Imported: {count} new records were added.",
                                  report.new).format(count=number(report.new)))
    else:
        sentences.append(_("Headquarters already holds everything in this file; importing it "
                           "changes nothing."))
    if report.conflicts:
        sentences.append(ngettext(
            "{count} record differs from the copy headquarters holds: both versions are kept "
            "until you decide on the Conflicts screen.",
            "{count} records differ from the copy headquarters holds: both versions are kept "
            "until you decide on the Conflicts screen.",
            report.conflicts).format(count=number(report.conflicts)))
    return " ".join(sentences)


class ImportPage(DropTarget):
    """``checked`` and ``imported`` are emitted when a run's answers are on the screen."""

    checked = Signal()
    imported = Signal()
    receipts_written = Signal(list)  # list[Path]

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        context = page_context.context
        self._journal = ImportJournal(journal_path(context.database.path))
        self.model = FilesModel(self)
        self.history_model = HistoryModel(self)
        self.task: BackgroundTask | None = None
        self._running: list[Path] = []
        self._progress_text = ""
        self.devices: list[tuple[str, str]] = []  # laptops a receipt can be written for

        self.add_button = QPushButton(_("Add files…"))
        self.remove_button = QPushButton(_("Remove from the list"))
        self.clear_button = QPushButton(_("Clear the list"))
        self.check_button = QPushButton(_("Check files"))
        self.check_button.setToolTip(_("See what each file would bring; nothing is written"))
        self.import_button = QPushButton(_("Import"))
        self.import_button.setToolTip(_("Import the checked files, each one on its own"))
        for button in (self.add_button, self.remove_button, self.clear_button,
                       self.check_button, self.import_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(self.clear_files)
        self.check_button.clicked.connect(self.check_files)
        self.import_button.clicked.connect(self.import_files)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        actions.addWidget(self.clear_button)
        actions.addStretch()
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)

        self.alarm = Note()
        self.note = Note()
        self.receipts_button = QPushButton(_("Write receipts…"))
        self.receipts_button.setAutoDefault(False)
        self.receipts_button.setToolTip(_("Write one receipt per laptop into a folder, e.g. on "
                                          "the USB stick; the laptop reads it to learn what "
                                          "headquarters holds"))
        self.receipts_button.clicked.connect(self.choose_receipts_folder)
        self.note.row.addWidget(self.receipts_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.drop_area = DropArea(
            _("Drop the bundle files ({extension}) from the USB stick here, or choose them…")
            .format(extension=ltr(BUNDLE_SUFFIX)),
            _("Choose files…"))
        self.drop_area.setMaximumHeight(DROP_AREA_HEIGHT)
        self.drop_area.choose_button.clicked.connect(self.choose_files)
        self.dropped.connect(self.add_paths)
        self.table = RecordTable()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # names differ at the end
        self.table.setItemDelegate(KeepColours(self.table))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FileColumn.FILE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._fit_table)
        self.details = DetailsPane()
        # Its sentences are the point of the screen: the history gives way, not they.
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.details.setVisible(False)

        self.history_table = RecordTable()
        self.history_table.setItemDelegate(KeepColours(self.history_table))
        self.history_table.setModel(self.history_model)
        self.history_table.setMinimumHeight(HISTORY_MIN_HEIGHT)
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryColumn.FILE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HistoryColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.history_table.setColumnWidth(HistoryColumn.FILE, 190)
        self.history_table.selectionModel().currentRowChanged.connect(self._history_chosen)
        self.history_empty = hint(_("No file has been offered for import on this computer "
                                    "yet."))
        # The message column is narrow; the chosen entry's sentence is written out under it.
        self.history_message = QLabel()
        self.history_message.setWordWrap(True)
        self.history_message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_message.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(page_title(_("Import data from field laptops")))
        layout.addWidget(hint(_("Add the bundle files ({extension}) the laptops exported, or a "
                                "field laptop's database file. Check them first: a check "
                                "writes nothing, and each file is imported on its own.")
                              .format(extension=ltr(BUNDLE_SUFFIX))))
        layout.addLayout(actions)
        layout.addWidget(self.alarm)
        layout.addWidget(self.note)
        layout.addWidget(self.drop_area)
        layout.addWidget(self.table)
        layout.addWidget(self.details)
        layout.addSpacing(6)
        layout.addWidget(section_title(_("Import history")))
        layout.addWidget(self.history_empty)
        layout.addWidget(self.history_table, 1)
        layout.addWidget(self.history_message)
        self.history_stretch = QWidget()  # takes the room while the history is empty
        layout.addWidget(self.history_stretch, 1)
        self.setStyleSheet(SYNC_STYLE)
        self.reload_history()
        self._update()

    @Slot()
    def _fit_table(self) -> None:
        """As tall as its rows (a few more as room to drop): the history needs the space."""
        rows = min(max(self.model.rowCount(), MIN_FILE_ROWS), MAX_FILE_ROWS)
        frame = 2 * self.table.frameWidth()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + rows * ROW_HEIGHT + frame)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload_history()  # files may have been imported from the command line meanwhile

    # -- the list of files ----------------------------------------------------------------------

    @Slot()
    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose the files to import"), str(documents_folder()),
            ";;".join([_("Bundles and field databases ({patterns})").format(
                patterns=IMPORT_PATTERNS), _("All files (*)")]))
        if names:
            self.add_paths([Path(name) for name in names])

    @Slot(list)
    def add_paths(self, paths: list[Path]) -> int:
        """Add files; a folder (the USB stick itself) brings the bundles inside it."""
        if self._busy():
            return 0
        chosen: list[Path] = []
        empty: list[Path] = []
        for path in paths:
            if path.is_dir():
                try:
                    inside = sorted(p for p in path.glob(BUNDLE_GLOB) if p.is_file())
                except OSError:  # e.g. the stick was pulled out: said as an empty folder
                    inside = []
                chosen.extend(inside)
                if not inside:
                    empty.append(path)
            else:
                chosen.append(path)
        added = self.model.add(chosen)
        if empty:
            self.note.say(_("There is no bundle file ({extension}) in {folder}.").format(
                extension=ltr(BUNDLE_SUFFIX), folder=ltr(str(empty[0]))), "info")
        elif added and self.note.property("tone") == "info":
            self.note.clear()  # the old hint, not an import's summary with its receipts
        self._update()
        if added and not self.table.selectionModel().hasSelection():
            self._select_row(self.model.rowCount() - added)
        return added

    @Slot()
    def remove_selected(self) -> None:
        if not self._busy():
            self.model.remove(self._selected_rows())
            self._update()

    @Slot()
    def clear_files(self) -> None:
        if not self._busy():
            self.model.clear()
            self.note.clear()
            self.devices = []
            self._update()

    def _selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def _select_row(self, row: int) -> None:
        self.table.select_row(row)

    @Slot()
    def _selection_changed(self) -> None:
        current = self.table.currentIndex()
        self.details.show_row(self.model.row(current.row()) if current.isValid() else None)
        self._update()

    # -- checking and importing -----------------------------------------------------------------

    @Slot()
    def check_files(self) -> None:
        self._start(apply=False)

    @Slot()
    def import_files(self) -> None:
        if self.model.all_checked():
            self._start(apply=True)

    def _start(self, *, apply: bool) -> None:
        paths = self.model.paths()
        if self._busy() or not paths:
            return
        self.note.clear()
        self._running = paths
        self._progress_text = (_("Importing file {number} of {total}: {name}") if apply
                               else _("Checking file {number} of {total}: {name}"))
        context = self._page_context.context
        task = BackgroundTask(
            make_work(run_files, context.imports, paths, self._page_context.session,
                      apply=apply),
            parent=self, label=self._progress_label(0))
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._imported if apply else self._checked)
        task.failed.connect(lambda error: show_error(self, error))
        task.done.connect(self._update)
        self.task = task
        task.start()
        self._update()

    def _progress_label(self, index: int) -> str:
        index = min(max(index, 0), len(self._running) - 1)
        return self._progress_text.format(number=number(index + 1),
                                          total=number(len(self._running)),
                                          name=ltr(self._running[index].name))

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        task = self.task
        if task is not None and task.dialog is not None and not task.control.cancelled:
            task.dialog.setLabelText(self._progress_label(done // SCALE))

    @Slot(object)
    def _checked(self, result: RunResult) -> None:
        self.model.set_reports(result.reports, applied=False)
        self.devices = []
        self._after_run(result)
        if result.stopped:
            self.note.say(_("Check stopped; the files not checked yet say so."), "info")
        self.checked.emit()

    @Slot(object)
    def _imported(self, result: RunResult) -> None:
        self.model.set_reports(result.reports, applied=True, stopped=set(result.not_reached))
        reports = list(result.reports.values())
        self._page_context.notifier.announce(imported_changes(reports))
        self.devices = receipt_devices(reports)
        self.reload_history()
        if reports or result.stopped:
            say(self.note, *summary(reports, result.stopped))
        self._after_run(result)
        self.imported.emit()

    def _after_run(self, result: RunResult) -> None:
        forks = [n for n, row in enumerate(self.model.rows) if row.state == FORK]
        if forks:
            say(self.alarm, _("TAMPER ALARM: a file shows a laptop's history different from the "
                             "one already imported. It is marked in red below: keep the USB "
                             "stick and report it."), "alarm")
        else:
            self.alarm.clear()
        # The row that needs a person most is shown first: an alarm, then any refusal.
        refused = [n for n, row in enumerate(self.model.rows) if row.state == "refused"]
        target = (forks or refused or [max(self.table.currentIndex().row(), 0)])[0]
        self._select_row(target)
        self._selection_changed()
        if result.error is not None:
            show_error(self, result.error)

    # -- receipts -------------------------------------------------------------------------------

    @Slot()
    def choose_receipts_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the folder for the receipts"), str(documents_folder()))
        if folder:
            self.write_receipts_to(Path(folder))

    def write_receipts_to(self, folder: Path) -> None:
        if self._busy() or not self.devices:
            return
        task = BackgroundTask(
            make_work(write_receipts, self._page_context.context.receipts, list(self.devices),
                      folder),
            parent=self, label=_("Writing the receipts…"), cancellable=False)
        task.succeeded.connect(lambda written: self._receipts_done(folder, written))
        task.failed.connect(self._receipts_failed)
        task.done.connect(self._update)
        self.task = task
        task.start()
        self._update()

    def _receipts_done(self, folder: Path, written: list[Path]) -> None:
        self.note.say(_("Receipts written to {folder}: {files}. Give each laptop its own "
                        "receipt; it is read there under “Send to headquarters”.").format(
            folder=ltr(str(folder)), files=names_list(written)), "good")
        self.receipts_written.emit(written)

    def _receipts_failed(self, error: BaseException) -> None:
        if isinstance(error, TaslimError):
            self.note.say(str(error), "error")  # e.g. the USB stick is full or was pulled out
        else:
            show_error(self, error)

    # -- history and the buttons ----------------------------------------------------------------

    def reload_history(self) -> None:
        try:
            entries = self._journal.entries()
        except OSError as error:
            self.history_empty.setText(_("The import history cannot be read ({reason}).")
                                       .format(reason=error.strerror or error))
            self.history_empty.setVisible(True)
            self.history_table.setVisible(False)
            self.history_stretch.setVisible(True)
            return
        self.history_model.set_entries(entries)
        self.history_empty.setVisible(not entries)
        self.history_table.setVisible(bool(entries))
        self.history_stretch.setVisible(not entries)
        self.history_message.setVisible(False)

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Import history"), self.history_table, self._page_context.context)

    @Slot(QModelIndex)
    def _history_chosen(self, current: QModelIndex) -> None:
        entries = self.history_model.entries
        message = entry_message(entries[current.row()]) if current.isValid() else ""
        self.history_message.setText(message)
        self.history_message.setVisible(bool(message))

    def _busy(self) -> bool:
        return self.task is not None and self.task.running

    @Slot()
    def _update(self) -> None:
        busy = self._busy()
        has_files = self.model.rowCount() > 0
        ready = self.model.all_checked()
        self.drop_area.setVisible(not has_files)
        self.table.setVisible(has_files)
        self._fit_table()
        if not has_files:
            self.details.setVisible(False)
        self.add_button.setEnabled(not busy)
        self.drop_area.choose_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and bool(self._selected_rows()))
        self.clear_button.setEnabled(not busy and has_files)
        self.check_button.setEnabled(not busy and has_files)
        self.import_button.setEnabled(not busy and ready)
        self.receipts_button.setVisible(bool(self.devices))
        self.receipts_button.setEnabled(not busy and bool(self.devices))
        # The next step is the one drawn as the main button: check first, then import.
        for button, main in ((self.check_button, has_files and not ready),
                             (self.import_button, ready)):
            name = "primary" if main else ""
            if button.objectName() != name:
                button.setObjectName(name)
                repolish(button)
