"""What each role sees in the navigation, the home page, and placeholders for later screens."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import (
    CHECKPOINT_STATUS_LABELS,
    HANDOVER_STATE_LABELS,
    ROLE_LABELS,
    Role,
)
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _, current_language
from desktop.services.base import Session
from desktop.services.overview import Overview, OverviewService
from desktop.ui.language import number
from desktop.ui.look import icon, repolish


@dataclass(frozen=True, slots=True)
class NavEntry:
    key: str
    icon: str
    label: str  # English source, marked with N_ and translated where shown


HOME = NavEntry("home", "home", N_("Home"))
# Officers' and clerks' laptops both write records that headquarters must receive.
EXCHANGE = NavEntry("exchange", "device", N_("Send to headquarters"))

# The UI only hides what a role does not do; the services check permissions again.
NAVIGATION: dict[Role, tuple[NavEntry, ...]] = {
    Role.OFFICER: (
        HOME,
        NavEntry("checkpoints", "checkpoint", N_("Checkpoints")),
        NavEntry("inspections", "inspection", N_("Inspections")),
        NavEntry("handovers", "handover", N_("Handovers")),
        EXCHANGE,
    ),
    Role.CLERK: (
        HOME,
        NavEntry("awaiting_certificate", "handover", N_("Handovers waiting for a certificate")),
        NavEntry("certificate_register", "register", N_("Certificate register")),
        NavEntry("verify_certificate", "verify", N_("Verify a certificate")),
        EXCHANGE,
    ),
    Role.SUPERVISOR: (
        HOME,
        NavEntry("dashboard", "dashboard", N_("Dashboard")),
        NavEntry("import", "import", N_("Import")),
        NavEntry("conflicts", "conflict", N_("Conflicts")),
        NavEntry("devices", "device", N_("Devices")),
        NavEntry("people", "people", N_("People and accounts")),
    ),
}


def display_name(session: Session) -> str:
    """The person's name in the interface language, or in the other one if that is missing."""
    if current_language() == "ar":
        return session.name_ar or session.name_en
    return session.name_en or session.name_ar


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    return label


class PlaceholderPage(QWidget):
    """Stands where a later version puts a screen: says so plainly, nothing else."""

    def __init__(self, entry: NavEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        picture = QLabel()
        picture.setPixmap(icon(entry.icon).pixmap(QSize(96, 96)))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = _title(_(entry.label))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(_("This screen is not available in this version of Taslim yet."))
        self.message.setObjectName("placeholderText")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(picture)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addStretch(2)


class _Card(QFrame):
    """One figure with a title and, optionally, a breakdown underneath."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumWidth(220)
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        heading.setWordWrap(True)
        self.figure = QLabel("–")
        self.figure.setObjectName("cardNumber")
        self.breakdown = QFormLayout()
        self.breakdown.setLabelAlignment(Qt.AlignmentFlag.AlignLeading)
        self.breakdown.setHorizontalSpacing(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.figure)
        layout.addLayout(self.breakdown)
        layout.addStretch()

    def add_line(self, label: str) -> QLabel:
        value = QLabel("–")
        text = QLabel(label)
        text.setWordWrap(True)
        self.breakdown.addRow(text, value)
        return value


class HomePage(QWidget):
    """Who is signed in, on which device, and real figures from the database."""

    def __init__(
        self,
        session: Session,
        overview: OverviewService,
        *,
        device_code: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._overview = overview
        self.greeting = _title(_("Welcome, {name}").format(name=display_name(session)))
        self.who = QLabel(
            _("{role} · this device: {code}").format(
                role=_(ROLE_LABELS[session.role]), code=device_code)
        )
        self.who.setWordWrap(True)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.greeting)
        names.addWidget(self.who)
        header.addLayout(names, 1)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        # figures[name] is the label holding that figure; tests and refresh() use the same keys.
        self.figures: dict[str, QLabel] = {}
        checkpoints = _Card(_("Checkpoints"))
        self.figures["checkpoints"] = checkpoints.figure
        for status, label in CHECKPOINT_STATUS_LABELS.items():
            self.figures[f"checkpoints.{status.value}"] = checkpoints.add_line(_(label))
        handovers = _Card(_("Handovers"))
        self.figures["handovers"] = handovers.figure
        for state, label in HANDOVER_STATE_LABELS.items():
            self.figures[f"handovers.{state.value}"] = handovers.add_line(_(label))
        inspections = _Card(_("Inspections"))
        self.figures["inspections"] = inspections.figure
        people = _Card(_("People"))
        self.figures["people"] = people.figure
        revisions = _Card(_("Recorded changes"))
        self.figures["revisions"] = revisions.figure
        self.conflicts_card = _Card(_("Conflicts to review"))
        self.figures["conflicts"] = self.conflicts_card.figure

        grid = QGridLayout()
        grid.setSpacing(14)
        grid.addWidget(checkpoints, 0, 0, 2, 1)
        grid.addWidget(handovers, 0, 1, 2, 1)
        grid.addWidget(inspections, 0, 2)
        grid.addWidget(people, 1, 2)
        grid.addWidget(revisions, 2, 0)
        grid.addWidget(self.conflicts_card, 2, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.error)
        layout.addLayout(grid)
        layout.addStretch()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        try:
            figures = self._overview.overview()
        except TaslimError as error:  # e.g. the database is busy: say so on the page
            self.error.setText(str(error))
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        self.show_overview(figures)

    def show_overview(self, figures: Overview) -> None:
        values: dict[str, int] = {
            "checkpoints": figures.checkpoints,
            "inspections": figures.inspections,
            "handovers": sum(figures.handovers_by_state.values()),
            "people": figures.people,
            "revisions": figures.revisions,
            "conflicts": figures.conflicts,
        }
        values.update({f"checkpoints.{status.value}": count
                       for status, count in figures.checkpoints_by_status.items()})
        values.update({f"handovers.{state.value}": count
                       for state, count in figures.handovers_by_state.items()})
        for key, count in values.items():
            label = self.figures.get(key)
            if label is not None:
                label.setText(number(count))
        # A conflict needs a supervisor's decision: make a non-zero count stand out.
        conflict_label = self.figures["conflicts"]
        conflict_label.setObjectName("conflictNumber" if figures.conflicts else "cardNumber")
        repolish(conflict_label)
