"""Handovers: the officer's list and the handover wizard with its signature pads."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.errors import TaslimError
from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.record_lists.handovers import HandoverListPage

    return HandoverListPage(page_context)


def open_wizard(page_context: PageContext, parent: QWidget, *, checkpoint_id: str | None = None,
                handover_id: str | None = None) -> QWidget | None:
    """Open the wizard on a handover, or start one at a checkpoint (or anywhere).

    A checkpoint has at most one handover in progress: starting one where a draft exists
    continues that draft. A window already open on the same handover is brought forward.
    Returns the wizard (tests drive it), or None when it could not be opened (said why).
    """
    from desktop.ui.errors import show_error
    from desktop.ui.handover.opening import prepare
    from desktop.ui.handover.wizard import HandoverWizard

    try:
        opening = prepare(page_context, checkpoint_id=checkpoint_id, handover_id=handover_id)
    except TaslimError as error:
        show_error(parent, error)
        return None
    top = parent.window() if parent is not None else None
    for other in top.findChildren(HandoverWizard) if top is not None else []:
        if other.isVisible() and other.form.handover_id == opening.form.handover_id:
            other.raise_()
            other.activateWindow()
            return other
    wizard = HandoverWizard(page_context, opening.form, opening.writer, top,
                            start_step=opening.start_step)
    if opening.note:
        wizard.banner.say(opening.note, "info")
    wizard.show()
    wizard.raise_()
    return wizard
