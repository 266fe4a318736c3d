"""Handovers: the officer's list and the handover wizard with its signature pads."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.pages import NAVIGATION, PlaceholderPage

    entry = next(e for e in NAVIGATION[page_context.session.role] if e.key == "handovers")
    return PlaceholderPage(entry)


def open_wizard(page_context: PageContext, parent: QWidget, *, checkpoint_id: str | None = None,
                handover_id: str | None = None) -> None:
    raise NotImplementedError
