"""The clerk's certificate screens: handovers waiting, the register, and verifying a file."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.page_registry import PageContext


def create_waiting_page(page_context: PageContext) -> QWidget:
    from desktop.ui.certificates.waiting import WaitingPage

    return WaitingPage(page_context)


def create_register_page(page_context: PageContext) -> QWidget:
    from desktop.ui.certificates.register import RegisterPage

    return RegisterPage(page_context)


def create_verify_page(page_context: PageContext) -> QWidget:
    from desktop.ui.certificates.verify import VerifyPage

    return VerifyPage(page_context)
