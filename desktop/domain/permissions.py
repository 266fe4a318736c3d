"""Who may do what. Services check this first; the UI only hides what a role cannot do."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.enums import ROLE_LABELS, Role
from desktop.domain.errors import PermissionDenied
from desktop.i18n import N_, _


class Action(StrEnum):
    MANAGE_PLACES = "manage_places"
    MANAGE_ACCOUNTS = "manage_accounts"
    RECORD_PEOPLE = "record_people"
    RECORD_INSPECTION = "record_inspection"
    RECORD_HANDOVER = "record_handover"
    CERTIFY_HANDOVER = "certify_handover"
    AMEND_HANDOVER = "amend_handover"
    VOID_HANDOVER = "void_handover"
    ATTACH_FILES = "attach_files"
    MANAGE_CA = "manage_ca"
    ENROL_SIGNER = "enrol_signer"
    ENROL_DEVICE = "enrol_device"
    IMPORT_DATA = "import_data"
    RESOLVE_CONFLICT = "resolve_conflict"


ACTION_LABELS = {
    Action.MANAGE_PLACES: N_("manage districts, units and checkpoints"),
    Action.MANAGE_ACCOUNTS: N_("manage user accounts"),
    Action.RECORD_PEOPLE: N_("record people"),
    Action.RECORD_INSPECTION: N_("record inspections"),
    Action.RECORD_HANDOVER: N_("record handovers"),
    Action.CERTIFY_HANDOVER: N_("certify handovers"),
    Action.AMEND_HANDOVER: N_("amend handovers"),
    Action.VOID_HANDOVER: N_("void handovers"),
    Action.ATTACH_FILES: N_("attach photos"),
    Action.MANAGE_CA: N_("run the Command CA"),
    Action.ENROL_SIGNER: N_("ask for a signing certificate"),
    Action.ENROL_DEVICE: N_("enrol this laptop"),
    Action.IMPORT_DATA: N_("import laptops' data"),
    Action.RESOLVE_CONFLICT: N_("resolve conflicting edits"),
}

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.MANAGE_PLACES: frozenset({Role.SUPERVISOR}),
    Action.MANAGE_ACCOUNTS: frozenset({Role.SUPERVISOR}),
    Action.RECORD_PEOPLE: frozenset({Role.OFFICER, Role.CLERK, Role.SUPERVISOR}),
    Action.RECORD_INSPECTION: frozenset({Role.OFFICER}),
    Action.RECORD_HANDOVER: frozenset({Role.OFFICER}),
    Action.CERTIFY_HANDOVER: frozenset({Role.CLERK}),
    Action.AMEND_HANDOVER: frozenset({Role.OFFICER, Role.CLERK}),
    Action.VOID_HANDOVER: frozenset({Role.CLERK, Role.SUPERVISOR}),
    Action.ATTACH_FILES: frozenset({Role.OFFICER, Role.CLERK, Role.SUPERVISOR}),
    Action.MANAGE_CA: frozenset({Role.SUPERVISOR}),
    Action.ENROL_SIGNER: frozenset({Role.CLERK}),
    Action.ENROL_DEVICE: frozenset({Role.OFFICER, Role.CLERK, Role.SUPERVISOR}),
    Action.IMPORT_DATA: frozenset({Role.SUPERVISOR}),
    Action.RESOLVE_CONFLICT: frozenset({Role.SUPERVISOR}),
}


def may(role: Role, action: Action) -> bool:
    return role in ALLOWED[action]


def require(role: Role, action: Action) -> None:
    if not may(role, action):
        allowed = "، ".join(_(ROLE_LABELS[r]) for r in sorted(ALLOWED[action]))
        raise PermissionDenied(
            _("A {role} may not {action}. Ask a {allowed} to do it.").format(
                role=_(ROLE_LABELS[role]), action=_(ACTION_LABELS[action]), allowed=allowed
            )
        )
