"""The province summary as an A4 PDF, in Arabic and English at once.

Layout: English on the left, Arabic on the right, as on the certificate (labels.py,
certificate_sections.py): the header, the period and who made it, the province's figures (one
row per figure: English label | number | Arabic label), the districts (English name | figures
| Arabic name; the figures' columns run right to left, the first next to the Arabic name, and
each column title is Arabic above English), the monthly chart, and what each figure counts.
The district table repeats its three title rows on every page it continues onto. Digits are
Western, as on the certificate. "Page X of Y" is drawn once the number of pages is known (the
canvas holds each finished page until then, the reportlab "numbered canvas" recipe).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop import APP_NAME, __version__
from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES
from desktop.domain.summary import ProvinceSummary
from desktop.reports import arabic
from desktop.reports import summary_labels as L
from desktop.reports.canvas import PageCountingCanvas
from desktop.reports.certificate_sections import (
    BODY,
    CELL_FONT,
    HEAD_BG,
    HEADING,
    LABEL,
    LABEL_BG,
    MUTED,
    NAVY,
    RULE,
    STRONG,
    local_time,
)
from desktop.reports.files import write_bytes_replacing
from desktop.reports.flowables import BidiText, TextStyle, capped
from desktop.reports.fonts import BOLD, REGULAR, register_fonts
from desktop.reports.summary_chart import month_chart

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
FRAME_BOTTOM = 16 * mm
FOOTER_BASELINE = 8 * mm
LATER_HEADER = 10 * mm  # the small title on the pages after the first
CHART_HEIGHT = 62 * mm
_PAD = 3.0
PERIOD_OFFSET_MINUTES = BAGHDAD_OFFSET_MINUTES

SMALL = BODY.but(size=7, leading=8.6)
SMALL_STRONG = SMALL.but(font=BOLD)
NUMBER = BODY.but(size=9, align="center", direction="ltr")
TOTAL_NUMBER = NUMBER.but(font=BOLD)


def _en(text: str, style: TextStyle = BODY) -> BidiText:
    return BidiText(text, style.but(align="left", direction="ltr"))


def _ar(text: str, style: TextStyle = BODY) -> BidiText:
    return BidiText(text, style.but(align="right", direction="rtl"))


def _centre(text: str, style: TextStyle = NUMBER) -> BidiText:
    return BidiText(text, style.but(align="center"))


def build_summary_pdf(summary: ProvinceSummary) -> bytes:
    """The whole PDF (deterministic for the same summary: invariant mode)."""
    register_fonts()
    buffer = io.BytesIO()
    width = PAGE_WIDTH - 2 * MARGIN_X
    first = Frame(MARGIN_X, FRAME_BOTTOM, width, PAGE_HEIGHT - MARGIN_TOP - FRAME_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
    later = Frame(MARGIN_X, FRAME_BOTTOM, width,
                  PAGE_HEIGHT - MARGIN_TOP - LATER_HEADER - FRAME_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
    period = L.period_text(summary.first, summary.last)
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=FRAME_BOTTOM, invariant=1, initialFontName=REGULAR, pageCompression=1,
        title=f"{L.TITLE.en} — {period.en}", subject=f"{L.TITLE.ar} — {period.ar}",
        author=L.generated_by(summary.generated_by).en,
        keywords="Taslim, province summary, Al-Anbar",
        creator=f"{APP_NAME} {__version__}", producer=f"{APP_NAME} {__version__} (ReportLab)",
        pageTemplates=[PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
                       PageTemplate(id="later", frames=[later])],
    )

    def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, summary=summary, **kwargs)

    document.build(_Story(summary, width).flowables(), canvasmaker=make_canvas)
    return buffer.getvalue()


def write_summary_pdf(summary: ProvinceSummary, path: Path) -> None:
    """Build the PDF, write it under a temporary name beside ``path``, flush, then rename:
    a full disk or a pulled stick leaves no half file under the name asked for."""
    write_bytes_replacing(path, build_summary_pdf(summary))


class _Story:
    def __init__(self, summary: ProvinceSummary, width: float) -> None:
        self.summary = summary
        self.width = width
        self.days = summary.stale_days

    def flowables(self) -> list[Flowable]:
        gap = Spacer(1, 4 * mm)
        return [
            self._header(), Spacer(1, 2 * mm), self._facts(), gap,
            self._province(), gap,
            self._districts(), gap,
            KeepTogether([self._heading(L.SEC_CHART),
                          month_chart(self.summary.handed_over_by_month, self.width,
                                      CHART_HEIGHT)]),
            gap, CondPageBreak(40 * mm), self._definitions(),
        ]

    # --- top of the first page ---------------------------------------------------------------

    def _header(self) -> Table:
        half = self.width / 2
        title_en = STRONG.but(size=12.5, leading=16, color=NAVY)
        title_ar = STRONG.but(size=14, leading=19, color=NAVY)
        english = [_en(L.STATE.en, LABEL), _en(L.MINISTRY.en, LABEL),
                   _en(L.COMMAND.en, STRONG), Spacer(1, 2 * mm), _en(L.TITLE.en, title_en)]
        arabic_side = [_ar(L.STATE.ar, LABEL), _ar(L.MINISTRY.ar, LABEL),
                       _ar(L.COMMAND.ar, STRONG), Spacer(1, 1 * mm), _ar(L.TITLE.ar, title_ar)]
        table = Table([[english, arabic_side]], colWidths=(half, half))
        table.setStyle(TableStyle([
            CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, NAVY),
        ]))
        return table

    def _facts(self) -> Table:
        """Period, generated at, generated by: English label | value | value | Arabic label."""
        s = self.summary
        label = self.width * 0.16
        value = (self.width - 2 * label) / 2
        period = L.period_text(s.first, s.last)
        by = L.generated_by(s.generated_by)
        # the period's end in Iraq's time, where its last day ends (see period_end)
        end = local_time(s.period_end_utc, PERIOD_OFFSET_MINUTES) or ""
        rows = [
            [_en(L.PERIOD.en, LABEL), _en(period.en, STRONG), _ar(period.ar, STRONG),
             _ar(L.PERIOD.ar, LABEL)],
            [_en(L.PERIOD_END.en, LABEL), _centre(end, BODY), "", _ar(L.PERIOD_END.ar, LABEL)],
            [_en(L.GENERATED_AT.en, LABEL), _centre(s.generated_at, BODY), "",
             _ar(L.GENERATED_AT.ar, LABEL)],
            [_en(L.GENERATED_BY.en, LABEL), _en(capped(by.en, 200)), _ar(capped(by.ar, 200)),
             _ar(L.GENERATED_BY.ar, LABEL)],
        ]
        table = Table(rows, colWidths=(label, value, value, label))
        table.setStyle(self._grid([
            ("SPAN", (1, 1), (2, 1)), ("SPAN", (1, 2), (2, 2)),
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("BACKGROUND", (-1, 0), (-1, -1), LABEL_BG),
        ]))
        return table

    # --- the province -----------------------------------------------------------------------

    def _province(self) -> Table:
        """One row per figure, grouped into "now" and "in the period"."""
        s = self.summary
        side = self.width * 0.4
        middle = self.width - 2 * side
        rows: list[list[Any]] = [self._heading_row(L.SEC_PROVINCE, 3)]
        styles: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (1, 0)), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG)]
        group = None
        for column in L.COLUMNS:
            if column.group != group:
                group = column.group
                rows.append([_en(group.en, SMALL_STRONG.but(color=NAVY)), "",
                             _ar(group.ar, SMALL_STRONG.but(color=NAVY))])
                row = len(rows) - 1
                styles += [("BACKGROUND", (0, row), (-1, row), LABEL_BG),
                           ("SPAN", (0, row), (1, row))]
            label = column.label(self.days)
            rows.append([_en(label.en), _centre(str(column.value(s.province)), TOTAL_NUMBER),
                         _ar(label.ar)])
        table = Table(rows, colWidths=(side, middle, side), repeatRows=1)
        table.setStyle(self._grid(styles))
        return table

    # --- the districts ----------------------------------------------------------------------

    def _districts(self) -> Table:
        s = self.summary
        columns = L.COLUMNS
        name = self.width * 0.115
        figure = (self.width - 2 * name) / len(columns)
        count = len(columns)
        # Figures right to left: the first column sits next to the Arabic name.
        ordered = list(reversed(columns))
        # The heading's halves span the row's two halves; a span shows its first cell.
        middle = (count + 2) // 2
        head: list[Any] = [""] * (count + 2)
        head[0] = _en(L.SEC_DISTRICTS.en, HEADING)
        head[middle] = _ar(L.SEC_DISTRICTS.ar, HEADING)
        groups: list[Any] = [_en(L.DISTRICT.en, SMALL_STRONG)] + [""] * count + [
            _ar(L.DISTRICT.ar, SMALL_STRONG)]
        titles: list[Any] = [""] + [
            [_centre(column.heading(self.days).ar, SMALL.but(direction="rtl")),
             _centre(column.heading(self.days).en, SMALL.but(direction="ltr", color=MUTED))]
            for column in ordered] + [""]
        styles: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (middle - 1, 0)), ("SPAN", (middle, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("BACKGROUND", (0, 1), (-1, 2), LABEL_BG),
            ("VALIGN", (1, 2), (-2, 2), "TOP"),
            ("SPAN", (0, 1), (0, 2)), ("SPAN", (-1, 1), (-1, 2)),
        ]
        # the group titles over their columns (in the drawn, right-to-left order)
        start = 1
        for group in dict.fromkeys(column.group for column in ordered):
            width = sum(1 for column in ordered if column.group == group)
            groups[start] = [_centre(group.ar, SMALL_STRONG.but(direction="rtl", color=NAVY)),
                             _centre(group.en, SMALL_STRONG.but(direction="ltr", color=NAVY))]
            styles.append(("SPAN", (start, 1), (start + width - 1, 1)))
            start += width
        rows: list[list[Any]] = [head, groups, titles]
        for district in s.districts:
            pair = L.district_name(district)
            rows.append([_en(capped(pair.en, 80), SMALL)]
                        + [_centre(str(column.value(district.figures))) for column in ordered]
                        + [_ar(capped(pair.ar, 80), SMALL)])
        rows.append([_en(L.PROVINCE_TOTAL.en, SMALL_STRONG)]
                    + [_centre(str(column.value(s.province)), TOTAL_NUMBER)
                       for column in ordered]
                    + [_ar(L.PROVINCE_TOTAL.ar, SMALL_STRONG)])
        styles += [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), LABEL_BG),
                   ("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 1.0, NAVY)]
        # a light line between the two groups of figures
        now = sum(1 for column in columns if column.group == L.GROUP_NOW)
        divider = count - now + 1
        styles.append(("LINEBEFORE", (divider, 1), (divider, -1), 1.2, NAVY))
        table = Table(rows, colWidths=[name] + [figure] * count + [name], repeatRows=3)
        table.setStyle(self._grid(styles, padding=2.0))
        return table

    # --- the end ------------------------------------------------------------------------------

    def _definitions(self) -> Table:
        half = self.width / 2
        rows: list[list[Any]] = [self._heading_row(L.SEC_DEFINITIONS, 2)]
        for pair in L.definitions(self.days):
            rows.append([_en(pair.en, SMALL), _ar(pair.ar, SMALL)])
        table = Table(rows, colWidths=(half, half), repeatRows=1)
        table.setStyle(self._grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                                   ("VALIGN", (0, 1), (-1, -1), "TOP")]))
        return table

    # --- pieces -------------------------------------------------------------------------------

    def _heading(self, heading: L.Pair) -> Table:
        table = Table([self._heading_row(heading, 2)], colWidths=(self.width / 2,) * 2)
        table.setStyle(self._grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_BG)]))
        return table

    @staticmethod
    def _heading_row(heading: L.Pair, columns: int) -> list[Any]:
        row: list[Any] = [_en(heading.en, HEADING)] + [""] * (columns - 2) + [
            _ar(heading.ar, HEADING)]
        return row

    @staticmethod
    def _grid(styles: list[tuple[Any, ...]], padding: float = _PAD) -> TableStyle:
        return TableStyle([
            CELL_FONT,
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.0),
            *styles,
        ])


class _NumberedCanvas(PageCountingCanvas):
    """Draws the running title and the footer (page X of Y) once the page count is known."""

    def __init__(self, *args: Any, summary: ProvinceSummary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._summary = summary

    def furnish(self, number: int, total: int) -> None:
        period = L.period_text(self._summary.first, self._summary.last)
        self.saveState()
        if number > 1:
            top = PAGE_HEIGHT - MARGIN_TOP
            self._line(f"{L.TITLE.en} — {period.en}", MARGIN_X, top - 5 * mm, BOLD, 8,
                       "left", NAVY)
            self._line(L.TITLE.ar, PAGE_WIDTH - MARGIN_X, top - 5 * mm, BOLD, 8.5, "right",
                       NAVY, rtl=True)
            self.setStrokeColor(NAVY)
            self.setLineWidth(0.8)
            self.line(MARGIN_X, top - 7.5 * mm, PAGE_WIDTH - MARGIN_X, top - 7.5 * mm)
        page = L.page_of(number, total)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        rule = FOOTER_BASELINE + 3.2 * mm
        self.line(MARGIN_X, rule, PAGE_WIDTH - MARGIN_X, rule)
        generated = self._summary.generated_at
        self._line(f"{page.en}  ·  {L.GENERATED_AT.en} {generated}", MARGIN_X,
                   FOOTER_BASELINE, REGULAR, 7.5, "left", MUTED)
        self._line(f"{page.ar}  ·  {L.GENERATED_AT.ar} {generated}", PAGE_WIDTH - MARGIN_X,
                   FOOTER_BASELINE, REGULAR, 7.5, "right", MUTED, rtl=True)
        self.restoreState()

    def _line(self, text: str, x: float, y: float, font: str, size: float, align: str,
              colour: colors.Color, *, rtl: bool = False) -> None:
        line = arabic.visual(text, "rtl" if rtl else "ltr")
        self.setFont(font, size)
        self.setFillColor(colour)
        if align == "right":
            self.drawRightString(x, y, line)
        else:
            self.drawString(x, y, line)


__all__ = ["build_summary_pdf", "write_summary_pdf"]
