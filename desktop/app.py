"""Composition root: builds settings, storage, device identity and services, and hands them in.

Nothing here is global: the GUI and the CLI each get an ``AppContext`` and pass its parts to the
objects that need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.domain.templates import (
    ChecklistTemplate,
    InspectionTemplate,
    load_checklist_template,
    load_inspection_template,
)
from desktop.paths import UserDirs, resource
from desktop.services.accounts import AccountService, AuthService
from desktop.services.attachments import AttachmentService
from desktop.services.base import Store
from desktop.services.certificate_data import CertificateAssembler
from desktop.services.certificate_queries import CertificateQueries
from desktop.services.certificates import CertificateService
from desktop.services.checkpoints import CheckpointQueries, RecordLists
from desktop.services.conflicts import ConflictService
from desktop.services.dashboard import DashboardService
from desktop.services.device import DeviceIdentity, ensure_device
from desktop.services.devices import DeviceOverviewService
from desktop.services.drafts import DraftService
from desktop.services.enrolment import EnrolmentService
from desktop.services.handovers import HandoverService
from desktop.services.inspections import InspectionService
from desktop.services.overview import OverviewService
from desktop.services.places import PlacesService
from desktop.services.sync_export import ExportService
from desktop.services.sync_import import ImportService
from desktop.services.sync_journal import ImportJournal, journal_path
from desktop.services.sync_receipts import ReceiptService
from desktop.settings import Settings
from desktop.storage.engine import Database, open_database

CHECKLIST_TEMPLATE = ("templates", "handover_checklist_v1.json")
INSPECTION_TEMPLATE = ("templates", "inspection_v1.json")


@dataclass(frozen=True, slots=True)
class Templates:
    checklist: ChecklistTemplate
    inspection: InspectionTemplate


def load_templates() -> Templates:
    return Templates(
        checklist=load_checklist_template(resource(*CHECKLIST_TEMPLATE)),
        inspection=load_inspection_template(resource(*INSPECTION_TEMPLATE)),
    )


@dataclass(frozen=True, slots=True)
class AppContext:
    dirs: UserDirs
    settings: Settings
    database: Database
    device: DeviceIdentity
    templates: Templates
    store: Store
    auth: AuthService
    accounts: AccountService
    places: PlacesService
    inspections: InspectionService
    handovers: HandoverService
    overview: OverviewService
    attachments: AttachmentService
    drafts: DraftService
    checkpoints: CheckpointQueries
    lists: RecordLists
    enrolment: EnrolmentService
    certificates: CertificateService
    certificate_queries: CertificateQueries
    exports: ExportService
    imports: ImportService
    receipts: ReceiptService
    conflicts: ConflictService
    devices: DeviceOverviewService
    dashboard: DashboardService

    def close(self) -> None:
        self.database.close()


def open_context(dirs: UserDirs, database_path: Path, *, create: bool) -> AppContext:
    """Open the database (checks first; raises DatabaseProblem) and build the services."""
    dirs.ensure()
    templates = load_templates()
    database = open_database(database_path, create=create)
    try:
        device = ensure_device(database, dirs.secrets)
    except Exception:
        database.close()
        raise
    store = Store(database, device.signer)
    auth = AuthService(store)
    handovers = HandoverService(store, templates.checklist)
    enrolment = EnrolmentService(store, auth, device)
    certificates = CertificateService(
        store, handovers, enrolment, CertificateAssembler(store, templates.checklist),
        device.short_code)
    journal = ImportJournal(journal_path(database_path))
    return AppContext(
        dirs=dirs,
        settings=Settings.load(dirs.config),
        database=database,
        device=device,
        templates=templates,
        store=store,
        auth=auth,
        accounts=AccountService(store),
        places=PlacesService(store),
        inspections=InspectionService(store, templates.inspection),
        handovers=handovers,
        overview=OverviewService(store),
        attachments=AttachmentService(store),
        drafts=DraftService(store),
        checkpoints=CheckpointQueries(store),
        lists=RecordLists(store),
        enrolment=enrolment,
        certificates=certificates,
        certificate_queries=CertificateQueries(store),
        exports=ExportService(store, device),
        imports=ImportService(store, journal),
        receipts=ReceiptService(store, device, journal),
        conflicts=ConflictService(store),
        devices=DeviceOverviewService(store, journal),
        dashboard=DashboardService(store),
    )
