"""Rules the software enforces: the continuity gap check and the handover state machine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.clock import parse_utc_text
from desktop.domain.enums import HANDOVER_STATE_LABELS, HandoverState
from desktop.domain.errors import IllegalTransition
from desktop.i18n import _


class GapStatus(StrEnum):
    NO_GAP = "no_gap"
    GAP = "gap"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class GapCheck:
    status: GapStatus
    minutes: int  # length of the unmanned interval; 0 unless status is GAP

    @property
    def has_gap(self) -> bool:
        return self.status is GapStatus.GAP


def check_continuity(assumed_duty_at: str | None, departure_at: str | None) -> GapCheck:
    """Checklist item 17: the receiving force must assume duty before the handing-over force leaves.

    Assuming duty at the very minute of departure is no gap; a departure before the receiving
    force assumed duty leaves the checkpoint unmanned for the difference.
    """
    if not assumed_duty_at or not departure_at:
        return GapCheck(GapStatus.UNKNOWN, 0)
    assumed = parse_utc_text(assumed_duty_at, "assumed_duty_at")
    departed = parse_utc_text(departure_at, "departure_at")
    if assumed <= departed:
        return GapCheck(GapStatus.NO_GAP, 0)
    seconds = (assumed - departed).total_seconds()
    return GapCheck(GapStatus.GAP, max(1, int(-(-seconds // 60))))


HANDOVER_TRANSITIONS: dict[HandoverState, frozenset[HandoverState]] = {
    HandoverState.DRAFT: frozenset({HandoverState.READY, HandoverState.VOIDED}),
    HandoverState.READY: frozenset(
        {HandoverState.DRAFT, HandoverState.SIGNED, HandoverState.VOIDED}
    ),
    HandoverState.SIGNED: frozenset(
        {HandoverState.CERTIFIED, HandoverState.AMENDED, HandoverState.VOIDED}
    ),
    HandoverState.CERTIFIED: frozenset({HandoverState.AMENDED, HandoverState.VOIDED}),
    HandoverState.AMENDED: frozenset({HandoverState.SIGNED, HandoverState.VOIDED}),
    HandoverState.VOIDED: frozenset(),
}

STATES_NEEDING_REASON = frozenset({HandoverState.AMENDED, HandoverState.VOIDED})
FROZEN_STATES = frozenset({HandoverState.SIGNED, HandoverState.CERTIFIED, HandoverState.VOIDED})


def can_transition(current: HandoverState, target: HandoverState) -> bool:
    return target in HANDOVER_TRANSITIONS[current]


def require_transition(current: HandoverState, target: HandoverState) -> None:
    if not can_transition(current, target):
        raise IllegalTransition(
            _("A handover that is “{current}” cannot become “{target}”.").format(
                current=_(HANDOVER_STATE_LABELS[current]),
                target=_(HANDOVER_STATE_LABELS[target]),
            )
        )
