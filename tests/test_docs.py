"""Documentation that cannot rot: every command has help text and appears in the README."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import ROOT

from govkg.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_the_readme():
    for name, command in main.commands.items():
        assert command.help, f"govkg {name} has no help text"
        assert f"govkg {name}" in README, f"README does not show govkg {name}"
        r = CliRunner().invoke(main, [name, "--help"])
        assert r.exit_code == 0 and "Usage:" in r.output


def test_the_flags_for_hostile_input_are_documented():
    help_text = CliRunner().invoke(main, ["extract", "--help"]).output
    for flag in ("--strict", "--skip-unchanged", "--encoding"):
        assert flag in README and flag in help_text, flag
    assert "## Input" in README
