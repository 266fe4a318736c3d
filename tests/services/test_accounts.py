"""Accounts, login and lockout, against a real database."""

import os
import stat

import pytest
from sqlalchemy import text

from desktop.domain.enums import Role
from desktop.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    PermissionDenied,
    ValidationError,
)
from desktop.services.accounts import LOCK_MINUTES, MAX_FAILURES, AuthService
from desktop.signing.device_keys import DeviceKeyUnavailable, secret_path
from tests.support import PASSWORD, World, make_context


@pytest.fixture
def world(tmp_path):
    context = make_context(tmp_path)
    yield World(context)
    context.close()


def test_passwords_are_argon2id_hashes(world):
    with world.context.database.read() as connection:
        hashes = connection.execute(text("SELECT password_hash FROM account")).scalars().all()
    assert len(hashes) == 3
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_login_gives_a_session_with_the_role(world):
    session = world.context.auth.login("OFFICER", PASSWORD)
    assert session.role is Role.OFFICER and session.username == "officer"


def test_wrong_password_and_unknown_user_get_the_same_sentence(world):
    with pytest.raises(AuthenticationFailed) as wrong:
        world.context.auth.login("officer", "not-the-password")
    with pytest.raises(AuthenticationFailed) as unknown:
        world.context.auth.login("nobody", "not-the-password")
    assert str(wrong.value) == str(unknown.value) == "Wrong user name or password."


def test_lockout_after_repeated_failures_then_release(world):
    now = [1_000_000]
    auth = AuthService(world.context.store, clock_ms=lambda: now[0])
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationFailed):
            auth.login("clerk", "guess")
    with pytest.raises(AccountLocked, match="locked"):
        auth.login("clerk", "guess")
    with pytest.raises(AccountLocked, match="Try again in 15 minutes"):
        auth.login("clerk", PASSWORD)  # even the right password waits
    now[0] += LOCK_MINUTES * 60_000 + 1
    assert auth.login("clerk", PASSWORD).role is Role.CLERK


def test_a_disabled_account_cannot_log_in_until_enabled(world):
    accounts = world.context.accounts
    accounts.set_active(world.supervisor, world.clerk.account_id, False)
    with pytest.raises(AuthenticationFailed, match="disabled"):
        world.context.auth.login("clerk", PASSWORD)
    accounts.set_active(world.supervisor, world.clerk.account_id, True)
    assert world.context.auth.login("clerk", PASSWORD)


def test_only_a_supervisor_manages_accounts_and_nothing_is_written_otherwise(world):
    context = world.context
    with context.database.read() as connection:
        before = connection.execute(text("SELECT count(*) FROM revision")).scalar_one()
    with pytest.raises(PermissionDenied, match="may not manage user accounts"):
        context.accounts.reset_password(world.officer, world.clerk.account_id, "new-password-1")
    with context.database.read() as connection:
        assert connection.execute(text("SELECT count(*) FROM revision")).scalar_one() == before
    context.accounts.reset_password(world.supervisor, world.clerk.account_id, "new-password-1")
    assert context.auth.login("clerk", "new-password-1")


def test_account_input_is_checked(world):
    accounts = world.context.accounts
    person_id = world.officer.person_id
    with pytest.raises(ValidationError, match="taken"):
        accounts.create_account(
            world.supervisor,
            person_id=person_id,
            username="Officer",
            role=Role.OFFICER,
            password=PASSWORD,
        )
    with pytest.raises(ValidationError, match="at least 8"):
        accounts.create_account(
            world.supervisor,
            person_id=person_id,
            username="new",
            role=Role.OFFICER,
            password="short",
        )
    with pytest.raises(ValidationError, match="one word"):
        accounts.create_account(
            world.supervisor,
            person_id=person_id,
            username="two words",
            role=Role.OFFICER,
            password=PASSWORD,
        )
    with pytest.raises(ValidationError, match="already has accounts"):
        accounts.create_first_supervisor(
            name_ar="x", name_en="x", rank="", badge="", username="second", password=PASSWORD
        )


def test_device_key_is_encrypted_at_rest_and_its_secret_private(world):
    context = world.context
    with context.database.read() as connection:
        pem = connection.execute(text("SELECT private_key_pem FROM local_device")).scalar_one()
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    secret = secret_path(context.dirs.secrets, context.device.device_id)
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    assert len(context.device.short_code) == 3


def test_without_the_key_secret_nothing_can_be_recorded(tmp_path):
    context = make_context(tmp_path)
    secret_path(context.dirs.secrets, context.device.device_id).unlink()
    from desktop.app import open_context

    reopened = open_context(context.dirs, tmp_path / "t.db", create=False)
    with pytest.raises(DeviceKeyUnavailable, match="key is not on this computer"):
        reopened.accounts.create_first_supervisor(
            name_ar="م", name_en="S", rank="", badge="", username="s", password=PASSWORD
        )
    reopened.close()
    context.close()
