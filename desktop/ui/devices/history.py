"""A laptop's enrolment history on the Devices page: issued by whom, loaded when, CA created.

The lines come from the certificate records' revisions (``EnrolmentHistory``), newest first, one
sentence each, with who did it and on which computer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.enrolment_history import CA_CREATED, ISSUED, EnrolmentEvent
from desktop.ui.certificates.common import paragraph
from desktop.ui.record_lists.display import in_language, laptop_time_text, local_date_text, ltr
from desktop.ui.sync.common import section_title


def event_text(event: EnrolmentEvent) -> str:
    """One line: when, what, by whom (and the key and its end date for a certificate)."""
    who = in_language(event.author_ar, event.author_en)
    when = laptop_time_text(event.at)
    if event.kind == CA_CREATED:
        what = (_("Command CA created by {name}").format(name=who) if who
                else _("Command CA created"))
    elif event.kind == ISSUED:
        what = (_("Certificate issued by {name} (key {key}, valid until {until})") if who
                else _("Certificate issued (key {key}, valid until {until})")).format(
            name=who, key=ltr(event.key_id), until=local_date_text(event.not_after))
    else:
        what = (_("Answer loaded on the laptop by {name} (key {key})") if who
                else _("Answer loaded on the laptop (key {key})")).format(
            name=who, key=ltr(event.key_id))
    return paragraph(_("{time} · {what}").format(time=when, what=what))


class EnrolmentLines(QWidget):
    """The title and one selectable line per enrolment event, or a sentence when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = section_title(_("Enrolment"))
        self.lines = QLabel()
        self.lines.setObjectName("hintText")
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.events: list[EnrolmentEvent] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)

    def show_events(self, events: list[EnrolmentEvent]) -> None:
        self.events = list(reversed(events))
        if not self.events:
            self.lines.setText(paragraph(_("No certificate of this laptop is recorded here.")))
            return
        self.lines.setText("\n".join(event_text(event) for event in self.events))

    def texts(self) -> list[str]:
        return [event_text(event) for event in self.events]
