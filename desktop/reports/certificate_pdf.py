"""The handover certificate as an A4 PDF, ready for the digital signature.

``build_certificate_pdf`` lays out a ``CertificateData`` (English on the left, Arabic on the
right), embeds its JSON as an attachment and in the XMP metadata, and leaves an empty signature
field named ``SIGNATURE_FIELD_NAME`` at ``signature_box(page_count)`` on the last page. The
signing code (pyHanko) fills that field; it may equally create its own field on that rectangle.

Page furniture (the small header of later pages, footer with "page N of M", the VOID/COPY
watermark and the digital-signature band) is drawn when the document is saved, once the
number of pages is known: the canvas holds each finished page until then (the reportlab
"numbered canvas" recipe).
"""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop import APP_NAME, __version__
from desktop.domain.certificate import CertificateData, CertificateKind
from desktop.reports import arabic
from desktop.reports import labels as L
from desktop.reports.canvas import PageCountingCanvas
from desktop.reports.certificate_sections import (
    AMBER,
    MUTED,
    NAVY,
    RED,
    RULE,
    StoryBuilder,
    local_time,
    split_bilingual,
)
from desktop.reports.flowables import BidiText, TextStyle, capped
from desktop.reports.fonts import BOLD, REGULAR, register_fonts
from desktop.reports.pdf_objects import add_signature_field, attach_file, set_info

SIGNATURE_FIELD_NAME = "TaslimSignature"
ATTACHMENT_NAME = "certificate.json"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
FOOTER_BASELINE = 6.5 * mm
# The digital-signature band at the bottom of every page: the field on the last page, a
# "continued" note on the others. Reserved on every page so the field's place is fixed
# (signature_box needs only the page count) and never collides with content.
SIGNATURE_WIDTH = 78 * mm
SIGNATURE_HEIGHT = 19 * mm
SIGNATURE_BOTTOM = 14.5 * mm
FRAME_BOTTOM = SIGNATURE_BOTTOM + SIGNATURE_HEIGHT + 6 * mm
HASH_BASELINE = 11.2 * mm
LATER_HEADER = 11 * mm  # height of the small header on pages after the first


def signature_box(page_count: int) -> tuple[int, tuple[float, float, float, float]]:
    """Where the visible digital signature goes: (page index, (x1, y1, x2, y2)) in points,
    on the last page, bottom centre."""
    x1 = (PAGE_WIDTH - SIGNATURE_WIDTH) / 2
    return page_count - 1, (x1, SIGNATURE_BOTTOM, x1 + SIGNATURE_WIDTH,
                            SIGNATURE_BOTTOM + SIGNATURE_HEIGHT)


