"""Low-level PDF objects reportlab has no public call for: an embedded file, extra document
information keys and an empty signature field.

All three are written by reportlab itself while it writes the document, from its own object
classes, so the certificate is one pass and one file: no second library re-writes it before
pyHanko signs it (a rewrite could renumber objects and would double the build time).
"""

from __future__ import annotations

import hashlib
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas


def pdf_date(utc_text: str) -> str:
    """'2026-03-14T09:30:00Z' as a PDF date string 'D:20260314093000Z'."""
    digits = "".join(char for char in utc_text if char.isdigit())
    return f"D:{digits[:14]}Z"


class CertificateInfo(PDFInfo):  # type: ignore[misc]  # reportlab ships no type hints
    """The document information dictionary with a fixed creation date (the issue time, so the
    same certificate gives the same bytes) and extra keys that a program can read without
    parsing the page (`pdfinfo -custom` shows them)."""

    def __init__(self, created: str, extra: dict[str, str]) -> None:
        super().__init__()
        self.created = created
        self.extra = extra

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": PDFString(self.created),
            "ModDate": PDFString(self.created),
            "Trapped": PDFName("False"),
        }
        for key, value in self.extra.items():
            entries[key] = PDFString(value)
        return bytes(PDFDictionary(entries).format(document))


def set_info(canvas: Canvas, *, created_utc: str, extra: dict[str, str]) -> None:
    """Replace the canvas's information dictionary, keeping the title, author, subject,
    keywords and creator that the document template sets on it afterwards."""
    canvas._doc.info = CertificateInfo(pdf_date(created_utc), extra)


def pdf_name(value: str) -> str:
    """A PDF name, with '/' escaped (reportlab's ``PDFName`` leaves it, which splits
    ``application/json`` into two names)."""
    return "/" + "".join(char if char.isalnum() or char in "-_." else f"#{ord(char):02X}"
                         for char in value)


def attach_file(canvas: Canvas, *, name: str, content: bytes, mime: str, description: str,
                modified_utc: str) -> None:
    """Embed ``content`` as a document-level attachment (the catalog's EmbeddedFiles name
    tree), which every PDF reader lists and ``pdfdetach`` extracts. Marked as the page's data
    source (``AFRelationship /Data``), as PDF/A-3 does for a machine-readable twin."""
    document = canvas._doc
    params = PDFDictionary({
        "Size": len(content),
        "ModDate": PDFString(pdf_date(modified_utc)),
        # MD5 because the PDF specification names it for this checksum; not a security use
        "CheckSum": PDFString(hashlib.md5(content, usedforsecurity=False).digest(), enc="raw"),
    })
    stream = PDFStream(
        PDFDictionary({
            "Type": PDFName("EmbeddedFile"),
            "Subtype": pdf_name(mime),
            "Params": params,
        }),
        content,
        filters=[PDFZCompress],
    )
    file_spec = PDFDictionary({
        "Type": PDFName("Filespec"),
        "F": PDFString(name),
        "UF": PDFString(name),
        "Desc": PDFString(description),
        "AFRelationship": PDFName("Data"),
        "EF": PDFDictionary({"F": document.Reference(stream), "UF": document.Reference(stream)}),
    })
    spec_ref = document.Reference(file_spec)
    names = PDFDictionary({"Names": PDFArray([PDFString(name), spec_ref])})
    document._catalog.Names = PDFDictionary({"EmbeddedFiles": names})


def add_signature_field(canvas: Canvas, name: str, rect: tuple[float, float, float, float]
                        ) -> None:
    """An empty, visible signature field on the current page, for pyHanko to fill.

    Same construction as reportlab's own form fields (a merged field/widget dictionary listed
    in the AcroForm's Fields and in the page's Annots), with field type /Sig and no value.
    """
    form = canvas.acroForm
    widget = PDFDictionary({
        "Type": PDFName("Annot"),
        "Subtype": PDFName("Widget"),
        "FT": PDFName("Sig"),
        "T": PDFString(name),
        "TU": PDFString("Digital signature / التوقيع الرقمي"),
        "Rect": PDFArray(list(rect)),
        "F": 4,  # print
        "P": canvas._doc.thisPageRef(),
    })
    canvas._addAnnotation(widget)
    form.fields.append(form.getRef(widget))
