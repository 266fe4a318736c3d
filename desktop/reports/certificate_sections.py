"""The certificate's story: the flowables from the header down to the signatures.

Every section is one table whose first row is its bilingual heading, repeated when the table
continues on the next page (``repeatRows``). reportlab splits tables only between rows, so a
party, an exception or an equipment line is never cut in half. Four columns throughout:
English label | English value | Arabic value | Arabic label, so English reads on the left and
Arabic on the right; a value that is the same in both languages (a code, a time) spans the
two middle columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.domain.certificate import CertificateData, CertificateKind, PersonLine
from desktop.domain.clock import as_local
from desktop.reports import labels as L
from desktop.reports.arabic import has_rtl
from desktop.reports.flowables import (
    BidiText,
    StrokeBox,
    TextStyle,
    capped,
    qr_code,
    split_text,
)
from desktop.reports.fonts import BOLD, REGULAR

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a5561")
RULE = colors.HexColor("#b4bec8")
HEAD_BG = colors.HexColor("#dde4ec")
LABEL_BG = colors.HexColor("#f3f5f7")
RED = colors.HexColor("#b3261e")
GREEN = colors.HexColor("#1e6b30")
AMBER = colors.HexColor("#8a5a00")
NAVY = colors.HexColor("#1f3a5f")
SIGNATURE_INK = colors.HexColor("#10267a")  # ball-point blue, as on the pad

QR_SIZE = 40 * mm  # quiet zone included; the code itself is ~35 mm, decodable at 150 dpi

BODY = TextStyle(font=REGULAR, size=8.5, leading=11, color=INK)
LABEL = BODY.but(size=8, color=MUTED)
HEADING = BODY.but(font=BOLD, size=9, leading=12, color=NAVY)
STRONG = BODY.but(font=BOLD)

_PAD = 2.6  # cell padding, points
# Tables select their cell font before drawing even when every cell is a flowable; without
# this it is Helvetica, which then sits in the PDF unembedded.
CELL_FONT = ("FONT", (0, 0), (-1, -1), REGULAR, 8.5)
MAX_ROW_LINES = 18  # a longer text continues in the next row (rows never split)


def _en(text: str, style: TextStyle = BODY) -> BidiText:
    # English side: left-aligned; a name typed in Arabic here still reads right to left
    return BidiText(text, style.but(align="left") if style.align == "start" else style)


def _ar(text: str, style: TextStyle = BODY) -> BidiText:
    # Arabic side: right to left and right-aligned even if the text starts with a code
    return BidiText(text, style.but(direction="rtl", align="right"))


def _free(text: str, style: TextStyle = BODY) -> BidiText:
    # Free text (notes, equipment) in whichever language it was typed
    return BidiText(text, style)


def _centre(text: str, style: TextStyle = BODY) -> BidiText:
    return BidiText(text, style.but(align="center"))


@dataclass(frozen=True, slots=True)
class Text:
    """A cell's text and how to set it, for rows that continue when the text is too long."""

    text: str
    make: Callable[[str, TextStyle], BidiText] = _free
    style: TextStyle = BODY


