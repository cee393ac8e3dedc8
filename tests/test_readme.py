"""Every CLI command is documented in the README."""

from __future__ import annotations

from convo_nlp.cli.main import app

from conftest import REPO


def test_every_command_appears_in_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands]
    assert len(names) >= 6
    for name in names:
        assert f"convo {name}" in readme, name
