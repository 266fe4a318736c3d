"""Inspections: drafts while typing, a signed revision on submit, amendments after that."""

from __future__ import annotations

from desktop.domain.entities import Checkpoint, Inspection
from desktop.domain.enums import InspectionState
from desktop.domain.errors import ValidationError
from desktop.domain.inspection_rules import blocking, check_answers
from desktop.domain.permissions import Action
from desktop.domain.templates import InspectionTemplate
from desktop.services.base import Outcome, Session, Store


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
