"""What the wizard holds while someone types, and how it is written through the services.

``HandoverForm`` is the wizard's working copy: plain values, turned into a JSON-able dict for the
local autosave and back. ``HandoverWriter`` compares it with what is stored and writes only what
differs (the handover, each answered item, each equipment line), announcing every change.
Nothing here touches a widget, so the rules of saving can be read in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.domain.clock import local_offset_minutes
from desktop.domain.entities import ChecklistResponse, EquipmentLine, Handover
from desktop.domain.enums import EquipmentCondition, HandoverState, ItemAnswer
from desktop.domain.errors import NotFound
from desktop.domain.ids import uuid7
from desktop.domain.rules import FROZEN_STATES, GapCheck, GapStatus, check_continuity
from desktop.domain.templates import ChecklistTemplate
from desktop.i18n import _, ngettext
from desktop.services.base import Changes, Outcome, Session
from desktop.services.handovers import HandoverParts, HandoverService

DRAFT_KIND = "handover"
CONTINUITY_RULE = "continuity_gap"


def draft_key(handover_id: str) -> str:
    return f"{DRAFT_KIND}:{handover_id}"


def here_offset_minutes() -> int:
    return local_offset_minutes(datetime.now().astimezone())


@dataclass
class ItemResponse:
    answer: ItemAnswer | None = None
    note: str = ""
    evidence_ids: list[str] = field(default_factory=list)
    automatic: bool = False  # set from the recorded times (item 17), not by a person


@dataclass
class EquipmentDraft:
    id: str
    item: str = ""
    quantity: int = 1
    serials: list[str] = field(default_factory=list)
    condition: EquipmentCondition = EquipmentCondition.GOOD


@dataclass
class HandoverForm:
    handover_id: str
    checkpoint_id: str | None = None
    handing_unit_id: str | None = None
    handing_rep_id: str | None = None
    receiving_unit_id: str | None = None
    receiving_rep_id: str | None = None
    witness_ids: list[str] = field(default_factory=list)
    handover_at: str | None = None
    assumed_duty_at: str | None = None
    departure_at: str | None = None
    utc_offset_minutes: int = 0
    notes: str = ""
    responses: dict[str, ItemResponse] = field(default_factory=dict)
    equipment: list[EquipmentDraft] = field(default_factory=list)

    @classmethod
    def new(cls, checkpoint_id: str | None = None) -> HandoverForm:
        return cls(uuid7(), checkpoint_id, utc_offset_minutes=here_offset_minutes())

    @classmethod
    def from_parts(cls, parts: HandoverParts) -> HandoverForm:
        h = parts.handover
        return cls(
            handover_id=h.id,
            checkpoint_id=h.checkpoint_id,
            handing_unit_id=h.handing_unit_id,
            handing_rep_id=h.handing_rep_id,
            receiving_unit_id=h.receiving_unit_id,
            receiving_rep_id=h.receiving_rep_id,
            witness_ids=list(h.witness_ids),
            handover_at=h.handover_at,
            assumed_duty_at=h.assumed_duty_at,
            departure_at=h.departure_at,
            utc_offset_minutes=h.utc_offset_minutes,
            notes=h.notes,
            responses={
                key: ItemResponse(r.answer, r.note, list(r.evidence_ids))
                for key, r in parts.responses.items()
            },
            equipment=[
                EquipmentDraft(line.id, line.item, line.quantity, list(line.serials),
                               line.condition)
                for line in parts.equipment
            ],
        )

    # --- the local draft (autosave) ------------------------------------------------------------

    def to_content(self) -> dict[str, Any]:
        return {
            "handover_id": self.handover_id,
            "checkpoint_id": self.checkpoint_id,
            "handing_unit_id": self.handing_unit_id,
            "handing_rep_id": self.handing_rep_id,
            "receiving_unit_id": self.receiving_unit_id,
            "receiving_rep_id": self.receiving_rep_id,
            "witness_ids": list(self.witness_ids),
            "handover_at": self.handover_at,
            "assumed_duty_at": self.assumed_duty_at,
            "departure_at": self.departure_at,
            "utc_offset_minutes": self.utc_offset_minutes,
            "notes": self.notes,
            "responses": {
                key: {
                    "answer": r.answer.value if r.answer else None,
                    "note": r.note,
                    "evidence_ids": list(r.evidence_ids),
                    "automatic": r.automatic,
                }
                for key, r in self.responses.items()
            },
            "equipment": [
                {"id": e.id, "item": e.item, "quantity": e.quantity, "serials": list(e.serials),
                 "condition": e.condition.value}
                for e in self.equipment
            ],
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> HandoverForm:
        """Back from a local draft; a draft from an older version loses only what it lacks."""
        form = cls(str(content["handover_id"]))
        for name in ("checkpoint_id", "handing_unit_id", "handing_rep_id", "receiving_unit_id",
                     "receiving_rep_id", "handover_at", "assumed_duty_at", "departure_at"):
            value = content.get(name)
            setattr(form, name, str(value) if value else None)
        form.witness_ids = [str(w) for w in content.get("witness_ids") or []]
        form.utc_offset_minutes = int(content.get("utc_offset_minutes") or 0)
        form.notes = str(content.get("notes") or "")
        for key, raw in (content.get("responses") or {}).items():
            answer = raw.get("answer")
            form.responses[str(key)] = ItemResponse(
                ItemAnswer(answer) if answer else None,
                str(raw.get("note") or ""),
                [str(i) for i in raw.get("evidence_ids") or []],
                bool(raw.get("automatic")),
            )
        for raw in content.get("equipment") or []:
            form.equipment.append(EquipmentDraft(
                str(raw["id"]), str(raw.get("item") or ""), int(raw.get("quantity") or 0),
                [str(s) for s in raw.get("serials") or []],
                EquipmentCondition(raw.get("condition") or EquipmentCondition.GOOD),
            ))
        return form

    # --- derived -------------------------------------------------------------------------------

    def gap(self) -> GapCheck:
        try:
            return check_continuity(self.assumed_duty_at, self.departure_at)
        except ValueError:
            return GapCheck(GapStatus.UNKNOWN, 0)

    def response(self, key: str) -> ItemResponse:
        return self.responses.setdefault(key, ItemResponse())

    def apply_continuity_rule(self, template: ChecklistTemplate) -> None:
        """Item 17 follows the recorded times until a person answers it themselves."""
        gap = self.gap()
        for item in template.items:
            if item.rule != CONTINUITY_RULE:
                continue
            current = self.responses.get(item.key)
            if current is not None and current.answer is not None and not current.automatic:
                continue
            if gap.status is GapStatus.UNKNOWN:
                if current is not None and current.automatic:
                    self.responses[item.key] = ItemResponse(note="")
                continue
            if gap.has_gap:
                self.responses[item.key] = ItemResponse(
                    ItemAnswer.NOT_DONE, gap_sentence(gap.minutes), [], True
                )
            else:
                self.responses[item.key] = ItemResponse(ItemAnswer.DONE, "", [], True)

    def candidate(self, stored: Handover | None, session: Session,
                  template: ChecklistTemplate) -> Handover:
        """The handover record the form describes, keeping what only the services decide."""
        return Handover(
            id=self.handover_id,
            checkpoint_id=self.checkpoint_id or "",
            state=stored.state if stored else HandoverState.DRAFT,
            template_id=stored.template_id if stored else template.id,
            template_version=stored.template_version if stored else template.version,
            officer_id=stored.officer_id if stored else session.person_id,
            handing_unit_id=self.handing_unit_id,
            handing_rep_id=self.handing_rep_id,
            receiving_unit_id=self.receiving_unit_id,
            receiving_rep_id=self.receiving_rep_id,
            witness_ids=tuple(self.witness_ids),
            handover_at=self.handover_at,
            assumed_duty_at=self.assumed_duty_at,
            departure_at=self.departure_at,
            utc_offset_minutes=self.utc_offset_minutes,
            notes=self.notes,
            reason=stored.reason if stored else None,
        )


def gap_sentence(minutes: int) -> str:
    return ngettext(
        "Gap of {count} minute: the checkpoint was unmanned.",
        "Gap of {count} minutes: the checkpoint was unmanned.",
        minutes,
    ).format(count=minutes)


def no_gap_sentence() -> str:
    return _("No gap: the receiving force assumed duty before the handing-over force left.")


def split_serials(text: str) -> list[str]:
    """Serial numbers typed one per line or separated by commas (Arabic comma too)."""
    parts = text.replace("،", ",").replace("\n", ",").split(",")
    return [part.strip() for part in parts if part.strip()]


class HandoverWriter:
    """Writes the differences between the form and the stored handover, one service call each."""

    def __init__(self, service: HandoverService, session: Session, template: ChecklistTemplate,
                 announce: Callable[[Changes], None]) -> None:
        self._service = service
        self._session = session
        self._template = template
        self._announce = announce
        self.stored: HandoverParts | None = None

    def load(self, handover_id: str) -> HandoverParts | None:
        try:
            self.stored = self._service.parts(handover_id)
        except NotFound:
            self.stored = None
        return self.stored

    @property
    def frozen(self) -> bool:
        return self.stored is not None and self.stored.handover.state in FROZEN_STATES

    def _done(self, outcome: Outcome[Any]) -> None:
        self._announce(outcome.changes)

    def pending(self, form: HandoverForm) -> bool:
        """Would ``write`` change anything? (What closing the window asks about.)"""
        if self.stored is None:
            return form.checkpoint_id is not None
        return bool(self._handover_change(form) or self._response_changes(form)
                    or self._equipment_changes(form)[0] or self._equipment_changes(form)[1])

    def write(self, form: HandoverForm, *, create: bool) -> bool:
        """Write what differs; True if anything was written. Errors are the services' sentences.

        ``create`` says whether a handover not stored yet should be created now (from the
        parties step on); before that, choosing a checkpoint alone records nothing.
        """
        # Read afresh: another window (or officer) may have signed it since. The services
        # then refuse with their sentence instead of taking a stale copy's state as true.
        self.load(form.handover_id)
        if self.stored is None:
            if not (create and form.checkpoint_id):
                return False
            self._done(self._service.save(
                self._session, form.candidate(None, self._session, self._template)))
            self.load(form.handover_id)
        wrote = False
        handover = self._handover_change(form)
        if handover is not None:
            self._done(self._service.save(self._session, handover))
            wrote = True
        for response in self._response_changes(form):
            self._done(self._service.answer(self._session, response))
            wrote = True
        changed, removed = self._equipment_changes(form)
        for line in changed:
            self._done(self._service.save_equipment(self._session, line))
            wrote = True
        for line in removed:
            self._done(self._service.remove_equipment(self._session, line))
            wrote = True
        self.load(form.handover_id)
        return wrote or self.stored is not None

    def _handover_change(self, form: HandoverForm) -> Handover | None:
        assert self.stored is not None
        candidate = form.candidate(self.stored.handover, self._session, self._template)
        return None if candidate == self.stored.handover else candidate

    def _response_changes(self, form: HandoverForm) -> list[ChecklistResponse]:
        assert self.stored is not None
        changes = []
        for key, response in form.responses.items():
            stored = self.stored.responses.get(key)
            if stored is None and response.answer is None and not response.note.strip() \
                    and not response.evidence_ids:
                continue
            wanted = (response.answer, response.note, tuple(response.evidence_ids))
            if stored is not None and (stored.answer, stored.note, stored.evidence_ids) == wanted:
                continue
            # Re-answering keeps the item's record id: one record per item, with its history.
            record_id = stored.id if stored is not None else uuid7()
            changes.append(ChecklistResponse(record_id, form.handover_id, key, *wanted))
        return changes

    def _equipment_changes(
        self, form: HandoverForm
    ) -> tuple[list[EquipmentLine], list[EquipmentLine]]:
        assert self.stored is not None
        stored = {line.id: line for line in self.stored.equipment}
        changed = []
        for draft in form.equipment:
            line = EquipmentLine(draft.id, form.handover_id, draft.item.strip(), draft.quantity,
                                 tuple(draft.serials), draft.condition)
            if stored.get(draft.id) != line:
                changed.append(line)
        kept = {draft.id for draft in form.equipment}
        amended = self.stored.handover.state is HandoverState.AMENDED
        # During an amendment a removed line is kept at quantity zero (a signed line never
        # vanishes), so a zero line that is no longer shown is already removed.
        removed = [line for line_id, line in stored.items()
                   if line_id not in kept and not (amended and line.quantity == 0)]
        return changed, removed
