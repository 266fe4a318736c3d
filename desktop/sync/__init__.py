"""Sync between field laptops and headquarters: bundle and receipt files, and their checks.

No SQL and no Qt here: this package reads and writes files and checks what is in them. The
services in ``desktop.services.sync_export`` / ``sync_import`` bring it together with storage.
"""
