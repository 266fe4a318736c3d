"""The supervisor's Conflicts page: records edited on two laptops at once, merged field by field."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.conflicts.page import ConflictsPage

    return ConflictsPage(page_context)
