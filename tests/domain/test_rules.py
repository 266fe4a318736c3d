import pytest

from desktop.domain.enums import HandoverState, Op, Role
from desktop.domain.errors import IllegalTransition, PermissionDenied
from desktop.domain.permissions import Action, may, require
from desktop.domain.revision import may_follow
from desktop.domain.rules import (
    HANDOVER_TRANSITIONS,
    GapStatus,
    can_transition,
    check_continuity,
    require_transition,
)


def test_no_gap_when_the_receiving_force_arrived_first():
    check = check_continuity("2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z")
    assert check.status is GapStatus.NO_GAP and check.minutes == 0


def test_arriving_at_the_minute_of_departure_is_no_gap():
    check = check_continuity("2026-03-01T08:00:00Z", "2026-03-01T08:00:00Z")
    assert not check.has_gap


def test_a_departure_before_duty_was_assumed_is_a_gap_of_that_length():
    check = check_continuity("2026-03-01T10:30:00Z", "2026-03-01T08:00:00Z")
    assert check.status is GapStatus.GAP
    assert check.minutes == 150


def test_a_gap_of_seconds_still_counts_as_a_minute():
    assert check_continuity("2026-03-01T08:00:30Z", "2026-03-01T08:00:00Z").minutes == 1


def test_unknown_until_both_times_are_recorded():
    assert check_continuity(None, "2026-03-01T08:00:00Z").status is GapStatus.UNKNOWN


LEGAL = [
    ("draft", "ready"),
    ("ready", "signed"),
    ("signed", "certified"),
    ("certified", "amended"),
    ("amended", "signed"),
    ("ready", "draft"),
    ("draft", "voided"),
    ("certified", "voided"),
]
ILLEGAL = [
    ("draft", "signed"),
    ("draft", "certified"),
    ("ready", "certified"),
    ("signed", "draft"),
    ("certified", "signed"),
    ("voided", "draft"),
    ("voided", "certified"),
    ("amended", "certified"),
]


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_legal_transitions(current, target):
    require_transition(HandoverState(current), HandoverState(target))


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transitions_are_refused_with_both_states_named(current, target):
    with pytest.raises(IllegalTransition, match="cannot become"):
        require_transition(HandoverState(current), HandoverState(target))


def test_voided_is_final_and_every_state_has_rules():
    assert set(HANDOVER_TRANSITIONS) == set(HandoverState)
    assert not any(can_transition(HandoverState.VOIDED, s) for s in HandoverState)


def test_roles():
    assert may(Role.OFFICER, Action.RECORD_INSPECTION)
    assert not may(Role.CLERK, Action.RECORD_INSPECTION)
    with pytest.raises(PermissionDenied, match="may not"):
        require(Role.OFFICER, Action.MANAGE_ACCOUNTS)


def test_only_signed_acts_amendments_and_merges_follow_a_signature():
    assert may_follow({Op.PUT}, Op.PUT)
    assert not may_follow({Op.SIGN}, Op.PUT)
    assert not may_follow({Op.SIGN}, Op.DELETE)
    assert may_follow({Op.SIGN}, Op.AMEND)
    assert may_follow({Op.SIGN}, Op.SIGN)
