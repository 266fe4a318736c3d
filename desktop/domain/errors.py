"""The three kinds of failure (after Electrum).

* ``Cancelled``: the person stopped the work; nothing is shown.
* ``TaslimError`` and its subclasses: user-facing; ``str(error)`` is one translated sentence that
  says what is wrong and what to do.
* anything else: unexpected; logged and shown once with details that can be copied.
"""

from __future__ import annotations


class Cancelled(Exception):
    """The person cancelled; silent."""


class TaslimError(Exception):
    """A user-facing problem with a translated message. ``exit_code`` is used by the CLI."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(TaslimError):
    """Input that cannot be accepted; ``field`` names the input when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PermissionDenied(TaslimError):
    exit_code = 3


class AuthenticationFailed(TaslimError):
    exit_code = 3


class AccountLocked(AuthenticationFailed):
    pass


class NotFound(TaslimError):
    pass


class IllegalTransition(TaslimError):
    pass


class FrozenRecord(TaslimError):
    """A signed revision is immutable: the change must be an amendment."""


class DatabaseProblem(TaslimError):
    """The database file cannot be used as it is; nothing was changed in it."""

    exit_code = 4
