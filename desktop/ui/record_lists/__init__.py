"""The officer's lists of records: inspections (drafts first, then paged) and handovers.

The inspection and handover packages return these pages from their ``create_page``; they
import them from the modules (``record_lists.inspections``, ``record_lists.handovers``) so that
importing ``record_lists.display`` alone does not bring the pages, and the list export the
pages use can use the display helpers.
"""
