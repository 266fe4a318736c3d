"""Canonical JSON (RFC 8785) and sha256, so that hashes agree on every machine."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785


def canonical_bytes(value: Any) -> bytes:
    return bytes(rfc8785.dumps(value))


def canonical_text(value: Any) -> str:
    return canonical_bytes(value).decode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_json(text: str) -> Any:
    return json.loads(text)
