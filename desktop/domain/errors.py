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


class FileRefused(TaslimError):
    """A file offered for import that cannot be taken as it is; nothing of it was written.

    ``reason`` is a stable key (for the import log, the tests and the exit code); the message is
    one translated sentence naming the problem and what to do. The caller adds the file name.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.exit_code = REFUSAL_EXIT_CODES.get(reason, 1)

    def __reduce__(self) -> tuple[type[FileRefused], tuple[str, str]]:
        # Checked in a worker process and raised again in the importer's.
        return (FileRefused, (self.reason, self.message))


# Exit codes of `taslim import` beyond the common ones (see desktop/cli.py): a file from a newer
# Taslim asks for an update, a fork in a device's history is a tamper alarm a person must see.
EXIT_NEEDS_UPDATE = 7
EXIT_TAMPER_ALARM = 8
REFUSAL_EXIT_CODES = {"newer_version": EXIT_NEEDS_UPDATE, "fork": EXIT_TAMPER_ALARM}
