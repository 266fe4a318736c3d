"""The certificate verbs of the ``taslim`` command: CA, enrolment, issuing and verifying.

Credentials never appear as plain arguments: user name and password come from TASLIM_USER and
TASLIM_PASSWORD, the CA passphrase from TASLIM_CA_PASSPHRASE, or from a prompt that does not
echo. ``verify`` exits 0 for a valid certificate signed by a trusted clerk, 1 for anything
else (altered, not signed, signer not trusted, voided, superseded) and 2 for unusable input.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.app import AppContext, open_context
from desktop.domain.errors import Cancelled, ValidationError
from desktop.i18n import _
from desktop.paths import UserDirs
from desktop.services.base import Session

VERBS = frozenset({"ca", "enrol", "certificate", "verify", "verify-qr"})
EXIT_NOT_VALID = 1
EXIT_UNUSABLE = 2


def add_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser],
              database: argparse.ArgumentParser) -> None:
    ca = verbs.add_parser("ca", help="the Command CA (supervisor)")
    ca_verbs = ca.add_subparsers(dest="action", metavar="ACTION", required=True)
    ca_verbs.add_parser("init", parents=[database], help="create the Command CA on this laptop")
    export = ca_verbs.add_parser("export", parents=[database],
                                 help="write the root certificate (PEM) to give to readers")
    export.add_argument("--out", type=Path, required=True)
    sign = ca_verbs.add_parser("sign", parents=[database],
                               help="sign an enrolment request file into an answer file")
    sign.add_argument("request", type=Path)
    sign.add_argument("--out", type=Path, required=True)

    enrol = verbs.add_parser("enrol", help="a clerk's signing certificate")
    enrol_verbs = enrol.add_subparsers(dest="action", metavar="ACTION", required=True)
    request = enrol_verbs.add_parser("request", parents=[database],
                                     help="make a signing key and write the request file")
    request.add_argument("--out", type=Path, required=True)
    request.add_argument("--device", action="store_true",
                         help="for this laptop's own key instead of a clerk's signing key")
    answer = enrol_verbs.add_parser("import", parents=[database],
                                    help="import the supervisor's answer file")
    answer.add_argument("answer", type=Path)
    answer.add_argument("--device", action="store_true",
                        help="the answer to this laptop's own request")

    certificate = verbs.add_parser("certificate", help="handover certificates (clerk)")
    certificate_verbs = certificate.add_subparsers(dest="action", metavar="ACTION", required=True)
    issue = certificate_verbs.add_parser("issue", parents=[database],
                                         help="issue and sign the certificate of a handover")
    issue.add_argument("--handover", required=True, metavar="ID")
    issue.add_argument("--out", type=Path, required=True)

    verify = verbs.add_parser("verify", parents=[database],
                              help="check a certificate PDF (exit 0 valid and trusted)")
    verify.add_argument("file", type=Path)
    verify.add_argument("--trust", type=Path, action="append", default=[], metavar="ROOT.pem",
                        help="a Command CA certificate to trust (repeatable)")
    verify_qr = verbs.add_parser("verify-qr", parents=[database],
                                 help="check the text scanned from a certificate's QR code")
    verify_qr.add_argument("text")


def run(arguments: argparse.Namespace, dirs: UserDirs, database_path: Path) -> int:
    if arguments.verb == "verify" and getattr(arguments, "db", None) is None:
        return _verify_without_database(arguments)
    # A new laptop's database is made by its enrolment request, the first step of setting it up.
    setting_up = arguments.verb == "enrol" and arguments.action == "request" and arguments.device
    context = open_context(dirs, database_path, create=setting_up)
    try:
        return _dispatch(arguments, context)
    finally:
        context.close()


def _dispatch(arguments: argparse.Namespace, context: AppContext) -> int:
    verb, action = arguments.verb, getattr(arguments, "action", None)
    if verb == "ca" and action == "init":
        session = _sign_in(context)
        anchor = context.enrolment.create_command_ca(session, _secret(
            "TASLIM_CA_PASSPHRASE", _("New Command CA passphrase: "), confirm=True)).value
        print(_("Command CA created; fingerprint {fingerprint}.").format(
            fingerprint=anchor.fingerprint))
    elif verb == "ca" and action == "export":
        _write(arguments.out, context.enrolment.export_root())
    elif verb == "ca" and action == "sign":
        session = _sign_in(context)
        answer = context.enrolment.sign_request(
            session, _secret("TASLIM_CA_PASSPHRASE", _("Command CA passphrase: ")),
            _read(arguments.request))
        _write(arguments.out, answer)
    elif verb == "enrol" and action == "request" and arguments.device:
        # A new laptop is enrolled before headquarters' data (and so any account) is in it.
        maybe = _sign_in(context) if context.auth.has_accounts() else None
        _write(arguments.out, context.enrolment.request_device_certificate(maybe,
                                                                            context.device))
    elif verb == "enrol" and action == "request":
        session, password = _sign_in_with_password(context)
        _write(arguments.out, context.enrolment.request_signing_key(session, password))
    elif verb == "enrol" and action == "import":
        answer_file = _read(arguments.answer)
        if arguments.device:
            device_session = _sign_in(context) if context.auth.has_accounts() else None
            certificate = context.enrolment.import_device_answer(
                device_session, context.device, answer_file).value
        else:
            certificate = context.enrolment.import_answer(_sign_in(context), answer_file).value
        print(_("Signing certificate imported; key {key}.").format(key=certificate.key_id))
    elif verb == "certificate" and action == "issue":
        session, password = _sign_in_with_password(context)
        signer = context.certificates.unlock(session, password)
        issued = context.certificates.issue(session, arguments.handover, signer).value
        _write(arguments.out, issued.pdf)
        print(issued.certificate.serial)
    elif verb == "verify":
        return _verify(arguments, context)
    elif verb == "verify-qr":
        check = context.certificates.check_qr(arguments.text)
        print(_("{serial}: {verdict} (signer: {signer})").format(
            serial=check.payload.serial, verdict=check.verdict.value,
            signer=check.signer or "-"))
        return 0 if check.verdict.value == "valid" else EXIT_NOT_VALID
    return 0


def _verify(arguments: argparse.Namespace, context: AppContext) -> int:
    pdf = _read_or_unusable(arguments.file)
    if pdf is None:
        return EXIT_UNUSABLE
    check = context.certificates.check_file(pdf, [_read(p) for p in arguments.trust])
    return _report(arguments.file, check.verdict.value, check.signer, check.serial)


def _verify_without_database(arguments: argparse.Namespace) -> int:
    from desktop.signing.pdf_signing import check_pdf, read_serial

    pdf = _read_or_unusable(arguments.file)
    if pdf is None:
        return EXIT_UNUSABLE
    check = check_pdf(pdf, [_read(p) for p in arguments.trust])
    return _report(arguments.file, check.verdict.value, check.signer, read_serial(pdf))


def _report(path: Path, verdict: str, signer: str | None, serial: str | None) -> int:
    sentences = {
        "valid_trusted": _("valid, signed by a trusted clerk"),
        "valid_untrusted": _("intact, but the signer is not trusted here"),
        "altered": _("ALTERED after signing: do not rely on it"),
        "not_signed": _("not signed"),
        "unreadable": _("not a readable PDF"),
        "voided": _("signed, but the certificate was VOIDED"),
        "superseded": _("signed, but SUPERSEDED by a later certificate"),
    }
    print(_("{file}: {verdict}. Serial: {serial}. Signer: {signer}.").format(
        file=path.name, verdict=sentences[verdict], serial=serial or "-", signer=signer or "-"))
    if verdict == "unreadable":
        return EXIT_UNUSABLE
    return 0 if verdict == "valid_trusted" else EXIT_NOT_VALID


def _read_or_unusable(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as error:
        print(_("Cannot read {path}: {reason}.").format(path=path, reason=error.strerror),
              file=sys.stderr)
        return None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(_("Cannot read {path}: {reason}.").format(
            path=path, reason=error.strerror)) from None


def _write(path: Path, data: bytes) -> None:
    """Write under a temporary name, then rename: a pulled USB stick never leaves half a file."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        raise ValidationError(_("Cannot write {path}: {reason}.").format(
            path=path, reason=error.strerror)) from None
    print(_("Written: {path}").format(path=path))


def _secret(variable: str, prompt: str, confirm: bool = False) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(
            _("Set {variable}, or run this in a terminal to be asked.").format(variable=variable))
    try:
        value = getpass.getpass(prompt)
        if confirm and getpass.getpass(_("Again: ")) != value:
            raise ValidationError(_("The two entries differ; nothing was changed."))
    except (EOFError, KeyboardInterrupt):
        raise Cancelled from None
    return value


def _sign_in_with_password(context: AppContext) -> tuple[Session, str]:
    username = os.environ.get("TASLIM_USER") or (
        input(_("User name: ")) if sys.stdin.isatty() else "")
    if not username:
        raise ValidationError(_("Set TASLIM_USER, or run this in a terminal to be asked."))
    password = _secret("TASLIM_PASSWORD", _("Password: "))
    return context.auth.login(username, password), password


def _sign_in(context: AppContext) -> Session:
    return _sign_in_with_password(context)[0]

