"""Step 7: everything in one read-only view, what is still missing, and Finalize.

Finalize is offered only when the handover service says nothing is missing; otherwise the
service's own sentences say what is. After finalizing, the handover is signed and waits for a
clerk; the wizard then shows it read-only.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from desktop.domain.clock import as_local
from desktop.domain.enums import (
    HANDOVER_STATE_LABELS,
    SIGNATURE_PARTY_LABELS,
    HandoverState,
    ItemAnswer,
    SignatureParty,
)
from desktop.domain.errors import TaslimError
from desktop.domain.rules import GapStatus
from desktop.i18n import _, current_language, is_right_to_left
from desktop.ui.handover.common import (
    ANSWER_LABELS,
    CONDITION_LABELS,
    GREEN,
    GREY,
    RED,
    Step,
    StepEnv,
    gap_text,
    local_name,
    person_label,
    step_title,
)
from desktop.ui.handover.step_times import offset_text
from desktop.ui.language import number


def _e(text: object) -> str:
    return html.escape(str(text))


def _heading(level: int, text: str) -> str:
    return f"<h{level}>{_e(text)}</h{level}>"


def _paragraph(text: str, colour: str | None = None, *, bold: bool = False) -> str:
    style = (f"color:{colour};" if colour else "") + ("font-weight:bold;" if bold else "")
    body = _e(text).replace("\n", "<br>")
    return f"<p style='{style}'>{body}</p>" if style else f"<p>{body}</p>"


class SummaryStep(Step):
    def __init__(self, env: StepEnv, finalize: Callable[[], None]) -> None:
        super().__init__(env)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(_("Summary of the handover"))
        self.missing_title = QLabel(_("Still missing before the handover can be finalized:"))
        self.missing_title.setObjectName("exceptionText")
        self.missing = QLabel()
        self.missing.setObjectName("errorText")
        self.missing.setWordWrap(True)
        self.ready = QLabel(_("Everything is recorded and signed. Finalizing signs the handover: "
                              "afterwards it can only be changed by an amendment with a reason."))
        self.ready.setObjectName("signedText")
        self.ready.setWordWrap(True)
        self.finalize_button = QPushButton(_("Finalize handover"))
        self.finalize_button.setObjectName("finalize")
        self.finalize_button.setMinimumHeight(48)
        self.finalize_button.setAutoDefault(False)
        self.finalize_button.clicked.connect(finalize)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.finalize_button)
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.title()))
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing)
        layout.addWidget(self.ready)
        layout.addLayout(bottom)
        self.missing_sentences: list[str] = []

    def title(self) -> str:
        return _("Summary")

    def show_form(self) -> None:
        document = self.browser.document()
        option = QTextOption(document.defaultTextOption())
        rtl = is_right_to_left()
        option.setTextDirection(self.layoutDirection())
        document.setDefaultTextOption(option)
        self._add_signature_images(document)
        self.browser.setHtml(self.summary_html(rtl))
        self._show_missing()

    def _show_missing(self) -> None:
        stored = self.env.writer.stored
        state = stored.handover.state if stored else HandoverState.DRAFT
        signable = stored is not None and state in (
            HandoverState.DRAFT, HandoverState.READY, HandoverState.AMENDED)
        if stored is None:
            self.missing_sentences = [_("Nothing is recorded yet: choose the parties first.")]
        elif signable:
            try:
                self.missing_sentences = self.env.page_context.context.handovers \
                    .missing_for_signing(stored.handover.id)
            except TaslimError as error:
                self.missing_sentences = [str(error)]
        else:
            self.missing_sentences = []
        missing = bool(self.missing_sentences)
        self.missing.setText("\n".join(f"• {sentence}" for sentence in self.missing_sentences))
        self.missing_title.setVisible(missing)
        self.missing.setVisible(missing)
        self.ready.setVisible(signable and not missing)
        self.finalize_button.setVisible(signable or stored is None)
        self.finalize_button.setEnabled(signable and not missing and not self.read_only)

    def _add_signature_images(self, document: QTextDocument) -> None:
        stored = self.env.writer.stored
        if stored is None:
            return
        attachments = self.env.page_context.context.attachments
        for party, signature in stored.signatures.items():
            image = QImage()
            try:
                image.loadFromData(attachments.data(signature.image_sha256), "PNG")
            except TaslimError:
                continue
            document.addResource(QTextDocument.ResourceType.ImageResource,
                                 QUrl(f"signature:{party.value}"), image)

    # --- the page ------------------------------------------------------------------------------

    def summary_html(self, rtl: bool) -> str:
        env = self.env
        form = env.form
        queries = env.page_context.context.checkpoints
        people = {p.id: p for p in queries.people()}
        stored = env.writer.stored
        state = stored.handover.state if stored else HandoverState.DRAFT

        def unit_name(unit_id: str | None) -> str:
            if not unit_id:
                return _("not recorded")
            try:
                unit = queries.unit(unit_id)
            except TaslimError:
                return unit_id
            return local_name(unit.name_ar, unit.name_en)

        def who(person_id: str | None) -> str:
            person = people.get(person_id or "")
            return person_label(person) if person else _("not recorded")

        def when(utc_text: str | None) -> str:
            if not utc_text:
                return _("not recorded")
            local = as_local(utc_text, form.utc_offset_minutes)
            return f"\u2066{local:%Y-%m-%d %H:%M}\u2069"

        def row(label: str, value: str, colour: str | None = None) -> str:
            style = f"color:{colour}; font-weight:bold; " if colour else ""
            return (f"<tr><td style='color:{GREY}; padding:3px 10px'>{_e(label)}</td>"
                    f"<td style='{style}padding:3px 10px'>{value}</td></tr>")

        direction = "rtl" if rtl else "ltr"
        # Qt's rich text mirrors a table only when told: dir and align on every table.
        table = f"<table dir='{direction}' align='{'right' if rtl else 'left'}'>"
        parts: list[str] = [f'<div dir="{direction}">']
        checkpoint = queries.rows([form.checkpoint_id]).get(form.checkpoint_id or "") \
            if form.checkpoint_id else None
        heading = (f"{checkpoint.code} — {local_name(checkpoint.name_ar, checkpoint.name_en)}"
                   if checkpoint else _("No checkpoint chosen yet."))
        parts.append(_heading(2, heading))
        state_text = _("State: {state}").format(state=_(HANDOVER_STATE_LABELS[state]))
        if stored and stored.handover.reason:
            state_text += " — " + _("Reason: {reason}").format(reason=stored.handover.reason)
        parts.append(_paragraph(state_text))

        parts.append(_heading(3, _("Parties")) + table)
        parts.append(row(_("Handing-over party"), _e(unit_name(form.handing_unit_id))))
        parts.append(row(_("Representative"), _e(who(form.handing_rep_id))))
        parts.append(row(_("Receiving party"), _e(unit_name(form.receiving_unit_id))))
        parts.append(row(_("Representative"), _e(who(form.receiving_rep_id))))
        witnesses = "<br>".join(_e(who(w)) for w in form.witness_ids) or _e(_("not recorded"))
        parts.append(row(_("Witnesses"), witnesses))
        parts.append("</table>")

        gap = form.gap()
        gap_colour = {GapStatus.GAP: RED, GapStatus.NO_GAP: GREEN}.get(gap.status, GREY)
        times = _("Times ({zone})").format(zone=offset_text(form.utc_offset_minutes))
        parts.append(_heading(3, times) + table)
        parts.append(row(_("Handover time"), _e(when(form.handover_at))))
        parts.append(row(_("Receiving force assumed duty"), _e(when(form.assumed_duty_at))))
        parts.append(row(_("Handing-over force left"), _e(when(form.departure_at))))
        parts.append(row(_("Continuity"), _e(gap_text(gap)), gap_colour))
        parts.append("</table>")

        parts.extend(self._checklist_html(current_language() == "ar"))
        parts.extend(self._equipment_html(direction))

        parts.append(_heading(3, _("Signatures")) + table)
        signatures = stored.signatures if stored else {}
        signers = {SignatureParty.HANDING: [form.handing_rep_id],
                   SignatureParty.RECEIVING: [form.receiving_rep_id],
                   SignatureParty.WITNESS: form.witness_ids}
        for party in SignatureParty:
            signature = signatures.get(party)
            if signature is not None and signature.person_id in signers[party]:
                value = (f"{_e(who(signature.person_id))}<br>"
                         f"<img src='signature:{party.value}' width='200' height='80'>")
                parts.append(row(_(SIGNATURE_PARTY_LABELS[party]), value))
            else:
                parts.append(row(_(SIGNATURE_PARTY_LABELS[party]), _e(_("not signed yet")), RED))
        parts.append("</table>")
        if form.notes.strip():
            parts.append(_heading(3, _("Notes")) + _paragraph(form.notes))
        parts.append("</div>")
        return "".join(parts)

    def _checklist_html(self, arabic: bool) -> list[str]:
        form = self.env.form
        items = self.env.template.items
        answered = {i.key: form.responses[i.key].answer for i in items
                    if i.key in form.responses and form.responses[i.key].answer is not None}
        counts = {answer: sum(1 for a in answered.values() if a is answer) for answer in ItemAnswer}
        totals = [_("{answered} of {total} items answered").format(
            answered=number(len(answered)), total=number(len(items)))]
        totals += [_("{answer}: {count}").format(answer=_(ANSWER_LABELS[answer]),
                                                  count=number(count))
                   for answer, count in counts.items()]
        out = [_heading(3, _("Checklist")), _paragraph(" · ".join(totals))]
        exceptions = [i for i in items if answered.get(i.key) is ItemAnswer.NOT_DONE]
        if exceptions:
            title = _("Exceptions (items not done), listed on the certificate:")
            out.append(_paragraph(title, RED, bold=True) + "<ul>")
            for item in exceptions:
                note = form.responses[item.key].note.strip()
                text = item.text_ar if arabic else item.text_en
                out.append(f"<li style='color:{RED}'><b>{_e(number(item.number))}.</b> "
                           f"{_e(text)}" + (f"<br><span style='color:{GREY}'>{_e(note)}</span>"
                                             if note else "") + "</li>")
            out.append("</ul>")
        else:
            out.append(_paragraph(_("No exceptions."), GREEN))
        unanswered = [number(i.number) for i in items if i.required and i.key not in answered]
        if unanswered:
            out.append(_paragraph(_("Not answered yet: {items}").format(
                items=", ".join(unanswered)), GREY))
        return out

    def _equipment_html(self, direction: str) -> list[str]:
        lines = self.env.form.equipment
        out = [_heading(3, _("Equipment"))]
        if not lines:
            return [*out, _paragraph(_("No equipment lines."))]
        align = "right" if direction == "rtl" else "left"
        out.append(f"<table dir='{direction}' align='{align}' border='1' cellspacing='0' "
                   "cellpadding='4' style='border-color:#c5ccd4'>")
        out.append("<tr>" + "".join(f"<th>{_e(h)}</th>" for h in (
            _("Item"), _("Quantity"), _("Serial numbers"), _("Condition"))) + "</tr>")
        for line in lines:
            condition = _(CONDITION_LABELS[line.condition])
            out.append(f"<tr><td>{_e(line.item)}</td><td align='center'>"
                       f"{_e(number(line.quantity))}</td>"
                       f"<td>{_e(', '.join(line.serials))}</td>"
                       f"<td>{_e(condition)}</td></tr>")
        out.append("</table>")
        return out
