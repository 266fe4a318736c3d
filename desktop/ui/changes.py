"""Tells open screens what a unit of work changed, so each refreshes only what it shows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.domain.enums import EntityKind
from desktop.services.base import Changes


class ChangeNotifier(QObject):
    """One per signed-in window. Forms call ``announce`` after a save; views listen."""

    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)


def touches(changes: Changes, *kinds: EntityKind) -> bool:
    return any(kind in changes.entities for kind in kinds)
