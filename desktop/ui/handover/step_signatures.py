"""Step 6: the three handwritten signatures: handing-over representative, receiving
representative and a witness. "Accept signature" stores it at once (strokes and image) through
the handover service, which refuses an empty pad or a scribble with a sentence."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import as_local
from desktop.domain.entities import HandoverSignature, Person
from desktop.domain.enums import SIGNATURE_PARTY_LABELS, SignatureParty
from desktop.domain.errors import TaslimError
from desktop.i18n import _
from desktop.ui.handover.common import Step, StepEnv, hint, person_label, section_title, step_title
from desktop.ui.look import repolish
from desktop.ui.look import show_message as show_error
from desktop.ui.widgets.signature_pad import SignaturePad

STORED_IMAGE = QSize(200, 80)
PAD_MAX_HEIGHT = 170  # three pads fit on a laptop screen


class PartySignature(QFrame):
    """One party's pad, who signs, and what is stored."""

    def __init__(self, step: SignaturesStep, party: SignatureParty) -> None:
        super().__init__()
        self.setObjectName("padCard")
        self._step = step
        self.party = party
        self.pad = SignaturePad(tools_beside=True)
        self.pad.canvas.setAccessibleName(_(SIGNATURE_PARTY_LABELS[party]))
        self.pad.canvas.setMaximumHeight(PAD_MAX_HEIGHT)
        self.signer = QComboBox()  # only shown when there are several witnesses
        self.signer.setAccessibleName(_("Who signs for the witnesses"))
        self.signer.setVisible(False)
        self.person_text = QLabel()
        self.person_text.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.accept_button = QPushButton(_("Accept signature"))
        self.accept_button.setAutoDefault(False)
        self.stored_image = QLabel()
        self.stored_image.setFixedSize(STORED_IMAGE)
        self.stored_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stored_image.setStyleSheet("background: white; border: 1px solid #d5dde8;")
        self.stored_image.setVisible(False)
        self.stored_caption = QLabel(_("Kept on file:"))
        self.stored_caption.setWordWrap(True)
        self.stored_caption.setObjectName("stepHint")
        self.stored_caption.setVisible(False)
        self.stored: HandoverSignature | None = None
        self._loaded: list[list[list[int]]] = []  # what the pad last showed from the file

        side_box = QWidget()
        side_box.setMinimumWidth(230)
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.signer)
        side.addWidget(self.status)
        side.addWidget(self.error)
        side.addWidget(self.accept_button)
        side.addWidget(self.stored_caption)
        side.addWidget(self.stored_image)
        side.addStretch()
        heading = QHBoxLayout()
        heading.setSpacing(18)
        title = section_title(_(SIGNATURE_PARTY_LABELS[party]))
        title.setWordWrap(False)
        heading.addWidget(title)
        heading.addWidget(self.person_text, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 8, 14, 8)
        grid.setVerticalSpacing(4)
        grid.addLayout(heading, 0, 0, 1, 2)
        grid.addWidget(self.pad, 1, 0)
        grid.addWidget(side_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        self.pad.changed.connect(self._pad_changed)
        self.accept_button.clicked.connect(self.accept_signature)
        self.signer.currentIndexChanged.connect(self._signer_changed)

    def person_id(self) -> str | None:
        form = self._step.env.form
        if self.party is SignatureParty.HANDING:
            return form.handing_rep_id
        if self.party is SignatureParty.RECEIVING:
            return form.receiving_rep_id
        return self.signer.currentData()

    def show_party(self, people: dict[str, Person],
                   stored: HandoverSignature | None) -> None:
        self.stored = stored
        if self.party is SignatureParty.WITNESS:
            witnesses = self._step.env.form.witness_ids
            # Whoever already signed stays chosen, unless the person picked someone else.
            keep = self.signer.currentData() or (stored.person_id if stored else None)
            self.signer.blockSignals(True)
            self.signer.clear()
            for witness_id in witnesses:
                person = people.get(witness_id)
                self.signer.addItem(person_label(person) if person else witness_id, witness_id)
            index = self.signer.findData(keep)
            self.signer.setCurrentIndex(max(index, 0))
            self.signer.blockSignals(False)
            self.signer.setVisible(len(witnesses) > 1)
        person_id = self.person_id()
        person = people.get(person_id or "")
        self.person_text.setText(person_label(person) if person else
                                 _("Nobody recorded yet: choose this party in step “Parties”."))
        valid = stored is not None and stored.person_id == person_id
        kept = [[list(point) for point in stroke] for stroke in stored.strokes] \
            if valid and stored else []
        # A signature being drawn and not yet accepted stays on its pad whatever else is
        # refreshed; otherwise the pad shows what is on file (or nothing).
        if self.pad.is_empty() or self.pad.strokes() == self._loaded:
            self.pad.blockSignals(True)
            self.pad.set_strokes(kept)
            self.pad.blockSignals(False)
        if kept and self.pad.strokes() == kept:
            self._loaded = kept
        self.pad.set_read_only(self._step.read_only or person is None)
        self._show_stored(stored if valid else None)
        if stored is not None and not valid:
            self._say(_("The signature on file is someone else's: the party has changed. "
                        "Sign again."), error=True)
        else:
            self._refresh_status()

    def _show_stored(self, stored: HandoverSignature | None) -> None:
        pixmap = QPixmap()
        if stored is not None:
            try:
                data = self._step.env.page_context.context.attachments.data(stored.image_sha256)
                pixmap.loadFromData(data, "PNG")
            except TaslimError:
                pixmap = QPixmap()
        shown = not pixmap.isNull()
        if shown:
            self.stored_image.setPixmap(pixmap.scaled(
                STORED_IMAGE, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        self.stored_image.setVisible(shown)
        self.stored_caption.setVisible(shown)

    def accepted(self) -> bool:
        """The pad shows exactly the signature on file for the person now recorded."""
        return (self.stored is not None and self.stored.person_id == self.person_id()
                and [list(map(list, s)) for s in self.stored.strokes] == self.pad.strokes())

    def _refresh_status(self) -> None:
        show_error(self.error, None)
        if self.accepted():
            assert self.stored is not None
            offset = self._step.env.form.utc_offset_minutes
            # Isolated so the Latin date keeps its order inside Arabic text.
            when = "\u2066" + as_local(self.stored.captured_at, offset).strftime(
                "%Y-%m-%d %H:%M") + "\u2069"
            self.status.setText(_("Signed ({when}).").format(when=when))
            self.status.setObjectName("signedText")
        elif self.pad.is_empty():
            self.status.setText(_("Not signed yet."))
            self.status.setObjectName("stepHint")
        else:
            self.status.setText(_("Not accepted yet: press “Accept signature”."))
            self.status.setObjectName("stepHint")
        repolish(self.status)
        editable = not self._step.read_only and self.person_id() is not None
        self.accept_button.setEnabled(editable and not self.accepted())

    def _say(self, text: str, *, error: bool) -> None:
        show_error(self.error, text if error else None)
        if not error:
            self.status.setText(text)

    @Slot()
    def _pad_changed(self) -> None:
        self._refresh_status()

    @Slot()
    def _signer_changed(self) -> None:
        self._step.refresh()

    @Slot()
    def accept_signature(self) -> None:
        problem = self.pad.check()
        if problem:
            self._say(problem, error=True)  # refused before anything is stored
            return
        person_id = self.person_id()
        if person_id is None or not self._step.commit():
            return
        env = self._step.env
        session = env.page_context.session
        try:
            outcome = env.page_context.context.handovers.capture_signature(
                session, env.form.handover_id, self.party, person_id, self.pad.strokes())
        except TaslimError as error:
            self._say(str(error), error=True)
            self._step.refused(error)
            return
        env.page_context.notifier.announce(outcome.changes)
        env.writer.load(env.form.handover_id)
        self._step.refresh()


class SignaturesStep(Step):
    def __init__(self, env: StepEnv, commit: Callable[[], bool],
                 refused: Callable[[TaslimError], None]) -> None:
        super().__init__(env)
        self.commit = commit  # writes the form first: a signer must be a recorded party
        self.refused = refused  # lets the wizard offer an amendment when the record is frozen
        self.pads = {party: PartySignature(self, party) for party in SignatureParty}
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(step_title(self.title()))
        column.addWidget(hint(_("Each person signs in their own box with the mouse, a pen or a "
                                "finger, then you press “Accept signature”. An empty box or a "
                                "mere stroke is not accepted.")))
        for pad in self.pads.values():
            column.addWidget(pad)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def title(self) -> str:
        return _("Signatures")

    def show_form(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        people = {p.id: p for p in self.env.page_context.context.checkpoints.people()}
        stored = self.env.writer.stored.signatures if self.env.writer.stored else {}
        for party, pad in self.pads.items():
            pad.show_party(people, stored.get(party))

    def complete(self) -> bool:
        """Every party has a signature on file from the person recorded for it now."""
        stored = self.env.writer.stored.signatures if self.env.writer.stored else {}
        form = self.env.form
        signers = {SignatureParty.HANDING: {form.handing_rep_id},
                   SignatureParty.RECEIVING: {form.receiving_rep_id},
                   SignatureParty.WITNESS: set(form.witness_ids)}
        return all(party in stored and stored[party].person_id in signers[party]
                   for party in SignatureParty)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.refresh()
