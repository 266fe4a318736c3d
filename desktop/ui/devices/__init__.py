"""The supervisor's Devices page: every laptop known here, its records held, receipts, alarms."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.devices.page import DevicesPage

    return DevicesPage(page_context)
