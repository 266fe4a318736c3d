"""Which window is on screen: first run, then sign in, then the main window, and back.

The shell owns the sequence and nothing else; every window gets its parts through its
constructor. It never quits the application itself: it emits ``quit_requested`` and
``run_gui`` connects that to ``QApplication.quit`` (tests watch the signal instead).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from desktop.app import AppContext
from desktop.services.base import Session
from desktop.ui.changes import ChangeNotifier
from desktop.ui.field_setup import field_setup_service
from desktop.ui.first_run import DemoLoader, FirstRunDialog
from desktop.ui.language import LanguageSwitch
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.page_registry import FormOpener, PageContext, build_page


def demo_loader(context: AppContext) -> DemoLoader | None:
    """The demo, if this installation has it; run on a worker thread by the first-run dialog."""
    try:
        from desktop.demo import populate_demo
    except ModuleNotFoundError as error:
        if error.name != "desktop.demo":
            raise
        return None
    return lambda progress: populate_demo(context, progress=progress)


class Shell(QObject):
    quit_requested = Signal()

    def __init__(
        self,
        context: AppContext,
        *,
        database_path: Path,
        language: LanguageSwitch,
        load_demo: DemoLoader | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._database_path = database_path
        self._language = language
        self._load_demo = load_demo
        self.first_run: FirstRunDialog | None = None
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        if self._context.auth.has_accounts():
            self.show_login()
        else:
            self.show_first_run()

    # -- first run ------------------------------------------------------------------------------

    def show_first_run(self) -> None:
        dialog = FirstRunDialog(self._context.accounts, load_demo=self._load_demo,
                                language=self._language,
                                field_setup=field_setup_service(self._context))
        dialog.accepted.connect(self._first_run_done)
        dialog.rejected.connect(self.quit_requested)
        self.first_run = dialog
        dialog.show()

    @Slot()
    def _first_run_done(self) -> None:
        dialog, self.first_run = self.first_run, None
        username = dialog.username if dialog is not None else ""
        self.show_login(username)
        if dialog is not None:
            dialog.deleteLater()

    # -- sign in --------------------------------------------------------------------------------

    def show_login(self, username: str = "") -> None:
        dialog = LoginDialog(self._context.auth, self._language,
                             database_name=self._database_path.name, username=username)
        dialog.logged_in.connect(self._logged_in)
        dialog.rejected.connect(self.quit_requested)
        self.login = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    @Slot(object)
    def _logged_in(self, session: Session) -> None:
        self.open_main(session)
        dialog, self.login = self.login, None
        if dialog is not None:
            dialog.deleteLater()

    # -- main window ----------------------------------------------------------------------------

    def open_main(self, session: Session, *, page: str | None = None,
                  geometry: bytes | None = None) -> MainWindow:
        notifier = ChangeNotifier()
        page_context = PageContext(self._context, session, notifier,
                                   FormOpener(lambda: page_context))
        window = MainWindow(
            session=session,
            overview=self._context.overview,
            device_code=self._context.device.short_code,
            database_path=self._database_path,
            language=self._language,
            page_factory=lambda entry: build_page(entry, page_context),
        )
        notifier.setParent(window)
        window.logout_requested.connect(self._log_out)
        window.language_changed.connect(self._rebuild)
        window.closed.connect(self._window_closed)
        if geometry is not None:
            window.restoreGeometry(geometry)
        if page is not None and page in window.navigation_keys():
            window.show_page(page)
        self.window = window
        window.show()
        return window

    def _retire_window(self) -> MainWindow | None:
        """Take the current window off duty first, so closing it does not quit Taslim."""
        window, self.window = self.window, None
        if window is not None:
            window.close()
            window.deleteLater()
        return window

    @Slot()
    def _log_out(self) -> None:
        window = self.window
        username = window.session.username if window is not None else ""
        self.show_login(username)  # first, so that a window is on screen throughout
        self._retire_window()

    @Slot()
    def _rebuild(self) -> None:
        # Rebuilding the window for the same session is simpler and surer than re-setting every
        # text of every page; the page shown and the window's place on screen are kept.
        old = self.window
        if old is None:
            return
        self.window = None
        self.open_main(old.session, page=old.current_key(), geometry=bytes(old.saveGeometry()))
        old.close()
        old.deleteLater()

    @Slot()
    def _window_closed(self) -> None:
        if self.sender() is self.window:
            self.window = None
            self.quit_requested.emit()
