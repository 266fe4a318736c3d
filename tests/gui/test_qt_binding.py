"""The installed Qt binding must not break Python's reference counting.

PySide6-Essentials 6.12.0 on CPython 3.11 drops one reference to ``None`` on every Qt call that
returns nothing (``setText``, ``show``, ``processEvents``...). A running Taslim makes such calls
all the time, and after a few tens of thousands Python aborts with "Fatal Python error:
none_dealloc: deallocating None" — a crash in the middle of someone's work. 6.11.3 does not do
this, and from Python 3.12 ``None`` is immortal (PEP 683) so the count cannot run out. Fix: pin
``PySide6-Essentials<6.12`` while Taslim runs on Python 3.11 (or move to Python 3.12).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 500


def test_qt_calls_that_return_nothing_keep_none_alive(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("تسليم")
    lost = before - sys.getrefcount(None)
    # Give back what the binding took, so that this test fails cleanly instead of aborting the
    # whole run when the interpreter shuts down.
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    assert lost < CALLS // 10, (
        f"PySide6 {pyside_version} on Python {sys.version.split()[0]} lost {lost} references "
        f"to None in {CALLS} calls: Taslim would abort after a while. Use PySide6-Essentials "
        "6.11 on Python 3.11 (or Python 3.12+)."
    )
