"""The checkpoints screen: every checkpoint, instant filters, and a history pane."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.checkpoints.page import CheckpointsPage

    return CheckpointsPage(page_context)
