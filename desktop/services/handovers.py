"""Handovers: the record, its checklist responses, equipment lines, signatures and states.

Official acts (finalize, certify, void) are ``sign`` revisions, which freeze what they sign;
a change after that is an ``amend`` with a reason. While a handover is amended, its frozen
parts are changed by ``amend`` revisions and new parts by ordinary ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.entities import (
    ChecklistResponse,
    Checkpoint,
    EquipmentLine,
    Handover,
    HandoverSignature,
)
from desktop.domain.enums import (
    CheckpointStatus,
    EntityKind,
    HandoverState,
    ItemAnswer,
    SignatureParty,
)
from desktop.domain.errors import FrozenRecord, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action
from desktop.domain.rules import STATES_NEEDING_REASON, require_transition
from desktop.domain.signature import check_strokes, render_png
from desktop.domain.templates import ChecklistTemplate
from desktop.i18n import _
from desktop.services.attachments import stage_attachment
from desktop.services.base import ChangeSet, Outcome, Session, Store, load_required
from desktop.storage.engine import Connection
from desktop.storage.queries import current_rows_where, load_entity

TRANSITION_ACTIONS = {
    HandoverState.DRAFT: Action.RECORD_HANDOVER,
    HandoverState.READY: Action.RECORD_HANDOVER,
    HandoverState.SIGNED: Action.RECORD_HANDOVER,
    HandoverState.CERTIFIED: Action.CERTIFY_HANDOVER,
    HandoverState.AMENDED: Action.AMEND_HANDOVER,
    HandoverState.VOIDED: Action.VOID_HANDOVER,
}

SIGNED_ACTS = frozenset({HandoverState.SIGNED, HandoverState.CERTIFIED, HandoverState.VOIDED})
EDITABLE = frozenset({HandoverState.DRAFT, HandoverState.READY, HandoverState.AMENDED})


@dataclass(frozen=True, slots=True)
class HandoverParts:
    """Everything recorded under one handover, as the wizard and the summary show it."""

    handover: Handover
    responses: dict[str, ChecklistResponse]  # by item key
    equipment: list[EquipmentLine]
    signatures: dict[SignatureParty, HandoverSignature]


class HandoverService:
    def __init__(self, store: Store, template: ChecklistTemplate) -> None:
        self._store = store
        self._template = template

    # --- reading -------------------------------------------------------------------------------

    def parts(self, handover_id: str) -> HandoverParts:
        with self._store.read() as connection:  # one consistent snapshot
            handover = load_required(connection, Handover, handover_id)
            return HandoverParts(
                handover,
                {r.item_key: r for r in _responses(connection, handover_id)},
                _equipment(connection, handover_id),
                {s.party: s for s in _signatures(connection, handover_id)},
            )

    # --- editing -------------------------------------------------------------------------------

    def save(self, session: Session, handover: Handover) -> Outcome[Handover]:
        """Create a handover, or edit one that is a draft, ready, or being amended.

        The stored record decides whether it may be edited, not the copy passed in: an old
        copy of a draft must never write over a handover that was signed meanwhile. States
        and reasons change only through ``transition``.
        """
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            checkpoint = changes.load(Checkpoint, handover.checkpoint_id)
            stored = load_entity(changes.connection, EntityKind.HANDOVER, handover.id)
            if isinstance(stored, Handover):
                handover = handover.replace(state=stored.state, reason=stored.reason)
            elif handover.state is not HandoverState.DRAFT:
                raise ValidationError(_("A new handover starts as a draft."))
            if handover.state not in EDITABLE:
                raise FrozenRecord(_frozen_message())
            changes.edit(handover)
            if checkpoint.status is CheckpointStatus.HELD_BY_HANDING_PARTY:
                changes.put(checkpoint.replace(status=CheckpointStatus.HANDOVER_IN_PROGRESS))
        return Outcome(handover, self._store.report(changes.drafts))

    def answer(self, session: Session, response: ChecklistResponse) -> Outcome[ChecklistResponse]:
        self._template.item(response.item_key)  # KeyError is a programming error
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            self._editable(changes, response.handover_id)
            changes.edit(response)
        return Outcome(response, self._store.report(changes.drafts))

    def save_equipment(self, session: Session, line: EquipmentLine) -> Outcome[EquipmentLine]:
        if line.quantity < 0:
            raise ValidationError(_("A quantity cannot be negative."), "quantity")
        if line.quantity > 1_000_000:
            raise ValidationError(_("A quantity cannot be more than a million."), "quantity")
        if not line.item.strip():
            raise ValidationError(_("Enter what the equipment is."), "item")
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            self._editable(changes, line.handover_id)
            changes.edit(line)
        return Outcome(line, self._store.report(changes.drafts))

    def remove_equipment(self, session: Session, line: EquipmentLine) -> Outcome[None]:
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            handover = self._editable(changes, line.handover_id)
            if handover.state is HandoverState.AMENDED:
                # A signed line cannot silently vanish: an amendment records it as zero.
                changes.edit(line.replace(quantity=0))
            else:
                changes.delete(EntityKind.EQUIPMENT_LINE, line.id)
        return Outcome(None, self._store.report(changes.drafts))

    def capture_signature(
        self,
        session: Session,
        handover_id: str,
        party: SignatureParty,
        person_id: str,
        strokes: object,
    ) -> Outcome[HandoverSignature]:
        """Keep a party's handwritten signature: strokes checked, image rendered and stored."""
        cleaned = check_strokes(strokes)
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            handover = self._editable(changes, handover_id)
            if person_id not in _party_people(handover, party):
                raise ValidationError(
                    _("This person is not recorded as that party of the handover."), "person"
                )
            earlier = {s.party: s for s in _signatures(changes.connection, handover_id)}.get(party)
            image = stage_attachment(
                changes, handover_id, f"signature-{party}.png", render_png(cleaned)
            )
            signature = HandoverSignature(
                earlier.id if earlier else uuid7(),
                handover_id,
                party,
                person_id,
                tuple([list(map(list, stroke)) for stroke in cleaned]),
                image.sha256,
                to_utc_text(utc_now()),
            )
            changes.edit(signature)
        return Outcome(signature, self._store.report(changes.drafts))

    # --- states --------------------------------------------------------------------------------

    def transition(
        self, session: Session, handover_id: str, target: HandoverState, reason: str | None = None
    ) -> Outcome[Handover]:
        with self._store.change(session, TRANSITION_ACTIONS[target]) as changes:
            updated = self.apply_transition(changes, handover_id, target, reason)
        return Outcome(updated, self._store.report(changes.drafts))

    def apply_transition(
        self, changes: ChangeSet, handover_id: str, target: HandoverState, reason: str | None
    ) -> Handover:
        """The transition inside a unit of work the caller opened (and checked the role of)."""
        handover = changes.load(Handover, handover_id)
        require_transition(handover.state, target)
        if target in STATES_NEEDING_REASON and not (reason and reason.strip()):
            raise ValidationError(_("Give the reason for this change."), "reason")
        if target is HandoverState.SIGNED:
            self._require_complete(changes, handover)
        updated = handover.replace(
            state=target, reason=reason.strip() if reason else handover.reason
        )
        self._write_transition(changes, updated, target)
        return updated

    def finalize(self, session: Session, handover_id: str) -> Outcome[Handover]:
        """Ready the handover if needed, then sign it: afterwards it waits for a clerk."""
        with self._store.read() as connection:
            current = load_entity(connection, EntityKind.HANDOVER, handover_id)
        if isinstance(current, Handover) and current.state is HandoverState.DRAFT:
            self.transition(session, handover_id, HandoverState.READY)
        return self.transition(session, handover_id, HandoverState.SIGNED)

    def missing_for_signing(self, handover_id: str) -> list[str]:
        """Sentences naming what still stops the handover from being finalized."""
        with self._store.read() as connection:
            return self._missing(connection, load_required(connection, Handover, handover_id))

    def _write_transition(
        self, changes: ChangeSet, updated: Handover, target: HandoverState
    ) -> None:
        if target in SIGNED_ACTS:
            changes.sign(updated)
        elif target is HandoverState.AMENDED:
            changes.amend(updated)
        else:
            changes.put(updated)
        if target is HandoverState.SIGNED:
            # Answers, equipment and signatures are signed with the handover: frozen together.
            for part in (
                *_responses(changes.connection, updated.id),
                *_equipment(changes.connection, updated.id),
                *_signatures(changes.connection, updated.id),
            ):
                changes.sign(part)
        if target is HandoverState.CERTIFIED:
            checkpoint = changes.load(Checkpoint, updated.checkpoint_id)
            changes.put(
                checkpoint.replace(
                    status=CheckpointStatus.HANDED_OVER, holder_unit_id=updated.receiving_unit_id
                )
            )

    def _editable(self, changes: ChangeSet, handover_id: str) -> Handover:
        handover = changes.load(Handover, handover_id)
        if handover.state not in EDITABLE:
            raise FrozenRecord(_frozen_message())
        return handover

    def _require_complete(self, changes: ChangeSet, handover: Handover) -> None:
        missing = self._missing(changes.connection, handover)
        if missing:
            raise ValidationError(" ".join(missing))

    def _missing(self, connection: Connection, handover: Handover) -> list[str]:
        problems: list[str] = []
        answered = {r.item_key for r in _responses(connection, handover.id) if r.answer is not None}
        unanswered = [
            str(item.number)
            for item in self._template.items
            if item.required and item.key not in answered
        ]
        if unanswered:
            problems.append(
                _("Checklist items {items} are not answered yet.").format(
                    items=", ".join(unanswered)
                )
            )
        parties = (
            handover.handing_unit_id,
            handover.handing_rep_id,
            handover.receiving_unit_id,
            handover.receiving_rep_id,
        )
        if not all(parties) or not handover.witness_ids:
            problems.append(
                _("Record both parties, their representatives and a witness before signing.")
            )
        if not handover.assumed_duty_at or not handover.departure_at:
            problems.append(
                _(
                    "Record when the receiving force assumed duty and when the handing-over force "
                    "left."
                )
            )
        signatures = {s.party: s for s in _signatures(connection, handover.id)}
        for party in SignatureParty:
            signature = signatures.get(party)
            if signature is None or signature.person_id not in _party_people(handover, party):
                problems.append(_missing_signature_message(party))
        return problems


