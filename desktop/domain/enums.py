"""Closed vocabularies. Values are stored; labels are translated where they are shown."""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import N_


class Role(StrEnum):
    OFFICER = "officer"
    CLERK = "clerk"
    SUPERVISOR = "supervisor"


ROLE_LABELS = {
    Role.OFFICER: N_("Field officer"),
    Role.CLERK: N_("Certificate clerk"),
    Role.SUPERVISOR: N_("Supervisor"),
}


class Op(StrEnum):
    """What a revision does to its record."""

    PUT = "put"
    DELETE = "delete"
    SIGN = "sign"
    AMEND = "amend"
    MERGE = "merge"


class EntityKind(StrEnum):
    DISTRICT = "district"
    UNIT = "unit"
    CHECKPOINT = "checkpoint"
    PERSON = "person"
    ACCOUNT = "account"
    DEVICE = "device"
    INSPECTION = "inspection"
    HANDOVER = "handover"
    CHECKLIST_RESPONSE = "checklist_response"
    EQUIPMENT_LINE = "equipment_line"
    ATTACHMENT = "attachment"
    HANDOVER_SIGNATURE = "handover_signature"
    TRUST_ANCHOR = "trust_anchor"
    SIGNING_CERTIFICATE = "signing_certificate"
    CERTIFICATE = "certificate"


class CheckpointKind(StrEnum):
    BORDER_CROSSING = "border_crossing"
    BORDER_POST = "border_post"
    CITY_ENTRANCE = "city_entrance"
    HIGHWAY = "highway"
    BRIDGE = "bridge"
    INTERNAL = "internal"


CHECKPOINT_KIND_LABELS = {
    CheckpointKind.BORDER_CROSSING: N_("Border crossing"),
    CheckpointKind.BORDER_POST: N_("Border post"),
    CheckpointKind.CITY_ENTRANCE: N_("City entrance"),
    CheckpointKind.HIGHWAY: N_("Highway"),
    CheckpointKind.BRIDGE: N_("Bridge"),
    CheckpointKind.INTERNAL: N_("Internal"),
}


class CheckpointStatus(StrEnum):
    HELD_BY_HANDING_PARTY = "held_by_handing_party"
    HANDOVER_IN_PROGRESS = "handover_in_progress"
    HANDED_OVER = "handed_over"


CHECKPOINT_STATUS_LABELS = {
    CheckpointStatus.HELD_BY_HANDING_PARTY: N_("Held by the handing-over party"),
    CheckpointStatus.HANDOVER_IN_PROGRESS: N_("Handover in progress"),
    CheckpointStatus.HANDED_OVER: N_("Handed over"),
}


class UnitKind(StrEnum):
    FACTION = "faction"
    ARMY = "army"
    POLICE = "police"
    LOCAL_GOVERNMENT = "local_government"


class HandoverState(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SIGNED = "signed"
    CERTIFIED = "certified"
    AMENDED = "amended"
    VOIDED = "voided"


HANDOVER_STATE_LABELS = {
    HandoverState.DRAFT: N_("Draft"),
    HandoverState.READY: N_("Ready for signatures"),
    HandoverState.SIGNED: N_("Signed, waiting for a certificate"),
    HandoverState.CERTIFIED: N_("Certified"),
    HandoverState.AMENDED: N_("Amended"),
    HandoverState.VOIDED: N_("Void"),
}


class InspectionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


INSPECTION_STATE_LABELS = {
    InspectionState.DRAFT: N_("Draft"),
    InspectionState.SUBMITTED: N_("Submitted"),
}


class ItemAnswer(StrEnum):
    DONE = "done"
    NOT_DONE = "not_done"
    NOT_APPLICABLE = "not_applicable"


class EquipmentCondition(StrEnum):
    GOOD = "good"
    NEEDS_REPAIR = "needs_repair"
    UNSERVICEABLE = "unserviceable"


class SignatureParty(StrEnum):
    """Whose handwritten signature: the three a handover needs."""

    HANDING = "handing"
    RECEIVING = "receiving"
    WITNESS = "witness"


SIGNATURE_PARTY_LABELS = {
    SignatureParty.HANDING: N_("Handing-over representative"),
    SignatureParty.RECEIVING: N_("Receiving representative"),
    SignatureParty.WITNESS: N_("Witness"),
}


class CertificateState(StrEnum):
    ISSUED = "issued"
    VOID = "void"
    SUPERSEDED = "superseded"  # a reissue after an amendment replaced it


CERTIFICATE_STATE_LABELS = {
    CertificateState.ISSUED: N_("Issued"),
    CertificateState.VOID: N_("Voided"),
    CertificateState.SUPERSEDED: N_("Superseded"),
}
