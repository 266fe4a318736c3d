"""The main window: role-aware navigation on the start side, one page at a time.

It is handed what it shows (the session, the services it reads, the device code, the database
path) and says what the person asked for by signal; the shell (desktop.ui.shell) decides what
happens on log out, language change and closing. Nothing here is global.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop.domain.enums import ROLE_LABELS
from desktop.i18n import LANGUAGES, _
from desktop.services.base import Session
from desktop.services.overview import OverviewService
from desktop.ui.about import AboutDialog
from desktop.ui.errors import app_title, logs_folder, open_logs_folder
from desktop.ui.language import LanguageSwitch
from desktop.ui.list_export import ExportListAction
from desktop.ui.look import APP_ICON, icon
from desktop.ui.pages import NAVIGATION, HomePage, NavEntry, PlaceholderPage, display_name

NAVIGATION_WIDTH = 300


class MainWindow(QMainWindow):
    logout_requested = Signal()
    language_changed = Signal(str)  # the language is already applied; rebuild the texts
    closed = Signal()

    def __init__(
        self,
        *,
        session: Session,
        overview: OverviewService,
        device_code: str,
        database_path: Path,
        language: LanguageSwitch,
        page_factory: Callable[[NavEntry], QWidget] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._device_code = device_code
        self._database_path = database_path
        self._language = language
        self.about_dialog: AboutDialog | None = None
        self.entries: tuple[NavEntry, ...] = NAVIGATION[session.role]
        self.setWindowTitle(app_title())
        self.setWindowIcon(icon(APP_ICON))
        self.resize(1180, 760)
        self.setMinimumSize(900, 600)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(30, 30))
        self.navigation.setFixedWidth(NAVIGATION_WIDTH)
        # Long entries wrap onto a second line instead of growing a horizontal scroll bar.
        self.navigation.setWordWrap(True)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.navigation.setSpacing(2)
        self.pages = QStackedWidget()
        self.home: HomePage | None = None
        for entry in self.entries:
            item = QListWidgetItem(icon(entry.icon), _(entry.label))
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.navigation.addItem(item)
            if entry.key == "home":
                self.home = HomePage(session, overview, device_code=device_code)
                self.pages.addWidget(self.home)
            elif page_factory is not None:
                self.pages.addWidget(page_factory(entry))
            else:
                self.pages.addWidget(PlaceholderPage(entry))
        self.navigation.currentRowChanged.connect(self._page_chosen)

        central = QWidget()
        # A horizontal layout follows the layout direction: the navigation is on the start side
        # (the right in Arabic, the left in English) with no code of our own.
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self.navigation.setCurrentRow(0)
        self.navigation.setFocus()

    # -- navigation -----------------------------------------------------------------------------

    def navigation_keys(self) -> list[str]:
        return [entry.key for entry in self.entries]

    def navigation_texts(self) -> list[str]:
        return [self.navigation.item(row).text() for row in range(self.navigation.count())]

    def current_key(self) -> str:
        return self.entries[max(self.navigation.currentRow(), 0)].key

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self.navigation_keys().index(key))

    @Slot()
    def _export_for_headquarters(self) -> None:
        self.show_page("exchange")
        page = self.pages.currentWidget()
        choose = getattr(page, "choose_bundle_path", None)
        if choose is not None:
            choose()

    @Slot(int)
    def _page_chosen(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        if self.entries[row].key == "home" and self.home is not None:
            self.home.refresh()  # figures may have changed since the page was last shown

    # -- menus and status bar -------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.export_action: QAction | None = None
        if "exchange" in self.navigation_keys():
            # The same as the export button of the Send-to-headquarters page, from anywhere.
            self.export_action = QAction(icon("device"), _("&Export for headquarters…"), self)
            self.export_action.setShortcut(QKeySequence("Ctrl+E"))
            self.export_action.triggered.connect(self._export_for_headquarters)
            file_menu.addAction(self.export_action)
            file_menu.addSeparator()
        # Any list on screen to XLSX or CSV: enabled on pages that offer one.
        self.export_list_action = ExportListAction(self, self.pages)
        file_menu.aboutToShow.connect(self.export_list_action.refresh)
        file_menu.addAction(self.export_list_action)
        file_menu.addSeparator()
        self.logout_action = QAction(icon("logout"), _("&Log out"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+L"))
        self.logout_action.triggered.connect(self.logout_requested)
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        self.quit_action = QAction(icon("quit"), _("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        settings_menu = self.menuBar().addMenu(_("&Settings"))
        language_menu = settings_menu.addMenu(icon("language"), _("&Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for code, name in LANGUAGES.items():  # each language named in itself
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == self._language.current)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action

        help_menu = self.menuBar().addMenu(_("&Help"))
        # The rotating log (desktop/logsetup.py) is what a supervisor asks for after an error.
        self.logs_action = QAction(_("Open the &logs folder"), self)
        self.logs_action.setStatusTip(str(logs_folder()))
        self.logs_action.triggered.connect(lambda: open_logs_folder(self))
        help_menu.addAction(self.logs_action)
        help_menu.addSeparator()
        self.about_action = QAction(icon("about"), _("&About Taslim"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        self.about_qt_action = QAction(_("About &Qt"), self)
        self.about_qt_action.triggered.connect(lambda: QMessageBox.aboutQt(self, app_title()))
        help_menu.addAction(self.about_qt_action)

    def _build_status_bar(self) -> None:
        self.database_status = QLabel(
            _("Database: {name}").format(name=self._database_path.name))
        self.database_status.setToolTip(str(self._database_path))
        self.user_status = QLabel(_("User: {name}").format(name=display_name(self.session)))
        self.role_status = QLabel(_("Role: {role}").format(role=_(ROLE_LABELS[self.session.role])))
        bar = self.statusBar()
        for label in (self.user_status, self.role_status, self.database_status):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    # -- actions --------------------------------------------------------------------------------

    @Slot(str)
    def choose_language(self, code: str) -> None:
        if code == self._language.current:
            return
        self._language.choose(code)
        self.language_changed.emit(code)

    @Slot()
    def show_about(self) -> None:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(
                database_path=self._database_path, device_code=self._device_code, parent=self)
        self.about_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
