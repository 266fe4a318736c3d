"""Inspections: drafts while typing, a signed revision on submit, amendments after that."""

from __future__ import annotations

from desktop.domain.diff import field_changes
from desktop.domain.entities import Checkpoint, Inspection
from desktop.domain.enums import InspectionState
from desktop.domain.errors import ValidationError
from desktop.domain.inspection_rules import blocking, check_answers
from desktop.domain.permissions import Action
from desktop.domain.templates import InspectionTemplate
from desktop.i18n import _
from desktop.services.base import Outcome, Session, Store, load_required


class InspectionService:
    def __init__(self, store: Store, template: InspectionTemplate) -> None:
        self._store = store
        self._template = template

    def save_draft(self, session: Session, inspection: Inspection) -> Outcome[Inspection]:
        """Keep what was typed so far; only impossible values are refused."""
        problems = [
            f
            for f in check_answers(self._template, inspection.answers, complete=False)
            if f.severity == "impossible"
        ]
        if problems:
            raise ValidationError(problems[0].message, problems[0].field)
        with self._store.change(session, Action.RECORD_INSPECTION) as changes:
            changes.load(Checkpoint, inspection.checkpoint_id)
            draft = inspection.replace(state=InspectionState.DRAFT)
            changes.put(draft)
        return Outcome(draft, self._store.report(changes.drafts))

    def submit(self, session: Session, inspection: Inspection) -> Outcome[Inspection]:
        """A signed revision: the inspection is read-only afterwards."""
        problems = blocking(check_answers(self._template, inspection.answers, complete=True))
        if problems:
            raise ValidationError(problems[0].message, problems[0].field)
        with self._store.change(session, Action.RECORD_INSPECTION) as changes:
            changes.load(Checkpoint, inspection.checkpoint_id)
            submitted = inspection.replace(state=InspectionState.SUBMITTED)
            changes.sign(submitted)
        return Outcome(submitted, self._store.report(changes.drafts))

    def amend(self, session: Session, inspection: Inspection, reason: str) -> Outcome[Inspection]:
        """Change a submitted inspection: an ``amend`` revision that keeps the reason."""
        if not reason.strip():
            raise ValidationError(_("Give the reason for this amendment."), "reason")
        problems = blocking(check_answers(self._template, inspection.answers, complete=True))
        if problems:
            raise ValidationError(problems[0].message, problems[0].field)
        with self._store.change(session, Action.RECORD_INSPECTION) as changes:
            current = changes.load(Inspection, inspection.id)
            if current.state is not InspectionState.SUBMITTED:
                raise ValidationError(
                    _("Only a submitted inspection is amended; save the draft instead.")
                )
            amended = inspection.replace(
                state=InspectionState.SUBMITTED, amend_reason=reason.strip()
            )
            if not field_changes(current, amended, ignore=("amend_reason",)):
                raise ValidationError(_("Nothing was changed, so there is nothing to amend."))
            changes.amend(amended)
        return Outcome(amended, self._store.report(changes.drafts))

    def load(self, inspection_id: str) -> Inspection:
        with self._store.read() as connection:
            return load_required(connection, Inspection, inspection_id)