class Section:
    """Rows of a four-column bilingual table, built up and then turned into a ``Table``."""

    def __init__(self, heading: L.Pair, widths: Sequence[float],
                 header_rows: int | tuple[int, ...] = 1) -> None:
        self.widths = list(widths)
        self.columns = len(widths)
        self.rows: list[list[Any]] = []
        self.styles: list[tuple[Any, ...]] = []
        self.header_rows = header_rows
        half = self.columns // 2
        head: list[Any] = [""] * self.columns
        head[0] = _en(heading.en, HEADING)
        head[half] = _ar(heading.ar, HEADING)
        self.rows.append(head)
        self.styles += [
            ("SPAN", (0, 0), (half - 1, 0)),
            ("SPAN", (half, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ]

    def pair(self, label: L.Pair, en: str, ar: str, style: TextStyle = BODY) -> None:
        """A row whose value differs by language."""
        self.flowing([Text(label.en, _en, LABEL), Text(en, _en, style), Text(ar, _ar, style),
                      Text(label.ar, _ar, LABEL)], labels=True)

    def flowing(self, cells: list[Any], background: colors.Color | None = None,
                labels: bool = False) -> None:
        """One row, or several when a ``Text`` cell is longer than ``MAX_ROW_LINES``: its
        text then continues in the same column of the rows below (other cells stay in the
        first)."""
        pieces: list[list[str] | None] = []
        for column, cell in enumerate(cells):
            if isinstance(cell, Text):
                width = self.widths[column] - 2 * (_PAD + 1)
                pieces.append(split_text(cell.text, width, cell.style, MAX_ROW_LINES))
            else:
                pieces.append(None)
        count = max((len(piece) for piece in pieces if piece is not None), default=1)
        for index in range(count):
            row: list[Any] = []
            for cell, piece in zip(cells, pieces, strict=True):
                if piece is None:
                    row.append(cell if index == 0 else "")
                else:
                    row.append(cell.make(piece[index], cell.style) if index < len(piece) else "")
            self.wide(row, background)
            if labels:
                self._label_cells()

    def pair_cells(self, label: L.Pair, en: list[Flowable], ar: list[Flowable]) -> None:
        """A row whose values are several paragraphs (a unit over its representative)."""
        self.rows.append([_en(label.en, LABEL), en, ar, _ar(label.ar, LABEL)])
        self._label_cells()

    def shared(self, label: L.Pair, value: str, style: TextStyle = BODY) -> None:
        """A row whose value reads the same in both languages (codes, times, numbers)."""
        self.rows.append([_en(label.en, LABEL), _centre(capped(value), style), "",
                          _ar(label.ar, LABEL)])
        row = len(self.rows) - 1
        self.styles.append(("SPAN", (1, row), (2, row)))
        self._label_cells()

    def wide(self, cells: list[Any], background: colors.Color | None = None) -> None:
        self.rows.append(cells)
        if background is not None:
            row = len(self.rows) - 1
            self.styles.append(("BACKGROUND", (0, row), (-1, row), background))

    def _label_cells(self) -> None:
        row = len(self.rows) - 1
        self.styles += [("BACKGROUND", (0, row), (0, row), LABEL_BG),
                        ("BACKGROUND", (-1, row), (-1, row), LABEL_BG)]

    def table(self) -> Table:
        table = Table(self.rows, colWidths=self.widths, repeatRows=self.header_rows,
                      hAlign="CENTER")
        table.setStyle(TableStyle([
            CELL_FONT,
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD + 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PAD + 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            *self.styles,
        ]))
        return table


def local_time(utc_text: str | None, offset_minutes: int) -> str | None:
    """'2026-03-14 09:30 (UTC+03:00)': the local time where it was recorded, offset shown."""
    if not utc_text:
        return None
    moment = as_local(utc_text, offset_minutes)
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{moment:%Y-%m-%d %H:%M} (UTC{sign}{hours:02d}:{minutes:02d})"


def split_bilingual(text: str) -> L.Pair:
    """'رائد / Major' (how ranks are kept) as its English and Arabic halves; text that is not
    such a pair is the same on both sides."""
    halves = [half.strip() for half in text.split(" / ")]
    if len(halves) == 2 and all(halves):
        first, second = halves
        if has_rtl(first) and not has_rtl(second):
            return L.Pair(second, first)
        if has_rtl(second) and not has_rtl(first):
            return L.Pair(first, second)
    return L.Pair(text, text)


def _person_en(person: PersonLine) -> str:
    rank = capped(split_bilingual(person.rank).en, 80)
    badge = f"{L.BADGE.en}\u00a0{capped(person.badge, 40)}" if person.badge else ""
    parts = [part for part in (rank, badge) if part]
    return capped(person.name_en) + (f" — {', '.join(parts)}" if parts else "")


def _person_ar(person: PersonLine) -> str:
    rank = capped(split_bilingual(person.rank).ar, 80)
    badge = f"{L.BADGE.ar}\u00a0{capped(person.badge, 40)}" if person.badge else ""
    parts = [part for part in (rank, badge) if part]
    return capped(person.name_ar) + (f" — {'، '.join(parts)}" if parts else "")


def _condition(value: str) -> str:
    pair = L.CONDITIONS.get(value)
    return f"{pair.en} / {pair.ar}" if pair else (value or "—")


class StoryBuilder:
    """Builds the list of flowables for one certificate at a given frame width."""

    def __init__(self, data: CertificateData, qr_payload: str, width: float) -> None:
        self.data = data
        self.qr_payload = qr_payload
        self.width = width
        label = width * 0.15
        value = (width - 2 * label) / 2
        self.four = (label, value, value, label)

    def story(self) -> list[Flowable]:
        gap = Spacer(1, 1.6 * mm)
        story: list[Flowable] = [self._header(), Spacer(1, 1.5 * mm)]
        story += self._banners()
        for section in (self._checkpoint(), self._parties(), self._times(), self._checklist(),
                        self._equipment(), self._signatures()):
            story += [gap, section]
        return story

    # --- top of the first page ------------------------------------------------------------

    def _header(self) -> Table:
        d = self.data
        side = (self.width - QR_SIZE) / 2
        issued = local_time(d.issued_at, d.utc_offset_minutes) or ""
        title_en = BODY.but(font=BOLD, size=12, leading=15, color=NAVY)
        title_ar = BODY.but(font=BOLD, size=13.5, leading=18, color=NAVY)
        serial = BODY.but(font=BOLD, size=11, leading=14)
        english = [
            _en(L.STATE.en, LABEL), _en(L.MINISTRY.en, LABEL), _en(L.COMMAND.en, STRONG),
            Spacer(1, 2 * mm), _en(L.TITLE.en, title_en), Spacer(1, 1.5 * mm),
            _en(f"{L.SERIAL.en}: {capped(d.serial, 60)}", serial),
            _en(f"{L.ISSUED.en}: {issued}", LABEL),
        ]
        arabic = [
            _ar(L.STATE.ar, LABEL), _ar(L.MINISTRY.ar, LABEL), _ar(L.COMMAND.ar, STRONG),
            Spacer(1, 2 * mm), _ar(L.TITLE.ar, title_ar), Spacer(1, 0.5 * mm),
            _ar(f"{L.SERIAL.ar}: {capped(d.serial, 60)}", serial),
            _ar(f"{L.ISSUED.ar}: {issued}", LABEL),
        ]
        table = Table([[english, qr_code(self.qr_payload, QR_SIZE), arabic]],
                      colWidths=(side, QR_SIZE, side))
        table.setStyle(TableStyle([
            CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, NAVY),
        ]))
        return table

    def _banners(self) -> list[Flowable]:
        d = self.data
        out: list[Flowable] = []
        if d.kind is CertificateKind.VOID:
            banner = L.VOID_BANNER
            rows: list[list[Any]] = [[_en(banner.en, STRONG.but(size=10, leading=13, color=RED)),
                     _ar(banner.ar, STRONG.but(size=10.5, leading=14, color=RED))]]
            if d.void_reason:
                reason = f"{L.VOID_REASON.en} / {L.VOID_REASON.ar}: {d.void_reason}"
                style = STRONG.but(color=RED)
                for piece in split_text(reason, self.width - 12, style, MAX_ROW_LINES):
                    rows.append([_free(piece, style), ""])
            out.append(self._banner(rows, RED, colors.HexColor("#fbeaea"),
                                    span_from=1 if d.void_reason else None))
        elif d.kind is CertificateKind.COPY:
            banner = L.copy_banner(d.copy_number)
            out.append(self._banner(
                [[_en(banner.en, STRONG.but(size=10, leading=13, color=AMBER)),
                  _ar(banner.ar, STRONG.but(size=10.5, leading=14, color=AMBER))]],
                AMBER, colors.HexColor("#fdf4e3")))
        if d.supersedes_serial:
            note = L.supersedes(capped(d.supersedes_serial, 60))
            out.append(self._banner([[_en(note.en, STRONG.but(color=NAVY)),
                                      _ar(note.ar, STRONG.but(color=NAVY))]],
                                    NAVY, colors.HexColor("#e9eff6")))
        return [item for banner in out for item in (Spacer(1, 1.5 * mm), banner)]

    def _banner(self, rows: list[list[Any]], edge: colors.Color, fill: colors.Color,
                span_from: int | None = None) -> Table:
        table = Table(rows, colWidths=(self.width / 2, self.width / 2))
        styles: list[tuple[Any, ...]] = [
            CELL_FONT,
            ("BOX", (0, 0), (-1, -1), 1.2, edge),
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if span_from is not None:  # the void reason: one full-width cell per row
            styles += [("SPAN", (0, row), (-1, row)) for row in range(span_from, len(rows))]
        table.setStyle(TableStyle(styles))
        return table

    # --- sections ---------------------------------------------------------------------------

    def _checkpoint(self) -> Table:
        d = self.data
        section = Section(L.SEC_CHECKPOINT, self.four)
        section.pair(L.CHECKPOINT, f"{d.checkpoint_en}, {d.district_en} {L.DISTRICT.en}",
                     f"{d.checkpoint_ar}، {L.DISTRICT.ar} {d.district_ar}", STRONG)
        where = d.checkpoint_code
        if d.latitude is not None and d.longitude is not None:
            north = "N" if d.latitude >= 0 else "S"
            east = "E" if d.longitude >= 0 else "W"
            where += (f"  ·  {abs(d.latitude):.5f}° {north}, {abs(d.longitude):.5f}° {east}")
        section.shared(L.CODE, where, STRONG)
        return section.table()

    def _parties(self) -> Table:
        d = self.data
        section = Section(L.SEC_PARTIES, self.four)
        for label, party in ((L.HANDING, d.handing), (L.RECEIVING, d.receiving)):
            rep = party.representative
            section.pair_cells(label, [_en(capped(party.unit_en), STRONG), _en(_person_en(rep))],
                               [_ar(capped(party.unit_ar), STRONG), _ar(_person_ar(rep))])
        if not d.witnesses:
            section.pair(L.WITNESS, L.NO_WITNESS.en, L.NO_WITNESS.ar, LABEL)
        for witness in d.witnesses:
            section.pair(L.WITNESS, _person_en(witness), _person_ar(witness))
        return section.table()

    def _times(self) -> Table:
        d = self.data
        offset = d.utc_offset_minutes
        section = Section(L.SEC_TIMES, self.four)
        for label, value in ((L.HANDOVER_AT, d.handover_at), (L.ASSUMED_AT, d.assumed_duty_at),
                             (L.DEPARTED_AT, d.departure_at)):
            shown = local_time(value, offset)
            if shown is None:
                section.pair(label, L.NOT_RECORDED.en, L.NOT_RECORDED.ar, LABEL)
            else:
                section.shared(label, shown)
        if d.gap_minutes:
            verdict, colour = L.gap(d.gap_minutes), RED
        elif d.assumed_duty_at and d.departure_at:
            verdict, colour = L.NO_GAP, GREEN
        else:
            verdict, colour = L.UNKNOWN_GAP, AMBER
        section.pair(L.GAP_CHECK, verdict.en, verdict.ar, STRONG.but(color=colour))
        return section.table()

    def _checklist(self) -> Table:
        d = self.data
        not_done = max(0, d.checklist_total - d.checklist_done - d.checklist_not_applicable)
        summary = L.checklist_summary(d.checklist_total, d.checklist_done, not_done,
                                      d.checklist_not_applicable)
        # Columns: No. | English item | note (either language) | Arabic item
        number = self.width * 0.07
        note = self.width * 0.25
        item = (self.width - number - note) / 2
        section = Section(L.SEC_CHECKLIST, (number, item, note, item), header_rows=1)
        # the summary spans the four columns as two halves
        section.wide([_en(summary.en, STRONG), "", _ar(summary.ar, STRONG), ""])
        row = len(section.rows) - 1
        section.styles += [("SPAN", (0, row), (1, row)), ("SPAN", (2, row), (3, row))]
        if not d.exceptions:
            section.wide([_en(L.NO_EXCEPTIONS.en, BODY.but(color=GREEN)), "",
                          _ar(L.NO_EXCEPTIONS.ar, BODY.but(color=GREEN)), ""])
            row = len(section.rows) - 1
            section.styles += [("SPAN", (0, row), (1, row)), ("SPAN", (2, row), (3, row))]
            return section.table()
        section.header_rows = (0, 2)  # on a following page: the heading and column titles
        section.wide([_centre(L.NUMBER.en, LABEL), _en(L.SEC_EXCEPTIONS.en,
                                                          STRONG.but(color=RED)),
                      _centre(f"{L.NOTE.en} / {L.NOTE.ar}", LABEL),
                      _ar(L.SEC_EXCEPTIONS.ar, STRONG.but(color=RED))],
                     background=LABEL_BG)
        for exception in d.exceptions:
            section.flowing([Text(str(exception.number), _centre, STRONG),
                             Text(exception.text_en, _en), Text(exception.note or "—"),
                             Text(exception.text_ar, _ar)])
        return section.table()

    def _equipment(self) -> Table:
        d = self.data
        w = self.width
        widths = (w * 0.07, w * 0.29, w * 0.09, w * 0.33, w * 0.22)
        section = Section(L.SEC_EQUIPMENT, widths, header_rows=2)
        if not d.equipment:
            section.header_rows = 1
            section.wide([_en(L.NO_EQUIPMENT.en, LABEL), "", _ar(L.NO_EQUIPMENT.ar, LABEL),
                          "", ""])
            section.styles += [("SPAN", (0, 1), (1, 1)), ("SPAN", (2, 1), (-1, 1))]
            return section.table()
        section.wide([_centre(f"{pair.en} / {pair.ar}", LABEL.but(direction="ltr"))
                      for pair in (L.NUMBER, L.EQ_ITEM, L.EQ_QUANTITY, L.EQ_SERIALS,
                                   L.EQ_CONDITION)],
                     background=LABEL_BG)
        for index, line in enumerate(d.equipment, start=1):
            section.flowing([Text(str(index), _centre), Text(line.item),
                             Text(str(line.quantity), _centre, STRONG),
                             Text(", ".join(line.serials) or "—"),
                             Text(_condition(line.condition), _centre,
                                  BODY.but(direction="ltr"))])
        return section.table()

    def _signatures(self) -> Table:
        d = self.data
        per_row = 3
        cell = self.width / per_row
        section = Section(L.SEC_SIGNATURES, [cell] * per_row)
        cells: list[Any] = []
        for signature in d.signatures:
            other = capped(signature.party, 40)
            party = L.PARTY_LABELS.get(signature.party, L.Pair(other, other))
            cells.append([
                _centre(f"{party.en} / {party.ar}", LABEL),
                Spacer(1, 0.5 * mm),
                StrokeBox(signature.strokes, min(cell - 24, 105.0), SIGNATURE_INK),
                Spacer(1, 1 * mm),
                _centre(capped(signature.name_en, 150), STRONG),
                _centre(capped(signature.name_ar, 150), STRONG.but(direction="rtl")),
            ])
        if not cells:
            cells.append([_centre(f"{L.NO_SIGNATURE.en} / {L.NO_SIGNATURE.ar}", LABEL)])
        for start in range(0, len(cells), per_row):
            chunk = cells[start:start + per_row]
            section.wide(chunk + [""] * (per_row - len(chunk)))
        section.styles += [("ALIGN", (0, 1), (-1, -1), "CENTER"),
                           ("VALIGN", (0, 1), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 1), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 1), (-1, -1), 5)]
        return section.table()
