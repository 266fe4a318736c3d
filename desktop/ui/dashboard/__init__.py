"""The supervisor's Dashboard: the province and its districts in numbers, and a monthly chart."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.dashboard.page import DashboardPage

    return DashboardPage(page_context)