def build_certificate_pdf(data: CertificateData, *, qr_payload: str) -> bytes:
    """The complete, unsigned certificate PDF (deterministic: same data, same bytes)."""
    register_fonts()
    # The data's JSON and hash, each worked out once: the attachment, the XMP packet, the
    # information dictionary and the signature band all use them (to_json copies every
    # signature stroke, so it is not free).
    furniture = _Furniture(data)
    buffer = io.BytesIO()
    width = PAGE_WIDTH - 2 * MARGIN_X
    first = Frame(MARGIN_X, FRAME_BOTTOM, width, PAGE_HEIGHT - MARGIN_TOP - FRAME_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
    later = Frame(MARGIN_X, FRAME_BOTTOM, width,
                  PAGE_HEIGHT - MARGIN_TOP - LATER_HEADER - FRAME_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=FRAME_BOTTOM, invariant=1, initialFontName=REGULAR, pageCompression=1,
        # the information dictionary (pdfinfo shows it); the content hash identifies the
        # content whatever the kind, the serial identifies this paper
        title=f"{L.TITLE.en} {data.serial}",
        author=data.clerk.name_en,
        subject=f"{L.TITLE.ar} — {data.serial} — {data.checkpoint_code} — {data.kind.value}",
        keywords=f"Taslim, certificate, {data.serial}, {data.checkpoint_code}, "
                 f"sha256:{furniture.content_hash}",
        creator=f"{APP_NAME} {__version__}",
        producer=f"{APP_NAME} {__version__} (ReportLab)",
        pageTemplates=[PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
                       PageTemplate(id="later", frames=[later])],
    )
    story = StoryBuilder(data, qr_payload, width).story()

    def make_canvas(*args: Any, **kwargs: Any) -> _CertificateCanvas:
        return _CertificateCanvas(*args, furniture=furniture, **kwargs)

    document.build(story, canvasmaker=make_canvas)
    return buffer.getvalue()


def certificate_json_bytes(data: CertificateData, document: dict[str, Any] | None = None
                           ) -> bytes:
    """The attachment's bytes: the certificate's data in logical order, human-readable
    (``document``: ``data.to_json()`` when the caller has it already)."""
    document = data.to_json() if document is None else document
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


class _CertificateCanvas(PageCountingCanvas):
    """Draws the certificate's furniture on each page once the page count is known."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        furniture.document_level(self)

    def furnish(self, number: int, total: int) -> None:
        self._furniture.page(self, number, total)

    def page_written(self) -> None:
        _deflate_only(self._doc.Pages.pages[-1])


def _deflate_only(page: Any) -> None:
    """Give the page its content stream deflated but not ASCII85-encoded. reportlab adds the
    ASCII85 layer by default (``rl_config.useA85``, a process-wide setting read while the file
    is written), which makes the stream a quarter larger and costs ~2 ms a page in its
    pure-Python encoder; a PDF stream needs no 7-bit encoding."""
    stream = PDFStream(content=page.stream, filters=[PDFZCompress])
    stream.__Comment__ = "page stream"
    page.Contents = stream


class _Furniture:
    """What is drawn on every page around the story, and what the document carries."""

    def __init__(self, data: CertificateData) -> None:
        self.data = data
        self.content_hash = data.content_hash()
        self.document = data.to_json()

    # --- document level: info, XMP, attachment ---------------------------------------------

    def document_level(self, canvas: Canvas) -> None:
        d = self.data
        set_info(canvas, created_utc=d.issued_at,
                 extra={"TaslimSerial": d.serial, "TaslimContentHash": self.content_hash,
                        "TaslimKind": d.kind.value, "TaslimCopyNumber": str(d.copy_number)})
        attach_file(canvas, name=ATTACHMENT_NAME, content=certificate_json_bytes(d, self.document),
                    mime="application/json",
                    description=f"Certificate data {d.serial} (logical order, UTF-8)",
                    modified_utc=d.issued_at)
        canvas._doc._catalog.Metadata = _xmp_stream(d, self.content_hash, self.document)

    # --- page level ---------------------------------------------------------------------------

    def page(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        if number > 1:
            self._later_header(canvas)
        self._footer(canvas, number, total)
        if number == total:
            self._signature_band(canvas, total)
        else:
            note = L.continued_on(number + 1)
            middle = SIGNATURE_BOTTOM + SIGNATURE_HEIGHT / 2
            _bidi(canvas, note.en, PAGE_WIDTH / 2, middle + 1 * mm, REGULAR, 9, "center",
                  MUTED)
            _bidi(canvas, note.ar, PAGE_WIDTH / 2, middle - 4 * mm, REGULAR, 9.5, "center",
                  MUTED, rtl=True)
        self._watermark(canvas)
        canvas.restoreState()

    def _later_header(self, canvas: Canvas) -> None:
        d = self.data
        serial = capped(d.serial, 40)  # one line of furniture: never wrapped
        top = PAGE_HEIGHT - MARGIN_TOP
        baseline = top - 5 * mm
        mark = ""
        if d.kind is CertificateKind.COPY:
            mark = f"  ·  {L.COPY.en} {d.copy_number}"
        elif d.kind is CertificateKind.VOID:
            mark = f"  ·  {L.VOID.en}"
        _bidi(canvas, f"{L.TITLE.en} — {serial}{mark}", MARGIN_X, baseline, BOLD, 8.5,
              "left", NAVY)
        mark_ar = {CertificateKind.COPY: f" · {L.COPY.ar} {d.copy_number}",
                   CertificateKind.VOID: f" · {L.VOID.ar}"}.get(d.kind, "")
        _bidi(canvas, f"{L.TITLE.ar} — {serial}{mark_ar}", PAGE_WIDTH - MARGIN_X, baseline,
              BOLD, 9, "right", NAVY, rtl=True)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN_X, top - 7.5 * mm, PAGE_WIDTH - MARGIN_X, top - 7.5 * mm)

    def _footer(self, canvas: Canvas, number: int, total: int) -> None:
        d = self.data
        serial = capped(d.serial, 40)
        page = L.page_of(number, total)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        rule_y = FOOTER_BASELINE + 3.2 * mm
        canvas.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)
        _bidi(canvas, f"{L.SERIAL.en} {serial}  ·  {page.en}", MARGIN_X, FOOTER_BASELINE,
              REGULAR, 7.5, "left", MUTED)
        _bidi(canvas, capped(d.checkpoint_code, 24), PAGE_WIDTH / 2, FOOTER_BASELINE, REGULAR, 7.5,
              "center", MUTED)
        _bidi(canvas, f"{L.SERIAL.ar} {serial}  ·  {page.ar}", PAGE_WIDTH - MARGIN_X,
              FOOTER_BASELINE, REGULAR, 7.5, "right", MUTED, rtl=True)

    def _signature_band(self, canvas: Canvas, total: int) -> None:
        """The last page's band: issuing clerk (English left, Arabic right) either side of the
        empty digital-signature field, and the content hash under it."""
        d = self.data
        _, (x1, y1, x2, y2) = signature_box(total)
        canvas.setStrokeColor(colors.HexColor("#7d8a97"))
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 2)
        canvas.rect(x1, y1, x2 - x1, y2 - y1, stroke=1, fill=0)
        canvas.setDash()
        caption = L.DIGITAL_SIGNATURE
        _bidi(canvas, f"{caption.en} / {caption.ar}", (x1 + x2) / 2, y2 + 1.6 * mm, REGULAR,
              7.5, "center", MUTED)
        add_signature_field(canvas, SIGNATURE_FIELD_NAME, (x1, y1, x2, y2))
        _bidi(canvas, f"SHA-256 {self.content_hash}", (x1 + x2) / 2, HASH_BASELINE, REGULAR,
              6.3, "center", MUTED)
        rank = split_bilingual(capped(d.clerk.rank, 80))
        issued = local_time(d.issued_at, d.utc_offset_minutes) or ""
        top, bottom = y2 + 4.5 * mm, HASH_BASELINE
        side = x1 - MARGIN_X - 4 * mm
        badge = capped(d.clerk.badge, 40)
        badge_en = f"{L.BADGE.en}\u00a0{badge}" if badge else ""
        badge_ar = f"{L.BADGE.ar}\u00a0{badge}" if badge else ""
        _fitted_block(canvas, [
            (L.ISSUED_BY.en, LABEL_STYLE),
            (capped(d.clerk.name_en, 150), NAME_STYLE),
            (" · ".join(part for part in (rank.en, badge_en) if part), BODY_STYLE),
            (f"{L.DEVICE.en} {capped(d.issuing_device, 40)}", BODY_STYLE),
            (issued, BODY_STYLE),
        ], MARGIN_X, top, side, top - bottom, "ltr")
        _fitted_block(canvas, [
            (L.ISSUED_BY.ar, LABEL_STYLE),
            (capped(d.clerk.name_ar, 150), NAME_STYLE),
            ("، ".join(part for part in (rank.ar, badge_ar) if part), BODY_STYLE),
            (f"{L.DEVICE.ar} {capped(d.issuing_device, 40)}", BODY_STYLE),
            (issued, BODY_STYLE),
        ], x2 + 4 * mm, top, side, top - bottom, "rtl")

    def _watermark(self, canvas: Canvas) -> None:
        kind = self.data.kind
        if kind is CertificateKind.ORIGINAL:
            return
        void = kind is CertificateKind.VOID
        word = L.VOID if void else L.COPY
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(38)
        # Translucent, so the text under it stays readable (the alpha travels with the colour:
        # setFillColor resets a separately set fill alpha).
        base = RED if void else AMBER
        ink = colors.Color(base.red, base.green, base.blue, alpha=0.16 if void else 0.09)
        size = 120 if void else 100
        _bidi(canvas, word.en, 0, 10, BOLD, size, "center", ink)
        _bidi(canvas, word.ar, 0, -size * 0.95, BOLD, size * 0.95, "center", ink, rtl=True)
        canvas.restoreState()


def _bidi(canvas: Canvas, text: str, x: float, y: float, font: str, size: float, align: str,
          colour: colors.Color, *, rtl: bool = False) -> None:
    """One line of page furniture (never wrapped), shaped and ordered for drawing."""
    line = arabic.visual(text, "rtl" if rtl else "ltr")
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    if align == "right":
        canvas.drawRightString(x, y, line)
    elif align == "center":
        canvas.drawCentredString(x, y, line)
    else:
        canvas.drawString(x, y, line)


LABEL_STYLE = TextStyle(font=REGULAR, size=7.5, leading=10, color=MUTED)
NAME_STYLE = TextStyle(font=BOLD, size=8.5, leading=11, color=colors.black)
BODY_STYLE = TextStyle(font=REGULAR, size=7.5, leading=10, color=colors.black)


def _fitted_block(canvas: Canvas, lines: list[tuple[str, TextStyle]], x: float, top: float,
                  width: float, height: float, direction: arabic.Direction) -> None:
    """Paragraphs stacked from ``top``, shrunk until they fit ``height`` (a very long name
    must not run into the footer)."""
    align = "right" if direction == "rtl" else "left"
    scale = 1.0
    while True:
        flowables = [BidiText(text, style.but(size=style.size * scale,
                                              leading=style.leading * scale,
                                              direction=direction, align=align))
                     for text, style in lines if text]
        heights = [flowable.wrapOn(canvas, width, height)[1] for flowable in flowables]
        if sum(heights) <= height or scale < 0.6:
            break
        scale -= 0.05
    y = top
    for flowable, flowable_height in zip(flowables, heights, strict=True):
        y -= flowable_height
        flowable.drawOn(canvas, x, y)


def _xmp_stream(data: CertificateData, content_hash: str, document: dict[str, Any]
                ) -> PDFStream:
    """XMP metadata carrying the serial, the hash and the whole certificate as compact JSON:
    the document information dictionary is no place for a long string (readers cap strings
    at 32 KB), a metadata stream has no such limit and any XMP tool reads it."""
    compact = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    title = escape(f"{L.TITLE.en} {data.serial}")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:taslim="urn:taslim:certificate:1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:identifier>{escape(data.serial)}</dc:identifier>
   <xmp:CreateDate>{escape(data.issued_at)}</xmp:CreateDate>
   <xmp:CreatorTool>{APP_NAME} {__version__}</xmp:CreatorTool>
   <pdf:Producer>{APP_NAME} {__version__} (reportlab)</pdf:Producer>
   <taslim:serial>{escape(data.serial)}</taslim:serial>
   <taslim:contentHash>{content_hash}</taslim:contentHash>
   <taslim:kind>{data.kind.value}</taslim:kind>
   <taslim:certificate>{escape(compact)}</taslim:certificate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        packet.encode("utf-8"),
    )
