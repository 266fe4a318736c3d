"""Accounts: argon2id passwords, login with lockout, and supervisor administration."""

from __future__ import annotations

from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from desktop.domain.clock import now_ms
from desktop.domain.entities import Account, Person
from desktop.domain.enums import EntityKind, Role
from desktop.domain.errors import AccountLocked, AuthenticationFailed, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action
from desktop.i18n import _, ngettext
from desktop.services.base import Outcome, Session, Store
from desktop.storage.engine import Connection
from desktop.storage.queries import (
    count_current,
    find_account,
    load_entity,
    login_failures,
    set_login_failures,
)

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("A password needs at least {count} characters.").format(count=MIN_PASSWORD_LENGTH),
            "password",
        )
    return _hasher.hash(password)


def _session(account: Account, person: Person) -> Session:
    return Session(
        account_id=account.id,
        person_id=person.id,
        username=account.username,
        role=account.role,
        name_ar=person.name_ar,
        name_en=person.name_en,
    )


class AuthService:
    def __init__(self, store: Store, clock_ms: Callable[[], int] = now_ms) -> None:
        self._store = store
        self._clock_ms = clock_ms

    def has_accounts(self) -> bool:
        with self._store.read() as connection:
            return count_current(connection, EntityKind.ACCOUNT) > 0

    def login(self, username: str, password: str) -> Session:
        username = username.strip()
        if not username or not password:
            raise AuthenticationFailed(_("Enter your user name and password."))
        # The failure count must be committed even though the login fails, so the outcome is
        # decided inside the transaction and raised only after it has been committed.
        with self._store.database.write() as connection:
            outcome = self._attempt(connection, username, password)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _attempt(
        self, connection: Connection, username: str, password: str
    ) -> Session | AuthenticationFailed:
        failures, locked_until = login_failures(connection, username)
        now = self._clock_ms()
        if locked_until > now:
            minutes = max(1, -(-(locked_until - now) // 60000))
            return AccountLocked(
                ngettext(
                    "Too many failed attempts. Try again in {count} minute, or ask a "
                    "supervisor to reset the password.",
                    "Too many failed attempts. Try again in {count} minutes, or ask a "
                    "supervisor to reset the password.",
                    minutes,
                ).format(count=minutes)
            )
        account = find_account(connection, username)
        person = None
        if account is not None:
            found = load_entity(connection, EntityKind.PERSON, account.person_id)
            person = found if isinstance(found, Person) else None
        if account is None or person is None or not _verify(account.password_hash, password):
            failures += 1
            lock = now + LOCK_MINUTES * 60000 if failures >= MAX_FAILURES else 0
            set_login_failures(connection, username, 0 if lock else failures, lock)
            if lock:
                return AccountLocked(
                    _(
                        "Too many failed attempts: this account is locked for {minutes} minutes."
                    ).format(minutes=LOCK_MINUTES)
                )
            return AuthenticationFailed(_("Wrong user name or password."))
        if not account.active:
            return AuthenticationFailed(
                _("This account is disabled. Ask a supervisor to enable it.")
            )
        set_login_failures(connection, username, 0, 0)
        return _session(account, person)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class AccountService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create_first_supervisor(
        self, *, name_ar: str, name_en: str, rank: str, badge: str, username: str, password: str
    ) -> Outcome[Session]:
        """Only while no account exists: the person setting up a new installation."""
        with self._store.change(None, None) as changes:
            if count_current(changes.connection, EntityKind.ACCOUNT) > 0:
                raise ValidationError(_("This database already has accounts; sign in instead."))
            person = Person(
                uuid7(), name_ar.strip(), name_en.strip(), rank.strip(), badge.strip(), None
            )
            _require_names(person)
            account = self._new_account(
                changes.connection, person.id, username, Role.SUPERVISOR, password
            )
            changes.put(person)
            changes.put(account)
        return Outcome(_session(account, person), self._store.report(changes.drafts))

    def create_account(
        self, session: Session, *, person_id: str, username: str, role: Role, password: str
    ) -> Outcome[Account]:
        with self._store.change(session, Action.MANAGE_ACCOUNTS) as changes:
            changes.load(Person, person_id)
            account = self._new_account(changes.connection, person_id, username, role, password)
            changes.put(account)
        return Outcome(account, self._store.report(changes.drafts))

    def set_active(self, session: Session, account_id: str, active: bool) -> Outcome[Account]:
        with self._store.change(session, Action.MANAGE_ACCOUNTS) as changes:
            account = changes.load(Account, account_id).replace(active=active)
            if account.id == session.account_id and not active:
                raise ValidationError(_("You cannot disable your own account."))
            changes.put(account)
        return Outcome(account, self._store.report(changes.drafts))

    def reset_password(self, session: Session, account_id: str, password: str) -> Outcome[Account]:
        with self._store.change(session, Action.MANAGE_ACCOUNTS) as changes:
            account = changes.load(Account, account_id).replace(
                password_hash=hash_password(password)
            )
            changes.put(account)
            set_login_failures(changes.connection, account.username, 0, 0)
        return Outcome(account, self._store.report(changes.drafts))

    @staticmethod
    def _new_account(
        connection: Connection, person_id: str, username: str, role: Role, password: str
    ) -> Account:
        username = username.strip()
        if not username or len(username) > 64 or any(c.isspace() for c in username):
            raise ValidationError(
                _("A user name is one word of up to 64 letters or digits."), "username"
            )
        if find_account(connection, username) is not None:
            raise ValidationError(
                _("The user name “{name}” is taken; choose another.").format(name=username),
                "username",
            )
        return Account(uuid7(), person_id, username, role, hash_password(password), True)


def _require_names(person: Person) -> None:
    if not person.name_ar or not person.name_en:
        raise ValidationError(_("Enter the name in Arabic and in English."), "name")
