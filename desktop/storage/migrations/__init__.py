"""Alembic migrations, run programmatically on open (``render_as_batch`` for SQLite)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def revisions_in_order() -> list[str]:
    """Every schema revision, the first one first."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


def upgrade(connection: Connection, target: str = "head") -> None:
    command.upgrade(_config(connection), target)
