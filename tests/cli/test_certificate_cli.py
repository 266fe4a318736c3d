"""The certificate verbs, run as subprocesses on a demo database and checked with real tools."""

import sqlite3
import subprocess

import pytest

from tests.cli.conftest import taslim

CLERK = {"TASLIM_USER": "clerk", "TASLIM_PASSWORD": "demo-clerk"}


def waiting_handover(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT id FROM handover WHERE state = 'signed' ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture(scope="module")
def issued(demo_db, tmp_path_factory):
    path, home = demo_db
    folder = tmp_path_factory.mktemp("issued")
    pdf = folder / "certificate.pdf"
    result = taslim("--db", str(path), "certificate", "issue", "--handover",
                    waiting_handover(path), "--out", str(pdf), home=home, extra=CLERK)
    assert result.returncode == 0, result.stderr
    root = folder / "root.pem"
    assert taslim("--db", str(path), "ca", "export", "--out", str(root),
                  home=home).returncode == 0
    return pdf, root, result.stdout.strip().splitlines()[-1]


def test_issue_then_verify_with_the_database(issued, demo_db):
    pdf, _root, serial = issued
    path, home = demo_db
    assert serial.startswith("ANB-") and pdf.exists()
    result = taslim("verify", str(pdf), "--db", str(path), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid, signed by a trusted clerk" in result.stdout and serial in result.stdout


def test_verify_without_the_database_trusts_only_a_given_root(issued, tmp_path):
    pdf, root, _serial = issued
    untrusted = taslim("verify", str(pdf), home=tmp_path)
    assert untrusted.returncode == 1 and "not trusted" in untrusted.stdout
    trusted = taslim("verify", str(pdf), "--trust", str(root), home=tmp_path)
    assert trusted.returncode == 0, trusted.stdout


def test_one_changed_byte_exits_1_and_garbage_exits_2(issued, tmp_path):
    pdf, root, _serial = issued
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    result = taslim("verify", str(altered), "--trust", str(root), home=tmp_path)
    assert result.returncode == 1
    garbage = tmp_path / "notes.pdf"
    garbage.write_text("not a pdf")
    assert taslim("verify", str(garbage), home=tmp_path).returncode == 2
    assert taslim("verify", str(tmp_path / "missing.pdf"), home=tmp_path).returncode == 2


def test_the_printed_qr_verifies_offline_and_an_edit_is_refused(issued, demo_db, tmp_path):
    pdf, _root, serial = issued
    path, home = demo_db
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    page = sorted(tmp_path.glob("page*.png"))[0]
    scanned = subprocess.run(["zbarimg", "--raw", "-q", str(page)], capture_output=True,
                             text=True, check=False).stdout.strip()
    good = taslim("--db", str(path), "verify-qr", scanned, home=home)
    assert good.returncode == 0 and serial in good.stdout and "valid" in good.stdout
    edited = scanned.replace(serial, serial[:-1] + ("2" if serial[-1] != "2" else "3"))
    forged = taslim("--db", str(path), "verify-qr", edited, home=home)
    assert forged.returncode == 1 and "forged" in forged.stdout
    nonsense = taslim("--db", str(path), "verify-qr", "hello", home=home)
    assert nonsense.returncode == 1 and "not the QR code" in nonsense.stderr


def test_credentials_come_from_the_environment_never_from_arguments(demo_db, tmp_path):
    path, home = demo_db
    result = taslim("--db", str(path), "certificate", "issue", "--handover", "x", "--out",
                    str(tmp_path / "x.pdf"), home=home)
    assert result.returncode == 1
    assert "TASLIM_USER" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    officer = taslim("--db", str(path), "enrol", "request", "--out", str(tmp_path / "r"),
                     home=home, extra={"TASLIM_USER": "officer",
                                       "TASLIM_PASSWORD": "demo-officer"})
    assert officer.returncode == 3 and "may not" in officer.stderr
    again = taslim("--db", str(path), "ca", "init", home=home,
                   extra={"TASLIM_USER": "supervisor", "TASLIM_PASSWORD": "demo-supervisor",
                          "TASLIM_CA_PASSPHRASE": "another-passphrase"})
    assert again.returncode == 1 and "already holds a Command CA" in again.stderr