def _responses(connection: Connection, handover_id: str) -> list[ChecklistResponse]:
    rows = current_rows_where(connection, EntityKind.CHECKLIST_RESPONSE, handover_id=handover_id)
    return [load_required(connection, ChecklistResponse, row["id"]) for row in rows]


def _equipment(connection: Connection, handover_id: str) -> list[EquipmentLine]:
    rows = current_rows_where(connection, EntityKind.EQUIPMENT_LINE, handover_id=handover_id)
    return [load_required(connection, EquipmentLine, row["id"]) for row in rows]


def _signatures(connection: Connection, handover_id: str) -> list[HandoverSignature]:
    rows = current_rows_where(connection, EntityKind.HANDOVER_SIGNATURE, handover_id=handover_id)
    return [load_required(connection, HandoverSignature, row["id"]) for row in rows]


def _party_people(handover: Handover, party: SignatureParty) -> set[str]:
    if party is SignatureParty.HANDING:
        return {handover.handing_rep_id} if handover.handing_rep_id else set()
    if party is SignatureParty.RECEIVING:
        return {handover.receiving_rep_id} if handover.receiving_rep_id else set()
    return set(handover.witness_ids)


def _missing_signature_message(party: SignatureParty) -> str:
    return {
        SignatureParty.HANDING: _("The handing-over representative has not signed."),
        SignatureParty.RECEIVING: _("The receiving representative has not signed."),
        SignatureParty.WITNESS: _("The witness has not signed."),
    }[party]


def _frozen_message() -> str:
    return _(
        "This handover is signed and can no longer be edited. Make an amendment with a "
        "reason to change it."
    )


def exceptions_of(responses: list[ChecklistResponse]) -> list[ChecklistResponse]:
    """Items marked not done: the certificate must list every one."""
    return [r for r in responses if r.answer is ItemAnswer.NOT_DONE]
