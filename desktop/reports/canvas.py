"""A reportlab canvas for pages that say "page X of Y": the count is known only at the end."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas


class PageCountingCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds finished pages until save, then lets ``furnish`` draw on each what needs the count.

    Subclasses draw in ``furnish``; ``page_written`` runs after each page is emitted (for
    changes to reportlab's page object).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self.furnish(number, total)
            super().showPage()
            self.page_written()
        super().save()

    def furnish(self, number: int, total: int) -> None:
        raise NotImplementedError

    def page_written(self) -> None:
        """Nothing by default."""
