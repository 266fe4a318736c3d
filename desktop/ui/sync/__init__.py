"""The exchange screens: headquarters imports the laptops' bundles; a laptop sends its own."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_import_page(page_context: PageContext) -> QWidget:
    from desktop.ui.sync.import_page import ImportPage

    return ImportPage(page_context)


def create_exchange_page(page_context: PageContext) -> QWidget:
    from desktop.ui.sync.exchange import ExchangePage

    return ExchangePage(page_context)
