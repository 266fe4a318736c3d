"""The officer's lists of records: inspections (drafts first, then paged) and handovers.

The inspection and handover packages return these pages from their ``create_page``.
"""

from __future__ import annotations

from desktop.ui.record_lists.handovers import HandoverListPage
from desktop.ui.record_lists.inspections import InspectionListPage

__all__ = ["HandoverListPage", "InspectionListPage"]
