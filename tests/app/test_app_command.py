"""``servicecircle app`` gives Streamlit the server's upload limit (issue 10)."""

from __future__ import annotations

import subprocess
import tomllib

import pytest

from servicecircle.cli import main
from servicecircle.limits import Limits
from tests.app.conftest import REPO


def _started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run ``servicecircle app`` with Streamlit replaced; return its command line."""
    calls: list[list[str]] = []

    def call(command: list[str], **kwargs: object) -> int:
        calls.append(command)
        return 0

    monkeypatch.setattr(subprocess, "call", call)
    assert main(["app", "--headless", "--port", "8765"]) == 0
    (command,) = calls
    return command


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_upload_size_follows_the_administrators_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", "50")
    command = _started(monkeypatch)
    assert _option(command, "--server.maxUploadSize") == "50"
    assert _option(command, "--server.port") == "8765"
    assert _option(command, "--server.headless") == "true"


def test_a_fractional_limit_is_rounded_up_to_whole_megabytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", "0.2")
    assert _option(_started(monkeypatch), "--server.maxUploadSize") == "1"


def test_the_default_limit_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SERVICECIRCLE_MAX_FILE_MB", raising=False)
    assert _option(_started(monkeypatch), "--server.maxUploadSize") == "500"


def test_streamlit_run_alone_uses_the_default_limit() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == Limits().file_mb == 500  # a county extract
