"""Setting up a new field laptop before it has any account: enrol it, then take headquarters' data.

A laptop arrives with an empty database. It writes an enrolment request for headquarters'
Command CA, loads the answer the supervisor signed, then imports the full bundle headquarters
exported, which brings the accounts; only then can anyone sign in. No session exists yet, so
each step is allowed only while the database has no accounts (the enrolment and import services
check that themselves).

The steps are often days apart and Taslim is closed in between, so their state is read back
from the database each time: the request (a local fact, kept in ``meta``: the revision log has
no record of it), the enrolment (a certificate of this laptop's key from a trusted Command CA)
and the accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.entities import SigningCertificate
from desktop.domain.errors import ValidationError
from desktop.i18n import _
from desktop.services.accounts import AuthService
from desktop.services.base import Outcome, Store
from desktop.services.device import DeviceIdentity
from desktop.services.enrolment import EnrolmentService, LaptopStanding
from desktop.services.sync_import import FileReport, ImportService, Progress
from desktop.storage.local_meta import get_meta, set_meta

REQUEST_WRITTEN_AT = "field_setup.request_written_at"


@dataclass(frozen=True, slots=True)
class FieldSetupState:
    """Where a laptop's set-up stands, as read from its database."""

    request_written_at: str  # UTC text of the last request written here; "" when none was
    standing: LaptopStanding
    has_accounts: bool

    @property
    def request_written(self) -> bool:
        # An enrolled laptop wrote one, even if it was written on the command line.
        return bool(self.request_written_at) or self.standing.enrolled

    @property
    def enrolled(self) -> bool:
        return self.standing.enrolled and not self.standing.expired


class FieldSetupService:
    def __init__(self, store: Store, auth: AuthService, enrolment: EnrolmentService,
                 imports: ImportService, device: DeviceIdentity) -> None:
        self._store = store
        self._auth = auth
        self._enrolment = enrolment
        self._imports = imports
        self._device = device

    @property
    def device(self) -> DeviceIdentity:
        return self._device

    def state(self) -> FieldSetupState:
        with self._store.read() as connection:
            written = get_meta(connection, REQUEST_WRITTEN_AT) or ""
        return FieldSetupState(written, self._enrolment.laptop_standing(self._device),
                               self._auth.has_accounts())

    def write_request(self, deliver: Callable[[bytes], None]) -> str:
        """Make the request, hand it to ``deliver`` (which writes the file), then remember it.

        Returns when it was written (UTC text). A file that cannot be written is remembered
        as nothing.
        """
        request = self._enrolment.request_device_certificate(None, self._device)
        deliver(request)
        written_at = to_utc_text(utc_now())
        with self._store.change(None, None) as changes:
            set_meta(changes.connection, REQUEST_WRITTEN_AT, written_at)
        return written_at

    def load_answer(self, answer_file: bytes) -> Outcome[SigningCertificate]:
        """Headquarters' answer: refused (one sentence, nothing written) if it is not for this
        laptop's key, is damaged, or comes from another Command CA than the one trusted here."""
        return self._enrolment.import_device_answer(None, self._device, answer_file)

    def load_data(self, path: Path, progress: Progress | None = None,
                  cancelled: Callable[[], bool] = lambda: False) -> FileReport:
        """Import headquarters' bundle; a refusal is in the report, with the import's sentence.

        Before the answer is loaded this laptop trusts no Command CA, so every bundle would be
        refused with a sentence about enrolling the *sending* laptop; this says what to do here.
        """
        if not self.state().enrolled:
            raise ValidationError(_("Load headquarters' answer first (step 2): until then this "
                                    "laptop cannot check that the data comes from your "
                                    "headquarters."))
        [report] = self._imports.apply(None, [path], progress, cancelled)
        return report
