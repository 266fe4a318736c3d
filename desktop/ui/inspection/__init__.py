"""Inspections: the officer's list and the form built from the versioned template."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.domain.entities import Inspection
from desktop.domain.errors import NotFound, TaslimError, ValidationError
from desktop.domain.permissions import Action, require
from desktop.i18n import _
from desktop.ui.errors import show_error
from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.record_lists.inspections import InspectionListPage

    return InspectionListPage(page_context)


def open_form(page_context: PageContext, parent: QWidget, *, checkpoint_id: str | None = None,
              inspection_id: str | None = None, draft_key: str | None = None) -> Any:
    """Open the inspection form as a window of its own; returns it (or None if refused).

    ``inspection_id`` reopens a saved inspection (and what was typed into it since, if an
    autosaved draft is left); ``draft_key`` reopens an autosaved draft; neither starts a new
    inspection, at ``checkpoint_id`` when given. A form already open for the same inspection is
    brought to the front instead of opening a second one.
    """
    from desktop.ui.inspection.form import InspectionForm
    from desktop.ui.inspection.state import FormState
    from desktop.ui.inspection.state import draft_key as key_of

    context = page_context.context
    session = page_context.session
    try:
        require(session.role, Action.RECORD_INSPECTION)
        restored: dict[str, Any] | None = None
        saved: Inspection | None = None
        if draft_key is not None:
            draft = context.drafts.load(session, draft_key)
            if draft is None:
                raise NotFound(_("That draft is no longer on this laptop; it was saved or "
                                 "dropped. Look for the inspection in the list."))
            restored = draft.content
            inspection_id = FormState.from_content(restored)[0].inspection_id
        if inspection_id is not None:
            existing = _open_window(parent, inspection_id)
            if existing is not None:
                return existing
            try:
                saved = context.inspections.load(inspection_id)
            except NotFound:
                if restored is None:
                    raise
            if restored is None:
                draft = context.drafts.load(session, key_of(inspection_id))
                restored = draft.content if draft is not None else None
                if restored is not None and not _readable(restored):
                    restored = None  # a damaged draft: the saved inspection opens instead
    except TaslimError as error:
        show_error(parent, error)
        return None
    form = InspectionForm(page_context, saved=saved, restored=restored,
                          checkpoint_id=checkpoint_id, parent=parent)
    form.show()
    form.raise_()
    form.activateWindow()
    return form


def _readable(content: dict[str, Any]) -> bool:
    from desktop.ui.inspection.state import FormState

    try:
        FormState.from_content(content)
    except ValidationError:
        return False
    return True


def _open_window(parent: QWidget | None, inspection_id: str) -> QWidget | None:
    from desktop.ui.inspection.form import InspectionForm

    if parent is None:
        return None
    for form in parent.window().findChildren(InspectionForm):
        if form.inspection_id == inspection_id and form.isVisible():
            form.raise_()
            form.activateWindow()
            return form
    return None
