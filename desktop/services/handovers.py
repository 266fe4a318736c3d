"""Handovers: the record, its checklist responses and equipment lines, and its states.

Official acts (finalize, certify, void) are ``sign`` revisions, which freeze what they sign;
a change after that is an ``amend`` with a reason.
"""

from __future__ import annotations

from desktop.domain.entities import (
    ChecklistResponse,
    Checkpoint,
    EquipmentLine,
    Handover,
)
from desktop.domain.enums import CheckpointStatus, EntityKind, HandoverState, ItemAnswer
from desktop.domain.errors import ValidationError
from desktop.domain.permissions import Action
from desktop.domain.rules import STATES_NEEDING_REASON, require_transition
from desktop.domain.templates import ChecklistTemplate
from desktop.i18n import _
from desktop.services.base import ChangeSet, Outcome, Session, Store
from desktop.storage.queries import current_rows_where

TRANSITION_ACTIONS = {
    HandoverState.DRAFT: Action.RECORD_HANDOVER,
    HandoverState.READY: Action.RECORD_HANDOVER,
    HandoverState.SIGNED: Action.RECORD_HANDOVER,
    HandoverState.CERTIFIED: Action.CERTIFY_HANDOVER,
    HandoverState.AMENDED: Action.AMEND_HANDOVER,
    HandoverState.VOIDED: Action.VOID_HANDOVER,
}

SIGNED_ACTS = frozenset({HandoverState.SIGNED, HandoverState.CERTIFIED, HandoverState.VOIDED})


class HandoverService:
    def __init__(self, store: Store, template: ChecklistTemplate) -> None:
        self._store = store
        self._template = template

    def save(self, session: Session, handover: Handover) -> Outcome[Handover]:
        """Create or edit a handover that is still a draft (or ready)."""
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            checkpoint = changes.load(Checkpoint, handover.checkpoint_id)
            if handover.state not in (HandoverState.DRAFT, HandoverState.READY):
                raise ValidationError(_("Only a draft handover can be edited directly."))
            changes.put(handover)
            if checkpoint.status is CheckpointStatus.HELD_BY_HANDING_PARTY:
                changes.put(checkpoint.replace(status=CheckpointStatus.HANDOVER_IN_PROGRESS))
        return Outcome(handover, self._store.report(changes.drafts))

    def answer(self, session: Session, response: ChecklistResponse) -> Outcome[ChecklistResponse]:
        self._template.item(response.item_key)  # KeyError is a programming error
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            changes.load(Handover, response.handover_id)
            changes.put(response)
        return Outcome(response, self._store.report(changes.drafts))

    def save_equipment(self, session: Session, line: EquipmentLine) -> Outcome[EquipmentLine]:
        if line.quantity < 0:
            raise ValidationError(_("A quantity cannot be negative."), "quantity")
        if not line.item.strip():
            raise ValidationError(_("Enter what the equipment is."), "item")
        with self._store.change(session, Action.RECORD_HANDOVER) as changes:
            changes.load(Handover, line.handover_id)
            changes.put(line)
        return Outcome(line, self._store.report(changes.drafts))

    def transition(
        self, session: Session, handover_id: str, target: HandoverState, reason: str | None = None
    ) -> Outcome[Handover]:
        with self._store.change(session, TRANSITION_ACTIONS[target]) as changes:
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
        return Outcome(updated, self._store.report(changes.drafts))

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
            # The checklist answers and equipment are signed with the handover: frozen together.
            for response in self._responses(changes, updated.id):
                changes.sign(response)
            for line in self._equipment(changes, updated.id):
                changes.sign(line)
        if target is HandoverState.CERTIFIED:
            checkpoint = changes.load(Checkpoint, updated.checkpoint_id)
            changes.put(
                checkpoint.replace(
                    status=CheckpointStatus.HANDED_OVER, holder_unit_id=updated.receiving_unit_id
                )
            )

    def _responses(self, changes: ChangeSet, handover_id: str) -> list[ChecklistResponse]:
        rows = current_rows_where(
            changes.connection, EntityKind.CHECKLIST_RESPONSE, handover_id=handover_id
        )
        return [changes.load(ChecklistResponse, row["id"]) for row in rows]

    def _equipment(self, changes: ChangeSet, handover_id: str) -> list[EquipmentLine]:
        rows = current_rows_where(
            changes.connection, EntityKind.EQUIPMENT_LINE, handover_id=handover_id
        )
        return [changes.load(EquipmentLine, row["id"]) for row in rows]

    def _require_complete(self, changes: ChangeSet, handover: Handover) -> None:
        answered = {
            r.item_key for r in self._responses(changes, handover.id) if r.answer is not None
        }
        missing = [
            str(item.number)
            for item in self._template.items
            if item.required and item.key not in answered
        ]
        if missing:
            raise ValidationError(
                _("Checklist items {items} are not answered yet.").format(items=", ".join(missing))
            )
        parties = (
            handover.handing_unit_id,
            handover.handing_rep_id,
            handover.receiving_unit_id,
            handover.receiving_rep_id,
        )
        if not all(parties) or not handover.witness_ids:
            raise ValidationError(
                _("Record both parties, their representatives and a witness before signing.")
            )
        if not handover.assumed_duty_at or not handover.departure_at:
            raise ValidationError(
                _(
                    "Record when the receiving force assumed duty and when the handing-over force "
                    "left."
                )
            )


def exceptions_of(responses: list[ChecklistResponse]) -> list[ChecklistResponse]:
    """Items marked not done: the certificate must list every one."""
    return [r for r in responses if r.answer is ItemAnswer.NOT_DONE]
