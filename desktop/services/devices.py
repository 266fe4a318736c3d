"""At headquarters: every laptop known here, how far its records are held, and its alarms.

The figures come from the master database (device records, device certificates, revisions held,
the import log); the alarms and the receipts from the import journal beside it, because a
refused file writes nothing to the database yet a supervisor has to see it (a fork is a tamper
alarm). No Qt here: the Devices page and any report read the same ``DeviceStatus``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.enums import EntityKind
from desktop.i18n import _
from desktop.services.base import Store
from desktop.services.sync_journal import RECEIPT, ImportJournal
from desktop.signing.ca import subject_common_name
from desktop.storage.device_overview import import_counts, latest_imports
from desktop.storage.device_store import load_local_device
from desktop.storage.queries import current_rows, current_rows_where
from desktop.storage.sync_store import import_log, watermark

TAMPER, CLOCK, REFUSED_FILE = "tamper", "clock", "refused"
_REFUSED, _FORK = "refused", "fork"


@dataclass(frozen=True, slots=True)
class DeviceImport:
    """One file of the laptop imported here (a row of the import log)."""

    at: str
    file_name: str
    new: int
    first_seq: int
    last_seq: int
    conflicts: int
    flagged: int


@dataclass(frozen=True, slots=True)
class DeviceReceipt:
    at: str
    held_seq: int


@dataclass(frozen=True, slots=True)
class DeviceAlarm:
    """A tamper alarm, a clock far ahead, or another refusal: when, which file, the sentence."""

    kind: str  # TAMPER, CLOCK or REFUSED_FILE
    at: str
    file_name: str
    message: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    device_id: str
    short_code: str
    name: str
    enrolled: bool
    held_seq: int  # the sequence number reached without a gap
    held_count: int  # revisions held, ``held_seq`` when nothing is missing
    imports: int  # files of it imported here
    last_import: DeviceImport | None
    last_receipt: DeviceReceipt | None
    alarms: tuple[DeviceAlarm, ...]  # newest first
    this_computer: bool = False
    known: bool = True  # False: only named by refused files; no record of it in the master

    @property
    def tamper_alarms(self) -> list[DeviceAlarm]:
        return [a for a in self.alarms if a.kind == TAMPER]

    @property
    def clock_warnings(self) -> list[DeviceAlarm]:
        return [a for a in self.alarms if a.kind == CLOCK]

    @property
    def refusals(self) -> list[DeviceAlarm]:
        return [a for a in self.alarms if a.kind == REFUSED_FILE]

    @property
    def has_gap(self) -> bool:
        return self.held_count != self.held_seq


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refused file that names no laptop (not a bundle, damaged, …)."""

    at: str
    file_name: str
    path: str
    reason: str
    message: str


class DeviceOverviewService:
    def __init__(self, store: Store, journal: ImportJournal) -> None:
        self._store = store
        self._journal = journal

    def devices(self) -> list[DeviceStatus]:
        """Every device known here (laptops first, by code; this computer last)."""
        entries = self._journal.entries()
        with self._store.read() as connection:
            local = load_local_device(connection)
            rows = current_rows(connection, EntityKind.DEVICE)
            certified = current_rows_where(connection, EntityKind.SIGNING_CERTIFICATE,
                                           holder_kind="device")
            enrolled = {str(row["holder_id"]) for row in certified}
            latest = latest_imports(connection)
            counts = import_counts(connection)
            marks = {str(row["id"]): watermark(connection, str(row["id"])) for row in rows}
        found: list[DeviceStatus] = []
        for row in rows:
            device_id = str(row["id"])
            mark = marks[device_id]
            log_row = latest.get(device_id)
            found.append(DeviceStatus(
                device_id=device_id,
                short_code=str(row.get("short_code") or ""),
                name=str(row.get("name") or ""),
                enrolled=device_id in enrolled,
                held_seq=mark.seq,
                held_count=mark.count,
                imports=counts.get(device_id, 0),
                last_import=_import(log_row) if log_row is not None else None,
                last_receipt=_last_receipt(entries, device_id),
                alarms=tuple(_alarms(entries, device_id)),
                this_computer=local is not None and local.device_id == device_id,
            ))
        found.extend(_enrolled_only(certified, entries, {status.device_id for status in found}))
        found.extend(_strangers(entries, {status.device_id for status in found}))
        found.sort(key=lambda s: (s.this_computer, not s.known, s.short_code, s.device_id))
        return found

    def imports(self, device_id: str, limit: int = 200) -> list[DeviceImport]:
        """The laptop's files imported here, newest first."""
        with self._store.read() as connection:
            return [_import(row) for row in import_log(connection, device_id, limit)]

    def unidentified_refusals(self) -> list[Refusal]:
        """Refused files that name no laptop, newest first."""
        return [
            Refusal(at=_text(entry, "at"), file_name=_text(entry, "name"),
                    path=_text(entry, "path"), reason=_text(entry, "reason"),
                    message=_text(entry, "message"))
            for entry in self._journal.entries()
            if entry.get("outcome") == _REFUSED and not entry.get("device_id")
        ]


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return "" if value is None else str(value)


