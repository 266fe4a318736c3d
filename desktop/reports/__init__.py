"""Certificate PDFs (reportlab): layout, Arabic text, QR code, attachment, metadata.

No Qt and no SQL here (import-linter contracts in pyproject.toml).
"""
