"""Deciding what the wizard opens: a stored handover, a kept draft, or a new handover."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.clock import as_local
from desktop.domain.errors import NotFound
from desktop.i18n import _
from desktop.services.drafts import Draft
from desktop.ui.handover.form import DRAFT_KIND, HandoverForm, HandoverWriter, draft_key
from desktop.ui.page_registry import PageContext

IN_PROGRESS = ("draft", "ready", "amended")


@dataclass
class Opening:
    form: HandoverForm
    writer: HandoverWriter
    start_step: int | None  # None: the first incomplete step
    note: str  # said in the wizard's banner, e.g. that a kept draft was restored


def _writer(page_context: PageContext) -> HandoverWriter:
    context = page_context.context
    return HandoverWriter(context.handovers, page_context.session, context.templates.checklist,
                          page_context.notifier.announce)


def _restored_note(draft: Draft, offset_minutes: int) -> str:
    when = "\u2066" + as_local(draft.updated_at, offset_minutes).strftime("%Y-%m-%d %H:%M") \
        + "\u2069"
    return _("Restored the changes kept on this laptop ({when}) that were not saved.").format(
        when=when)


def _from_draft(draft: Draft) -> tuple[HandoverForm, int | None]:
    content = draft.content
    step = content.get("step")
    return HandoverForm.from_content(content["form"]), int(step) if step is not None else None


def prepare(page_context: PageContext, *, checkpoint_id: str | None,
            handover_id: str | None) -> Opening:
    context, session = page_context.context, page_context.session
    writer = _writer(page_context)
    if handover_id is None and checkpoint_id is not None:
        # One handover in progress per checkpoint: starting again continues it.
        in_progress = [row for row in context.lists.handovers("", IN_PROGRESS)
                       if row.checkpoint_id == checkpoint_id]
        if in_progress:
            handover_id = in_progress[0].id
        else:
            for draft in context.drafts.list(session, DRAFT_KIND):
                content = draft.content.get("form") or {}
                if content.get("checkpoint_id") == checkpoint_id \
                        and writer.load(str(content.get("handover_id"))) is None:
                    form, step = _from_draft(draft)
                    return Opening(form, writer, step,
                                   _restored_note(draft, form.utc_offset_minutes))
    if handover_id is None:
        return Opening(HandoverForm.new(checkpoint_id), writer, None, "")
    parts = writer.load(handover_id)
    draft = context.drafts.load(session, draft_key(handover_id))
    if draft is not None and not writer.frozen:
        form, step = _from_draft(draft)
        return Opening(form, writer, step, _restored_note(draft, form.utc_offset_minutes))
    if parts is None:
        raise NotFound(_("That handover is not on this laptop; refresh the list and try again."))
    return Opening(HandoverForm.from_parts(parts), writer, None, "")
