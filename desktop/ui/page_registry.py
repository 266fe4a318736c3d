"""Which screen stands behind each navigation entry, and what every screen is handed.

Pages get a ``PageContext`` (the services, the signed-in session, the change notifier and a
way to open the forms), never the main window: screens do not reach into each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QWidget

from desktop.app import AppContext
from desktop.services.base import Session
from desktop.ui.changes import ChangeNotifier
from desktop.ui.pages import NavEntry, PlaceholderPage


class Forms(Protocol):
    """Opens the record forms; any screen may ask, none needs to know how they are built."""

    def open_inspection(self, parent: QWidget, *, checkpoint_id: str | None = None,
                        inspection_id: str | None = None, draft_key: str | None = None) -> None: ...

    def open_handover(self, parent: QWidget, *, checkpoint_id: str | None = None,
                      handover_id: str | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class PageContext:
    context: AppContext
    session: Session
    notifier: ChangeNotifier
    forms: Forms


PageFactory = Callable[[PageContext], QWidget]


def _factories() -> dict[str, PageFactory]:
    from desktop.ui import (
        certificates,
        checkpoints,
        conflicts,
        dashboard,
        devices,
        handover,
        inspection,
        people,
        sync,
    )

    return {
        "checkpoints": checkpoints.create_page,
        "inspections": inspection.create_page,
        "handovers": handover.create_page,
        "awaiting_certificate": certificates.create_waiting_page,
        "certificate_register": certificates.create_register_page,
        "verify_certificate": certificates.create_verify_page,
        "import": sync.create_import_page,
        "exchange": sync.create_exchange_page,
        "conflicts": conflicts.create_page,
        "devices": devices.create_page,
        "people": people.create_page,
        "dashboard": dashboard.create_page,
    }


class FormOpener:
    """The ``Forms`` of the running application."""

    def __init__(self, page_context: Callable[[], PageContext]) -> None:
        self._page_context = page_context

    def open_inspection(self, parent: QWidget, *, checkpoint_id: str | None = None,
                        inspection_id: str | None = None, draft_key: str | None = None) -> None:
        from desktop.ui import inspection

        inspection.open_form(self._page_context(), parent, checkpoint_id=checkpoint_id,
                             inspection_id=inspection_id, draft_key=draft_key)

    def open_handover(self, parent: QWidget, *, checkpoint_id: str | None = None,
                      handover_id: str | None = None) -> None:
        from desktop.ui import handover

        handover.open_wizard(self._page_context(), parent, checkpoint_id=checkpoint_id,
                             handover_id=handover_id)


def build_page(entry: NavEntry, page_context: PageContext) -> QWidget:
    factory = _factories().get(entry.key)
    return factory(page_context) if factory is not None else PlaceholderPage(entry)
