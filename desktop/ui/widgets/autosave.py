"""Autosave: a form's state is kept as a local draft every few seconds and when it closes.

A form tells the ``Autosaver`` when something changed (``mark_dirty``); a few seconds later the
autosaver asks the form for its state (a JSON-able dict) and writes it with
``DraftService.save``, which commits with ``synchronous=FULL``: after a power cut the last
autosave is on disk. While someone keeps typing, a save still happens every interval, because the
timer is started by the first change and not restarted by later ones.

The write is small (one row) and runs on the GUI thread on purpose: the state must be read from
the widgets anyway, and a draft written from a worker could race with the form closing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from desktop.domain.errors import TaslimError
from desktop.services.base import Session
from desktop.services.drafts import DraftService

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 3000


class Autosaver(QObject):
    """Saves ``state()`` under ``key`` through the draft service whenever it is dirty.

    ``saved(key)`` is emitted after each successful write; ``failed(error)`` when a write was
    refused (the autosaver stays dirty and tries again at the next interval).
    """

    saved = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        drafts: DraftService,
        session: Session,
        *,
        key: str,
        kind: str,
        state: Callable[[], dict[str, Any]],
        title: Callable[[], str],
        interval_ms: int = AUTOSAVE_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._drafts = drafts
        self._session = session
        self.key = key
        self.kind = kind
        self._state = state
        self._title = title
        self._dirty = False
        self._stopped = False
        self.last_error: BaseException | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        app = QCoreApplication.instance()
        if app is not None:
            # The application quitting (or the main window going away) must not cost the last
            # few seconds of typing.
            app.aboutToQuit.connect(self.flush)

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @Slot()
    def mark_dirty(self) -> None:
        if self._stopped:
            return
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def mark_clean(self) -> None:
        """What the draft holds is what the form shows (e.g. just restored from it)."""
        self._dirty = False
        self._timer.stop()

    @Slot()
    def flush(self) -> bool:
        """Write now if anything changed since the last write; True when nothing is left unsaved."""
        if not self._dirty or self._stopped:
            return True
        return self.write()

    def write(self) -> bool:
        """Write the current state whether or not it changed (e.g. after a save elsewhere)."""
        if self._stopped:
            return False
        self._timer.stop()
        try:
            self._drafts.save(self._session, self.key, self.kind, self._title(), self._state())
        except TaslimError as error:  # e.g. the database is busy: try again at the next interval
            return self._retry_later(error)
        except Exception as error:  # never let autosave take the form down; the log keeps it
            log.exception("autosave of %s failed", self.key)
            return self._retry_later(error)
        self._dirty = False
        self.last_error = None
        self.saved.emit(self.key)
        return True

    def discard(self) -> None:
        """Forget the local draft (the work is now in a saved revision)."""
        self._dirty = False
        self._timer.stop()
        try:
            self._drafts.discard(self._session, self.key)
        except TaslimError as error:
            log.warning("could not discard draft %s: %s", self.key, error)

    def stop(self) -> None:
        """No more writes from this autosaver (its form is gone)."""
        self._timer.stop()
        self._stopped = True

    def _retry_later(self, error: BaseException) -> bool:
        self._dirty = True
        self.last_error = error
        self._timer.start()
        self.failed.emit(error)
        return False
