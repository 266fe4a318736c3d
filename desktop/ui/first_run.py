"""First run on a database without accounts: load the demo, set up a new installation, or set up
a field laptop from headquarters (desktop.ui.field_setup)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import ROLE_LABELS, Role
from desktop.domain.errors import TaslimError, ValidationError
from desktop.i18n import LANGUAGES, _
from desktop.services.accounts import AccountService
from desktop.services.field_setup import FieldSetupService
from desktop.ui.errors import app_title, show_error
from desktop.ui.field_setup import FieldSetupPage, FileChooser
from desktop.ui.language import LanguageSwitch
from desktop.ui.look import APP_ICON, form_label, form_layout, icon
from desktop.ui.tasks import BackgroundTask

Progress = Callable[[int, int], None]
DemoLoader = Callable[[Progress], object]
FIELD_SIZE = QSize(780, 900)  # the field set-up's three steps, where the screen allows

# The demo's sign-in details, as the README documents them. Shown after loading so that the
# person trying Taslim out does not have to look them up.
DEMO_LOGINS: tuple[tuple[Role, str, str], ...] = (
    (Role.SUPERVISOR, "supervisor", "demo-supervisor"),
    (Role.OFFICER, "officer", "demo-officer"),
    (Role.CLERK, "clerk", "demo-clerk"),
)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    return label


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ChoiceButton(QPushButton):
    """A big button with an icon, a bold title and a sentence of explanation.

    QCommandLinkButton would do, but it keeps its icon on the left in a right-to-left layout;
    a layout inside a push button follows the direction like everything else.
    """

    def __init__(self, icon_name: str, title: str, description: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choice")
        self.setAutoDefault(False)  # a choice, not the dialog's default action
        picture = QLabel()
        picture.setPixmap(icon(icon_name).pixmap(QSize(36, 36)))
        self.title = QLabel(title)
        self.title.setObjectName("choiceTitle")
        self.title.setWordWrap(True)
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        for label in (picture, self.title, self.description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addWidget(self.title)
        texts.addWidget(self.description)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 12, 14, 12)
        row.setSpacing(14)
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(texts, 1)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_description(self, text: str) -> None:
        self.description.setText(text)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)


class FirstRunDialog(QDialog):
    """Accepted once the database has an account to sign in with.

    ``username`` is then the user name to offer on the sign-in dialog (empty after the demo).
    """

    CHOICE, SETUP, DEMO_DONE, FIELD = range(4)

    def __init__(
        self,
        accounts: AccountService,
        *,
        load_demo: DemoLoader | None,
        language: LanguageSwitch,
        field_setup: FieldSetupService | None = None,
        choose_file: FileChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._field_setup = field_setup
        self._choose_file = choose_file
        self.field_page: FieldSetupPage | None = None
        self._language = language
        self._load_demo = load_demo
        self.task: BackgroundTask | None = None
        self.username = ""
        self.demo_report: object | None = None
        self.setWindowTitle(app_title())
        self.setWindowIcon(icon(APP_ICON))
        self.setMinimumWidth(640)
        self.pages = QStackedWidget()
        self._build_pages()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.pages)
        if self.field_page is not None and self.field_page.current_step() > 1:
            # A field laptop half set up (enrolled yesterday, data today) goes on where it was.
            self.show_field_setup()

    def _build_pages(self) -> None:
        # Built in code in the current language; a language switch simply builds them again.
        while self.pages.count():
            old = self.pages.widget(0)
            self.pages.removeWidget(old)
            old.deleteLater()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._demo_done_page())
        self.pages.addWidget(self._field_page())

    @property
    def busy(self) -> bool:
        """Something is being written (the demo, headquarters' data): it must not be cut off."""
        return self.task is not None or (self.field_page is not None and self.field_page.busy)

    @Slot(str)
    def choose_language(self, code: str) -> None:
        if code != self._language.current and not self.busy:
            self._language.choose(code)
            self._build_pages()  # the new buttons show the new choice
            self._fit_height()
            return
        for other, button in self.language_buttons.items():
            button.setChecked(other == self._language.current)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Qt does not size a window by its height for width: with three choices of wrapped
        # text the window came out too short, and their last lines were cut off.
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    # -- choice ---------------------------------------------------------------------------------

    def _choice_page(self) -> QWidget:
        page = QWidget()
        self.demo_button = ChoiceButton(
            "import",
            _("Load demo data"),
            _("Invented Al-Anbar checkpoints, units, people and records, for training and for "
              "trying Taslim out. Demo sign-in details are shown afterwards."),
        )
        self.demo_button.clicked.connect(self.start_demo)
        if self._load_demo is None:
            self.demo_button.setEnabled(False)
            self.demo_button.set_description(_("Demo data is not part of this installation."))
        self.setup_button = ChoiceButton(
            "people",
            _("Set up a new installation"),
            _("Create the first supervisor account. The supervisor then adds people, accounts "
              "and checkpoints."),
        )
        self.setup_button.clicked.connect(lambda: self.pages.setCurrentIndex(self.SETUP))
        self.field_button = ChoiceButton(
            "device",
            _("Set up a field laptop"),
            _("For a laptop that works at checkpoints: enrol it with headquarters, then load "
              "headquarters' data with the accounts. Needs the USB stick from headquarters."),
        )
        self.field_button.clicked.connect(self.show_field_setup)
        self.field_button.setVisible(self._field_setup is not None)
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.setIcon(icon("quit"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.choice_status = _paragraph("")
        row = QHBoxLayout()
        row.addWidget(self.choice_status, 1)
        row.addWidget(self.quit_button)
        self.language_buttons: dict[str, QPushButton] = {}
        languages = QHBoxLayout()
        languages.addStretch()
        for code, name in LANGUAGES.items():  # each language named in itself
            button = QPushButton(icon("language"), name)
            button.setCheckable(True)
            button.setChecked(code == self._language.current)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.language_buttons[code] = button
            languages.addWidget(button)
        layout = QVBoxLayout(page)
        layout.addLayout(languages)
        layout.addWidget(_title(_("Welcome to Taslim")))
        layout.addWidget(_paragraph(
            _("This database has no accounts yet. Choose how to start.")))
        layout.addSpacing(8)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.setup_button)
        layout.addWidget(self.field_button)
        layout.addStretch()
        layout.addLayout(row)
        return page

    @Slot()
    def start_demo(self) -> None:
        if self._load_demo is None or self.task is not None:
            return
        load = self._load_demo
        self._set_busy(True)
        # Writing the demo is several steps; stopping half way would leave half a demo, so the
        # progress dialog offers no Stop button.
        self.task = BackgroundTask(
            lambda control: load(control.progress),
            parent=self, label=_("Loading demo data…"), cancellable=False,
        )
        self.task.succeeded.connect(self._demo_loaded)
        self.task.failed.connect(self._demo_failed)
        self.task.start()

    def _set_busy(self, busy: bool) -> None:
        self.demo_button.setEnabled(not busy and self._load_demo is not None)
        self.setup_button.setEnabled(not busy)
        self.field_button.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)
        self.choice_status.setText(_("Loading demo data…") if busy else "")

    @Slot(object)
    def _demo_loaded(self, report: object) -> None:
        self.task = None
        self._set_busy(False)
        self.demo_report = report
        summary = getattr(report, "summary", None)
        self.demo_summary.setText(summary() if callable(summary) else "")
        self.demo_summary.setVisible(bool(self.demo_summary.text()))
        self.username = ""
        self.pages.setCurrentIndex(self.DEMO_DONE)
        self.continue_button.setFocus()

    @Slot(object)
    def _demo_failed(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        show_error(self, error)

    # -- new installation -----------------------------------------------------------------------

    def _setup_page(self) -> QWidget:
        page = QWidget()
        self.name_ar = QLineEdit()
        self.name_en = QLineEdit()
        self.name_en.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.rank = QLineEdit()
        self.badge = QLineEdit()
        self.new_username = QLineEdit()
        self.new_username.setMaxLength(64)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_again = QLineEdit()
        self.new_password_again.setEchoMode(QLineEdit.EchoMode.Password)
        form = form_layout()
        form.addRow(form_label(_("Name in Arabic")), self.name_ar)
        form.addRow(form_label(_("Name in English")), self.name_en)
        form.addRow(form_label(_("Rank")), self.rank)
        form.addRow(form_label(_("Badge number")), self.badge)
        form.addRow(form_label(_("User name")), self.new_username)
        form.addRow(form_label(_("Password")), self.new_password)
        form.addRow(form_label(_("Password again")), self.new_password_again)
        self.setup_error = QLabel()
        self.setup_error.setObjectName("errorText")
        self.setup_error.setWordWrap(True)
        self.setup_error.setVisible(False)
        self.create_button = QPushButton(_("Create the supervisor account"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_supervisor)
        back = QPushButton(_("Back"))
        back.setAutoDefault(False)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(self.CHOICE))
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button, 2)
        buttons.addWidget(back, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(_title(_("New installation")))
        layout.addWidget(_paragraph(
            _("The first account belongs to the supervisor who looks after this installation. "
              "Write the name as it appears on certificates.")))
        layout.addLayout(form)
        layout.addWidget(self.setup_error)
        layout.addStretch()
        layout.addLayout(buttons)
        return page

    def _show_setup_error(self, message: str, field: QLineEdit | None = None) -> None:
        self.setup_error.setText(message)
        self.setup_error.setVisible(bool(message))
        if field is not None:
            field.setFocus()
            field.selectAll()

    @Slot()
    def create_supervisor(self) -> None:
        if self.new_password.text() != self.new_password_again.text():
            self.new_password_again.clear()
            self._show_setup_error(_("The two passwords are not the same; type them again."),
                                   self.new_password)
            return
        try:
            outcome = self._accounts.create_first_supervisor(
                name_ar=self.name_ar.text(), name_en=self.name_en.text(),
                rank=self.rank.text(), badge=self.badge.text(),
                username=self.new_username.text(), password=self.new_password.text(),
            )
        except ValidationError as error:
            fields = {"name": self.name_ar, "username": self.new_username,
                      "password": self.new_password}
            self._show_setup_error(str(error), fields.get(error.field or ""))
            return
        except TaslimError as error:
            self._show_setup_error(str(error))
            return
        self.username = outcome.value.username
        self.accept()

    # -- after the demo -------------------------------------------------------------------------

    def _demo_done_page(self) -> QWidget:
        page = QWidget()
        self.demo_summary = _paragraph("")
        self.demo_summary.setVisible(False)
        # Centred cells: Arabic role names and Latin user names would otherwise each align to
        # their own side and the columns would not read as columns.
        logins = QGridLayout()
        logins.setHorizontalSpacing(24)
        logins.setVerticalSpacing(8)
        for column, heading in enumerate((_("Role"), _("User name"), _("Password"))):
            label = QLabel(heading)
            label.setStyleSheet("font-weight: bold;")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            logins.addWidget(label, 0, column)
        self.demo_login_labels: list[tuple[str, str]] = []
        for row, (role, username, password) in enumerate(DEMO_LOGINS, start=1):
            role_label = QLabel(_(ROLE_LABELS[role]))
            role_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            logins.addWidget(role_label, row, 0)
            for column, text in ((1, username), (2, password)):
                value = QLabel(text)
                value.setAlignment(Qt.AlignmentFlag.AlignCenter)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setStyleSheet("font-family: monospace; font-size: 13pt;")
                logins.addWidget(value, row, column)
            self.demo_login_labels.append((username, password))
        self.continue_button = QPushButton(_("Continue to sign in"))
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(_title(_("Demo data loaded")))
        layout.addWidget(self.demo_summary)
        layout.addWidget(_paragraph(
            _("Everything in the demo is invented. Sign in with one of these accounts:")))
        layout.addLayout(logins)
        layout.addStretch()
        layout.addWidget(self.continue_button)
        return page

    # -- field laptop -----------------------------------------------------------------------------

    def _field_page(self) -> QWidget:
        if self._field_setup is None:
            self.field_page = None
            return QWidget()  # keeps the page numbers; nothing leads here
        page = FieldSetupPage(self._field_setup, choose_file=self._choose_file)
        page.back_requested.connect(lambda: self.pages.setCurrentIndex(self.CHOICE))
        page.finished.connect(self.accept)  # the accounts are in: the sign-in dialog follows
        self.field_page = page
        return page

    @Slot()
    def show_field_setup(self) -> None:
        page = self.field_page
        if page is None:
            return
        self.pages.setCurrentIndex(self.FIELD)
        # The steps need more room than the choices; grown within the screen, the rest scrolls.
        screen = self.screen().availableGeometry()
        self.resize(min(max(self.width(), FIELD_SIZE.width()), screen.width()),
                    min(max(self.height(), FIELD_SIZE.height()), screen.height() - 60))
        page.refresh()
        page.focus_current_step()

    def reject(self) -> None:
        if self.busy:  # the demo or headquarters' data is being written; it must not be cut off
            return
        super().reject()
