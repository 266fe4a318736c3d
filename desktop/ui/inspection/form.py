"""The inspection form: built from the versioned template, autosaved while typing, saved as a
draft revision, submitted as a signed one (then read-only), and amended with a reason.

Modes: ``new`` (nothing saved yet), ``draft`` (a draft revision exists), ``submitted``
(read-only, may be amended) and ``amending``. What is typed is kept in a local autosaved draft
(``inspection:<id>``) every few seconds and on close, so neither closing the window nor losing
power throws work away.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTime, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from desktop.domain.clock import local_offset_minutes
from desktop.domain.diff import field_changes
from desktop.domain.entities import Inspection
from desktop.domain.enums import InspectionState
from desktop.domain.errors import TaslimError, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.inspection_rules import Finding, check_answers
from desktop.domain.templates import InspectionTemplate
from desktop.i18n import _, current_language
from desktop.services.base import Outcome, Session
from desktop.ui.errors import show_error
from desktop.ui.inspection import dialogs
from desktop.ui.inspection.answers import field_label
from desktop.ui.inspection.state import (
    AMENDING,
    DRAFT,
    DRAFT_KIND,
    LOCAL_FORMAT,
    NEW,
    SUBMITTED,
    FormState,
    describe_change,
    draft_key,
)
from desktop.ui.inspection.view import InspectionFormView
from desktop.ui.page_registry import PageContext
from desktop.ui.pages import display_name
from desktop.ui.widgets.autosave import Autosaver

HEADER_FIELDS = ("checkpoint_id", "inspected_at", "latitude", "longitude")
SEVERITY_ORDER = {"impossible": 0, "missing": 1, "suspicious": 2}


def _clock_text() -> str:
    return QLocale().toString(QTime.currentTime(), "HH:mm:ss")


def initial_state(session: Session, template: InspectionTemplate, saved: Inspection | None,
                  restored: dict[str, Any] | None,
                  checkpoint_id: str | None) -> tuple[FormState, str]:
    """What the form starts with, and in which mode."""
    if restored is not None:
        state, mode = FormState.from_content(restored)
        if saved is not None and saved.state is InspectionState.SUBMITTED:
            mode = AMENDING  # a signed inspection can only change by an amendment
        elif saved is not None:
            mode = DRAFT
        elif mode not in (NEW, DRAFT):
            mode = NEW
        return state, mode
    if saved is not None:
        mode = SUBMITTED if saved.state is InspectionState.SUBMITTED else DRAFT
        return FormState.from_inspection(saved), mode
    now = datetime.now().astimezone().replace(microsecond=0)
    state = FormState(
        inspection_id=uuid7(),
        inspector_id=session.person_id,
        template_id=template.id,
        template_version=template.version,
        checkpoint_id=checkpoint_id,
        local_time=now.strftime(LOCAL_FORMAT),
        offset_minutes=local_offset_minutes(now),  # the machine's own offset
    )
    return state, NEW


def inspector_name(page_context: PageContext, person_id: str) -> str:
    session = page_context.session
    if person_id == session.person_id:
        return display_name(session)
    for person in page_context.context.checkpoints.people():
        if person.id == person_id:
            return person.name_ar if current_language() == "ar" else person.name_en
    return _("unknown")


class InspectionForm(InspectionFormView):
    revision_saved = Signal(object)  # the Inspection just written

    def __init__(self, page_context: PageContext, *, saved: Inspection | None = None,
                 restored: dict[str, Any] | None = None, checkpoint_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        context = page_context.context
        state, mode = initial_state(page_context.session, context.templates.inspection, saved,
                                    restored, checkpoint_id)
        super().__init__(context, page_context.session, inspection_id=state.inspection_id,
                         inspector_name=inspector_name(page_context, state.inspector_id),
                         parent=parent)
        self._page = page_context
        self._session = page_context.session
        self._inspections = context.inspections
        self._saved = saved
        self._loading = True
        self._unsaved = False
        self._show_missing = False
        self._closed = False
        self.amend_dialog: dialogs.AmendDialog | None = None
        self._state_inspector = state.inspector_id
        self._state_template = (state.template_id, state.template_version)
        self.inspection_id = state.inspection_id
        self._mode = mode
        self._connect()
        self.autosaver = Autosaver(context.drafts, self._session,
                                   key=draft_key(state.inspection_id), kind=DRAFT_KIND,
                                   state=self._draft_content, title=self._draft_title,
                                   parent=self)
        self.autosaver.saved.connect(self._autosaved)
        self.autosaver.failed.connect(self._autosave_failed)
        self._apply_state(state, fresh=saved is None and restored is None)
        self._set_mode(mode)
        if restored is not None:
            same = saved is not None and FormState.from_inspection(saved) == self.current_state()
            self._unsaved = not same
            if self._unsaved:
                self.show_banner("restored", _("What was typed before the form closed has been "
                                               "restored from the autosaved draft."),
                                 can_drop=saved is not None)
        self._loading = False
        self.refresh_findings()
        self._watch_main_window(parent)

    def _connect(self) -> None:
        self.header.changed.connect(self._edited)
        for cell in self.cells.values():
            cell.editor.changed.connect(self._edited)
        self.photos.changed.connect(self._edited)
        self.discard_restored_button.clicked.connect(self.drop_restored)
        self.close_button.clicked.connect(self.close)
        self.cancel_amendment_button.clicked.connect(self.cancel_amendment)
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button.clicked.connect(self.submit)
        self.amend_button.clicked.connect(self.start_amending)
        self.save_amendment_button.clicked.connect(self.save_amendment)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self._save_shortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

    # -- state ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def unsaved(self) -> bool:
        return self._unsaved

    @property
    def saved(self) -> Inspection | None:
        return self._saved

    def current_state(self) -> FormState:
        answers = {key: cell.editor.value() for key, cell in self.cells.items()}
        return FormState(
            inspection_id=self.inspection_id,
            inspector_id=self._state_inspector,
            template_id=self._state_template[0],
            template_version=self._state_template[1],
            checkpoint_id=self.header.checkpoint.checkpoint_id(),
            local_time=self.header.local_time(),
            offset_minutes=self.header.offset_minutes,
            latitude=self.header.latitude.text().strip(),
            longitude=self.header.longitude.text().strip(),
            answers={k: v for k, v in answers.items() if v is not None},
            photo_ids=self.photos.attachment_ids(),
        )

    def _apply_state(self, state: FormState, *, fresh: bool = False) -> None:
        loading, self._loading = self._loading, True
        try:
            self._state_inspector = state.inspector_id
            self._state_template = (state.template_id, state.template_version)
            self.header.set_checkpoint(state.checkpoint_id)
            self.header.set_time(state.local_time, state.offset_minutes)
            if fresh:  # a new inspection starts at its checkpoint's position
                self.header.set_position(*self.header.checkpoint_position())
            else:
                self.header.set_position(state.latitude, state.longitude)
            for key, cell in self.cells.items():
                cell.editor.set_value(state.answers.get(key))
            self.photos.set_attachment_ids(state.photo_ids)
            self._chain_tab_order()
        finally:
            self._loading = loading
        self._update_title()

    def _draft_content(self) -> dict[str, Any]:
        return self.current_state().content(self._mode)

    def _draft_title(self) -> str:
        checkpoint = self.header.checkpoint.checkpoint_id()
        if checkpoint is None:
            return _("New inspection")
        return _("Inspection of {checkpoint}").format(
            checkpoint=self.header.checkpoint.name_of(checkpoint))

    def _update_title(self) -> None:
        self.setWindowTitle(self._draft_title())

    # -- modes ---------------------------------------------------------------------------------

    def _set_mode(self, mode: str) -> None:
        self._mode = mode
        editable = mode != SUBMITTED
        self.header.set_editable(editable)
        for cell in self.cells.values():
            cell.editor.set_editable(editable)
        self.photos.set_read_only(not editable)
        self.save_button.setVisible(mode in (NEW, DRAFT))
        self.submit_button.setVisible(mode in (NEW, DRAFT))
        self.submit_button.setDefault(mode in (NEW, DRAFT))
        self.amend_button.setVisible(mode == SUBMITTED)
        self.save_amendment_button.setVisible(mode == AMENDING)
        self.save_amendment_button.setDefault(mode == AMENDING)
        self.cancel_amendment_button.setVisible(mode == AMENDING)
        texts = {
            NEW: _("New inspection — not saved yet. Ctrl+S saves a draft."),
            DRAFT: _("Draft — it can still be changed. Submit it when it is complete."),
            AMENDING: _("Amending the submitted inspection: change what is needed, then save "
                        "the amendment and give the reason."),
        }
        if mode == SUBMITTED:
            text = _("Submitted — read-only.")
            if self._saved is not None and self._saved.amend_reason:
                text += " " + _("Amended: {reason}").format(reason=self._saved.amend_reason)
            self.show_banner(SUBMITTED, text)
        else:
            self.show_banner(mode, texts[mode])

    # -- changes and findings ------------------------------------------------------------------

    @Slot()
    def _edited(self) -> None:
        if self._loading or self._mode == SUBMITTED:
            return
        self._unsaved = True
        self.autosaver.mark_dirty()
        self.form_error.setVisible(False)
        self._update_title()
        self.refresh_findings()

    def refresh_findings(self) -> list[Finding]:
        """Check the answers as they stand and show each finding under its field."""
        state = self.current_state()
        if self._mode == SUBMITTED:  # signed and read-only: questions no longer apply
            for cell in self.cells.values():
                cell.set_finding(None)
            self.header.show_findings([])
            return []
        found = self.header.findings(complete=self._show_missing)
        found += check_answers(self.template, state.answers, complete=self._show_missing)
        found.sort(key=lambda f: (self._visual_index(f.field), SEVERITY_ORDER[f.severity]))
        first: dict[str, Finding] = {}
        for finding in found:
            first.setdefault(finding.field, finding)
        for key, cell in self.cells.items():
            finding = first.get(key)
            cell.set_finding(finding.severity if finding else None,
                             finding.message if finding else "")
        self.header.show_findings(found)
        return found

    def _visual_index(self, field: str) -> int:
        if field in HEADER_FIELDS:
            return HEADER_FIELDS.index(field)
        keys = [f.key for f in self.template.fields]
        return len(HEADER_FIELDS) + (keys.index(field) if field in keys else len(keys))

    def focus_field(self, field: str) -> None:
        widget = self.header.widget_for(field)
        if widget is None and field in self.cells:
            cell = self.cells[field]
            self.scroll.ensureWidgetVisible(cell)
            widget = cell.editor.focusables()[0]
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.setVisible(True)

    def show_service_error(self, error: TaslimError) -> None:
        """A refused save: next to its field when it names one, else in a message box."""
        field = getattr(error, "field", None)
        if field in self.cells:
            self.cells[field].set_finding("impossible", str(error))
        elif field in HEADER_FIELDS:
            self.header.show_findings([Finding(field, "impossible", str(error))])
        else:
            show_error(self, error)
            return
        self._say(_("Nothing was saved: {reason}").format(reason=str(error)))
        self.focus_field(field)

    def _checked(self, *, complete: bool) -> bool:
        """Refuse what is impossible (or, when complete, missing); ask about suspicious answers."""
        self._show_missing = complete
        found = self.refresh_findings()
        impossible = [f for f in found if f.severity == "impossible"]
        if impossible:
            self._say(_("Nothing was saved: correct the answers marked in red."))
            self.focus_field(impossible[0].field)
            return False
        missing = [f for f in found if f.severity == "missing"]
        if missing:
            names = [self._field_name(f.field) for f in missing]
            self._say(_("Nothing was saved: some questions are not answered."))
            dialogs.tell(self, _("These questions are not answered yet:"),
                         "\n".join(f"• {name}" for name in names))
            self.focus_field(missing[0].field)
            return False
        suspicious = [f for f in found if f.severity == "suspicious"]
        if complete and suspicious and not dialogs.confirm_suspicious(
                self, [f.message for f in suspicious]):
            self.focus_field(suspicious[0].field)
            return False
        return True

    def _field_name(self, field: str) -> str:
        if field in self.cells:
            return field_label(self.cells[field].field)
        return {"checkpoint_id": _("Checkpoint"), "inspected_at": _("Time of the inspection"),
                "latitude": _("Latitude"), "longitude": _("Longitude")}.get(field, field)

    def _record(self, state: InspectionState) -> Inspection | None:
        try:
            return self.current_state().to_inspection(state, self._saved)
        except ValidationError as error:
            self.show_service_error(error)
            return None

    # -- actions -------------------------------------------------------------------------------

    @Slot()
    def _save_shortcut(self) -> None:
        if self._mode in (NEW, DRAFT):
            self.save_draft()
        elif self._mode == AMENDING:
            self.save_amendment()

    @Slot()
    def save_draft(self) -> bool:
        """A draft revision of what is there so far; only impossible answers are refused."""
        if self._mode not in (NEW, DRAFT) or not self._checked(complete=False):
            return False
        record = self._record(InspectionState.DRAFT)
        if record is None:
            return False
        try:
            outcome = self._inspections.save_draft(self._session, record)
        except TaslimError as error:
            self.show_service_error(error)
            return False
        self._saved_revision(outcome, DRAFT, _("Draft saved at {time}."))
        # Everything typed is in the revision now: the local draft would only repeat it (and
        # the inspections list shows local drafts as unsaved work). The next edit makes one.
        self.autosaver.discard()
        return True

    @Slot()
    def submit(self) -> bool:
        if self._mode not in (NEW, DRAFT) or not self._checked(complete=True):
            return False
        if not dialogs.confirm_submit(self):
            return False
        record = self._record(InspectionState.SUBMITTED)
        if record is None:
            return False
        try:
            outcome = self._inspections.submit(self._session, record)
        except TaslimError as error:
            self.show_service_error(error)
            return False
        self._saved_revision(outcome, SUBMITTED, _("Submitted at {time}."))
        self.autosaver.discard()
        return True

    @Slot()
    def start_amending(self) -> None:
        if self._mode != SUBMITTED:
            return
        self._set_mode(AMENDING)
        self.refresh_findings()
        self.focus_field("checkpoint_id")

    @Slot()
    def save_amendment(self) -> bool:
        if self._mode != AMENDING or self._saved is None or not self._checked(complete=True):
            return False
        record = self._record(InspectionState.SUBMITTED)
        if record is None:
            return False
        changes = field_changes(self._saved, record, ignore=("amend_reason",))
        if not changes:
            self._say(_("Nothing was changed, so there is nothing to amend."))
            return False
        header = self.header.checkpoint
        offsets = (self._saved.utc_offset_minutes, record.utc_offset_minutes)
        rows = [describe_change(self.template, change, checkpoint_name=header.name_of,
                                offset_minutes=offsets) for change in changes]
        self.amend_dialog = dialogs.AmendDialog(rows, self)
        try:
            while self.amend_dialog.exec() == dialogs.AmendDialog.DialogCode.Accepted:
                try:
                    outcome = self._inspections.amend(self._session, record,
                                                      self.amend_dialog.reason())
                except ValidationError as error:
                    if error.field != "reason":
                        self.show_service_error(error)
                        return False
                    self.amend_dialog.show_error(str(error))
                    continue
                except TaslimError as error:
                    self.show_service_error(error)
                    return False
                self._saved_revision(outcome, SUBMITTED, _("Amendment saved at {time}."))
                self.autosaver.discard()
                return True
            return False
        finally:
            self.amend_dialog.deleteLater()

    @Slot()
    def cancel_amendment(self) -> None:
        if self._mode != AMENDING or self._saved is None:
            return
        if self._unsaved and not dialogs.confirm_drop_amendment(self):
            return
        self._revert_to_saved()

    @Slot()
    def drop_restored(self) -> None:
        """Forget the restored draft and show the saved revision again."""
        if self._saved is not None:
            self._revert_to_saved()

    def _revert_to_saved(self) -> None:
        assert self._saved is not None
        self._apply_state(FormState.from_inspection(self._saved))
        self._unsaved = False
        self._show_missing = False
        self.autosaver.discard()
        saved_mode = SUBMITTED if self._saved.state is InspectionState.SUBMITTED else DRAFT
        self._set_mode(saved_mode)
        self.form_error.setVisible(False)
        self.refresh_findings()

    def _saved_revision(self, outcome: Outcome[Inspection], mode: str, status: str) -> None:
        self._saved = outcome.value
        self._unsaved = False
        self._show_missing = False
        self.form_error.setVisible(False)
        self._set_mode(mode)
        self.refresh_findings()
        self.status.setText(status.format(time=_clock_text()))
        self._page.notifier.announce(outcome.changes)
        self.revision_saved.emit(outcome.value)

    @Slot(str)
    def _autosaved(self, _key: str) -> None:
        if self._unsaved:
            self.status.setText(_("Autosaved at {time}.").format(time=_clock_text()))

    @Slot(object)
    def _autosave_failed(self, error: object) -> None:
        self.status.setText(_("Autosave failed; it is tried again in a few seconds."))

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        if self._unsaved and self._mode != SUBMITTED:
            answer = dialogs.ask_before_closing(self, amending=self._mode == AMENDING)
            if answer == dialogs.CANCEL:
                event.ignore()
                return
            if answer == dialogs.SAVE:
                saved = self.save_amendment() if self._mode == AMENDING else self.save_draft()
                if not saved:
                    event.ignore()
                    return
            elif not self.autosaver.write():
                show_error(self, self.autosaver.last_error or RuntimeError("autosave failed"))
                event.ignore()
                return
        if not self._unsaved:
            self.autosaver.discard()  # everything is in a saved revision
        self.autosaver.stop()
        self._closed = True
        event.accept()

    def _watch_main_window(self, parent: QWidget | None) -> None:
        self._watched = parent.window() if parent is not None else None
        if self._watched is not None:
            self._watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The main window closing (sign-out, quitting) takes this window with it without a
        # closeEvent here: keep what was typed as the autosaved draft first.
        if watched is self._watched and event.type() == QEvent.Type.Close and self._unsaved:
            self.autosaver.flush()
        return super().eventFilter(watched, event)
