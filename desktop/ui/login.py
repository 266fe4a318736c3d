"""The sign-in dialog: user name, password, language, and a clear reason when it fails."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, APP_NAME_AR, __version__
from desktop.domain.errors import TaslimError
from desktop.i18n import LANGUAGES, _
from desktop.services.accounts import AuthService
from desktop.services.base import Session
from desktop.ui.errors import app_title
from desktop.ui.language import LanguageSwitch
from desktop.ui.look import APP_ICON, form_label, form_layout, icon


class LoginDialog(QDialog):
    """Emits ``logged_in(Session)`` and accepts when the service lets the person in."""

    logged_in = Signal(object)

    def __init__(
        self,
        auth: AuthService,
        language: LanguageSwitch,
        *,
        database_name: str,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self._language = language
        self._database_name = database_name
        self.session: Session | None = None
        self.setWindowTitle(app_title())
        self.setWindowIcon(icon(APP_ICON))
        self.setMinimumWidth(520)

        self.language_buttons: dict[str, QPushButton] = {}
        self._language_group = QButtonGroup(self)
        language_row = QHBoxLayout()
        language_row.addStretch()
        for code, name in LANGUAGES.items():  # each language named in itself: never translated
            button = QPushButton(name)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setIcon(icon("language"))
            button.clicked.connect(lambda _checked=False, c=code: self.choose_language(c))
            self._language_group.addButton(button)
            self.language_buttons[code] = button
            language_row.addWidget(button)

        logo = QLabel()
        logo.setPixmap(icon(APP_ICON).pixmap(QSize(72, 72)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"{APP_NAME_AR}  ·  {APP_NAME}")
        title.setObjectName("appTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.version_label = QLabel()
        self.version_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username = QLineEdit(username)
        self.username.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self._username_label = form_label()
        self._password_label = form_label()
        form = form_layout()
        form.addRow(self._username_label, self.username)
        form.addRow(self._password_label, self.password)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

        self.sign_in_button = QPushButton()
        self.sign_in_button.setDefault(True)  # Enter in either field signs in
        self.sign_in_button.setMinimumHeight(48)
        self.sign_in_button.clicked.connect(self.submit)
        self.quit_button = QPushButton()
        self.quit_button.setAutoDefault(False)
        self.quit_button.setMinimumHeight(48)
        self.quit_button.setIcon(icon("quit"))
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_in_button, 2)
        buttons.addWidget(self.quit_button, 1)

        self.database_label = QLabel()
        self.database_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.database_label.setStyleSheet("color: #5a6570;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 20)
        layout.setSpacing(12)
        layout.addLayout(language_row)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.version_label)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addWidget(self.database_label)

        self.retranslate()
        (self.password if username else self.username).setFocus()

    def retranslate(self) -> None:
        """Set every text in the current language; called again after a language switch."""
        self.subtitle.setText(_("Handover of security checkpoints"))
        self.version_label.setText(_("Version {version}").format(version=__version__))
        self._username_label.setText(_("User name"))
        self._password_label.setText(_("Password"))
        self.username.setPlaceholderText(_("Your user name"))
        self.password.setPlaceholderText(_("Your password"))
        self.sign_in_button.setText(_("Sign in"))
        self.quit_button.setText(_("Quit"))
        self.database_label.setText(_("Database: {name}").format(name=self._database_name))
        self.language_buttons[self._language.current].setChecked(True)

    @Slot(str)
    def choose_language(self, code: str) -> None:
        if code != self._language.current:
            self._language.choose(code)
            # The last error was worded in the old language; the person will try again anyway.
            self.show_error("")
        self.retranslate()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    @Slot()
    def submit(self) -> None:
        try:
            session = self._auth.login(self.username.text(), self.password.text())
        except TaslimError as error:
            # Keep the user name (usually right), clear the password (usually wrong).
            self.show_error(str(error))
            self.password.clear()
            (self.password if self.username.text().strip() else self.username).setFocus()
            return
        self.session = session
        self.show_error("")
        self.logged_in.emit(session)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape must not close the sign-in window (and with it Taslim) by accident.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)
