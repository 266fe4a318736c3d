"""The supervisor's People and accounts page: accounts, adding one, disabling, new passwords."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_page(page_context: PageContext) -> QWidget:
    from desktop.ui.people.page import PeoplePage

    return PeoplePage(page_context)
