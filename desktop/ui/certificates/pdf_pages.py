"""Certificate PDF pages as images, for the preview and for the printer.

PySide6-Essentials has no QtPdf, so pages are rasterised by pdfium (the pypdfium2 wheel carries
it). pdfium is not thread-safe: every call here runs on the GUI thread, one document at a time.
A certificate is one or two pages, so rendering them on demand takes a few tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.domain.errors import ValidationError
from desktop.i18n import _

POINTS_PER_INCH = 72.0
PRINT_DPI = 300  # enough for the QR code and the signatures; more only makes the job bigger


@contextmanager
def _opened(pdf: bytes) -> Iterator[pypdfium2.PdfDocument]:
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError:
        raise ValidationError(_("This file is not a readable PDF.")) from None
    try:
        yield document
    finally:
        document.close()  # pdfium memory is not Python's: close it now, not at exit


def page_count(pdf: bytes) -> int:
    with _opened(pdf) as document:
        return len(document)


def render_pages(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page at ``dpi`` dots per inch, on white (the PDF has no background of its own)."""
    with _opened(pdf) as document:
        return [_render(document, index, dpi) for index in range(len(document))]


def render_page(pdf: bytes, index: int, dpi: float) -> QImage:
    with _opened(pdf) as document:
        return _render(document, index, dpi)


def _render(document: pypdfium2.PdfDocument, index: int, dpi: float) -> QImage:
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True,
                             fill_color=(255, 255, 255, 255))
        try:
            # RGBx bytes; copy() detaches the image from pdfium's buffer before it is freed.
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888).copy()
        finally:
            bitmap.close()
    finally:
        page.close()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


def new_printer() -> QPrinter:
    """A printer set for the certificate: A4 portrait, at print quality."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def paint_pdf(printer: QPrinter, pdf: bytes, dpi: float = PRINT_DPI) -> int:
    """Draw every page onto the printer, each scaled to fit its printable area; pages painted.

    Used by QPrintPreviewDialog's ``paintRequested`` and by a plain print: both go through
    here, so what the preview shows is what the printer gets.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise ValidationError(_("The printer could not be started. Check that it is on and "
                                "connected, then try again."))
    painted = 0
    try:
        with _opened(pdf) as document:
            for index in range(len(document)):
                if index:
                    printer.newPage()
                image = _render(document, index, min(dpi, max(printer.resolution(), 96)))
                target = painter.viewport()
                size = QSizeF(image.size()).scaled(QSizeF(target.size()),
                                                   Qt.AspectRatioMode.KeepAspectRatio)
                # Centred on the printable area: printers have different unprintable margins.
                x = (target.width() - size.width()) / 2
                y = (target.height() - size.height()) / 2
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(QRectF(x, y, size.width(), size.height()), image)
                painted += 1
    finally:
        painter.end()
    return painted