def _number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 0
    try:
        return int(value)
    except ValueError:  # a hand-edited journal line: counted as nothing
        return 0


def _import(row: dict[str, Any]) -> DeviceImport:
    return DeviceImport(
        at=str(row.get("imported_at") or ""), file_name=str(row.get("file_name") or ""),
        new=_number(row.get("new_count")), first_seq=_number(row.get("first_seq")),
        last_seq=_number(row.get("last_seq")), conflicts=_number(row.get("conflict_count")),
        flagged=_number(row.get("flagged_count")))


def _last_receipt(entries: list[dict[str, Any]], device_id: str) -> DeviceReceipt | None:
    for entry in entries:  # newest first
        if entry.get("outcome") == RECEIPT and entry.get("device_id") == device_id:
            return DeviceReceipt(_text(entry, "at"), _number(entry.get("held_seq")))
    return None


def _alarms(entries: list[dict[str, Any]], device_id: str) -> list[DeviceAlarm]:
    alarms = []
    for entry in entries:
        if entry.get("device_id") != device_id:
            continue
        alarm = _alarm(entry)
        if alarm is not None:
            alarms.append(alarm)
    return alarms


def _alarm(entry: dict[str, Any]) -> DeviceAlarm | None:
    outcome, reason = entry.get("outcome"), _text(entry, "reason")
    at, name = _text(entry, "at"), _text(entry, "name")
    if outcome == _REFUSED:
        kind = TAMPER if reason == _FORK else REFUSED_FILE
        return DeviceAlarm(kind, at, name, _text(entry, "message"), reason)
    flagged = _number(entry.get("flagged"))
    if outcome != RECEIPT and flagged > 0:
        # Said again in today's language (the journal keeps the words of the day of import).
        return DeviceAlarm(CLOCK, at, name, _(
            "{count} revisions carry a clock more than a day ahead of this computer's; they are "
            "kept but never win a conflict on their time. Check the laptop's date and time.")
            .format(count=flagged))
    return None


def _enrolled_only(certified: list[dict[str, Any]], entries: list[dict[str, Any]],
                   listed: set[str]) -> list[DeviceStatus]:
    """Laptops enrolled here whose first bundle has not been imported yet.

    Their code is the name their certificate carries (the request named the laptop by it).
    """
    codes: dict[str, str] = {}
    for row in certified:
        device_id = str(row["holder_id"])
        if device_id not in listed:
            codes.setdefault(device_id, subject_common_name(str(row["certificate_pem"])
                                                            .encode("ascii")))
    return [
        DeviceStatus(device_id=device_id, short_code=code, name="", enrolled=True, held_seq=0,
                     held_count=0, imports=0, last_import=None,
                     last_receipt=_last_receipt(entries, device_id),
                     alarms=tuple(_alarms(entries, device_id)))
        for device_id, code in codes.items()
    ]


def _strangers(entries: list[dict[str, Any]], known: set[str]) -> list[DeviceStatus]:
    """Laptops only refused files name (e.g. never enrolled): listed for their alarms."""
    codes: dict[str, str] = {}
    for entry in entries:
        device_id = _text(entry, "device_id")
        if device_id and device_id not in known and entry.get("outcome") == _REFUSED:
            codes.setdefault(device_id, _text(entry, "device_code"))
    return [
        DeviceStatus(device_id=device_id, short_code=code, name="", enrolled=False, held_seq=0,
                     held_count=0, imports=0, last_import=None,
                     last_receipt=_last_receipt(entries, device_id),
                     alarms=tuple(_alarms(entries, device_id)), known=False)
        for device_id, code in codes.items()
    ]
