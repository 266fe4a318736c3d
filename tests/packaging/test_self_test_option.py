"""`taslim --self-test`, the option form a packaged build is checked with, from source."""

from __future__ import annotations

from tests.cli.conftest import taslim


def test_the_option_does_what_the_command_does(tmp_path):
    result = taslim("--self-test", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "OK"
    assert "qt: offscreen platform" in lines
    assert (tmp_path / "home" / "data" / "taslim.db").is_file()  # the default database


def test_the_option_with_another_command_is_wrong_use(tmp_path):
    result = taslim("--self-test", "demo", "--db", str(tmp_path / "d.db"), home=tmp_path)
    assert result.returncode == 2
    assert "--self-test takes no command; give one or the other." in result.stderr
    assert not (tmp_path / "d.db").exists()
