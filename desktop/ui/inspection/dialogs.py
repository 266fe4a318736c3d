"""The questions the inspection form asks: before closing, about suspicious answers, and the
amendment dialog that lists what changed and takes the reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.errors import app_title
from desktop.ui.look import plain_buttons

SAVE = "save"
KEEP = "keep"
CANCEL = "cancel"
YES = "yes"
NO = "no"

Choice = tuple[str, str, QMessageBox.ButtonRole]  # (answer, button text, role)
# Qt sizes a message box to its shortest line; a question that explains itself needs room.
BOX_STYLE = ("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel "
             "{ min-width: 420px; }")


def ask(parent: QWidget | None, text: str, details: str, choices: list[Choice], *,
        default: str, escape: str, icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> str:
    """A question with buttons that say what they do; returns the chosen answer."""
    box = QMessageBox(icon, app_title(), text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("inspectionQuestion")
    box.setStyleSheet(BOX_STYLE)
    box.setInformativeText(details)
    buttons: dict[QPushButton, str] = {}
    for answer, label, role in choices:
        button = box.addButton(label, role)
        buttons[button] = answer
        if answer == default:
            box.setDefaultButton(button)
        if answer == escape:
            box.setEscapeButton(button)
    box.exec()
    return buttons.get(box.clickedButton(), escape)  # type: ignore[arg-type]


def tell(parent: QWidget | None, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, app_title(), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("inspectionNotice")
    box.setStyleSheet(BOX_STYLE)
    box.setInformativeText(details)
    plain_buttons(box)
    box.exec()


def ask_before_closing(parent: QWidget, *, amending: bool) -> str:
    """Save, keep as an autosaved draft and close, or stay: closing never throws work away."""
    save_text = _("Save amendment…") if amending else _("Save draft")
    return ask(
        parent,
        _("This inspection has changes that are not saved yet."),
        _("Save them now, or keep them as an autosaved draft on this laptop and close the form; "
          "the draft opens again from the inspections list."),
        [
            (SAVE, save_text, QMessageBox.ButtonRole.AcceptRole),
            (KEEP, _("Keep as autosaved draft and close"), QMessageBox.ButtonRole.DestructiveRole),
            (CANCEL, _("Cancel"), QMessageBox.ButtonRole.RejectRole),
        ],
        default=SAVE,
        escape=CANCEL,
    )


def confirm_suspicious(parent: QWidget, messages: list[str]) -> bool:
    """Answers that are possible but unusual: the person confirms them or goes back."""
    answer = ask(
        parent,
        _("Is this right?"),
        "\n".join(f"• {message}" for message in messages),
        [
            (YES, _("Yes, it is right"), QMessageBox.ButtonRole.YesRole),
            (NO, _("No, let me correct it"), QMessageBox.ButtonRole.NoRole),
        ],
        default=NO,
        escape=NO,
        icon=QMessageBox.Icon.Warning,
    )
    return answer == YES


def confirm_submit(parent: QWidget) -> bool:
    answer = ask(
        parent,
        _("Submit this inspection?"),
        _("It is signed and becomes read-only. A later change needs an amendment with a reason."),
        [
            (YES, _("Submit"), QMessageBox.ButtonRole.AcceptRole),
            (NO, _("Cancel"), QMessageBox.ButtonRole.RejectRole),
        ],
        default=YES,
        escape=NO,
    )
    return answer == YES


def confirm_drop_amendment(parent: QWidget) -> bool:
    answer = ask(
        parent,
        _("Drop the changes made in this amendment?"),
        _("The inspection goes back to what was submitted."),
        [
            (YES, _("Drop the changes"), QMessageBox.ButtonRole.DestructiveRole),
            (NO, _("Keep amending"), QMessageBox.ButtonRole.RejectRole),
        ],
        default=NO,
        escape=NO,
    )
    return answer == YES


class AmendDialog(QDialog):
    """Lists each change (what, before, after) and asks for the reason, which is required."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendDialog")
        self.setWindowTitle(_("Amend the submitted inspection"))
        self.setMinimumWidth(720)
        self.rows = rows
        intro = QLabel(_("These answers change. The submitted version stays in the record's "
                         "history; give the reason for the amendment."))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([_("What"), _("Before"), _("After")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableWidget::item { padding: 4px 8px; }")
        self.table.verticalHeader().setMinimumSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(120)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        # As tall as its rows (up to a point): no empty grid under a short list of changes.
        rows_height = sum(self.table.rowHeight(r) for r in range(len(rows)))
        self.table.setFixedHeight(min(360, rows_height + header.sizeHint().height() + 4))
        reason_label = QLabel(_("Reason for the amendment (required)"))
        self.reason_edit = QTextEdit()  # not QPlainTextEdit: see answers.TextEditor
        self.reason_edit.setAcceptRichText(False)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(90)
        reason_label.setBuddy(self.reason_edit)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save amendment"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(_("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._reason_typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason_edit.setFocus()
        self._reason_typed()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    @Slot()
    def _reason_typed(self) -> None:
        self.save_button.setEnabled(bool(self.reason()))
        if self.reason():
            self.error.setVisible(False)

    @Slot()
    def _accept(self) -> None:
        if not self.reason():
            self.show_error(_("Give the reason for this amendment."))
            self.reason_edit.setFocus()
            return
        self.accept()
