"""``briefing serve``'s arguments: loopback unless --public (with a warning), one clear
line for each bad argument and nothing served, and each connection's command quoted."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

import tui.serve
from tui import cli
from tui.serve import is_loopback, open_command


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What ``briefing serve`` would serve (the server itself is never started here)."""
    calls: list[dict[str, Any]] = []

    def fake_serve(path: Path, **options: Any) -> None:
        calls.append({"path": path, **options})

    monkeypatch.setattr(tui.serve, "serve", fake_serve)
    return calls


def test_serve_listens_on_loopback_port_8000_by_default(
        served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve"]) == 0
    (call,) = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 8000)
    assert call["path"].name == "ankara.json" and call["path"].is_absolute()
    assert capsys.readouterr().err == ""


def test_another_host_without_public_is_refused_and_nothing_is_served(
        served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 1
    assert served == []
    err = capsys.readouterr().err
    assert err.startswith("--host: 0.0.0.0 is reachable from other machines and textual-serve "
                          "has no login: add --public")
    assert err.count("\n") == 1


def test_public_serves_another_host_with_a_warning_that_there_is_no_login(
        served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--host", "0.0.0.0", "--public", "--port", "8080"]) == 0
    assert [(c["host"], c["port"]) for c in served] == [("0.0.0.0", 8080)]
    err = capsys.readouterr().err
    assert "warning: serving on 0.0.0.0" in err and "textual-serve has no login" in err


@pytest.mark.parametrize(("args", "message"), [
    (["serve", "nowhere.json"], "nowhere.json: no such file or folder"),
    (["serve", "--port", "70000"], "--port: 70000 is not a port (1-65535)"),
    (["serve", "--reader-header", " "], "--reader-header: needs a header name"),
    (["serve", "--reader", "\x1b[31m"], "--reader: needs a name (printable text)"),
])
def test_a_bad_argument_is_one_line_naming_it_and_nothing_is_served(
        served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
        args: list[str], message: str) -> None:
    assert cli.main(args) == 1
    assert served == []
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_briefing_no_connection_could_open_is_reported_before_serving(
        served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    bad = Path(__file__).resolve().parents[1] / "data" / "bad" / "dangling-refs.json"
    assert cli.main(["serve", str(bad)]) == 1
    assert served == []
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}: actors/1.sources[0]: 'elsewhere#p1.s1' names no source of this briefing",
        f"{bad}: events/1.links[1]: no entry has the id 'ghost'"]


def test_the_reader_option_is_every_connections_reader(
        served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_READER", "")  # so that what main sets is undone after
    assert cli.main(["serve", "--reader", "  Grace  Hopper "]) == 0
    import os

    assert os.environ["BRIEFING_READER"] == "Grace Hopper"  # the connections inherit it


def test_loopback_names_and_addresses_are_told_from_others() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "10.0.0.1", "example.org", ""]))


@pytest.mark.parametrize("name", ["carol'; touch pwned; echo '$(id)", "-bob"])
def test_a_connections_reader_reaches_the_command_as_one_quoted_argument(name: str) -> None:
    command = open_command(Path("/srv/b f.json"), True, name)
    argv = shlex.split(command)
    assert argv == [sys.executable, "-m", "tui", "open", "/srv/b f.json", "--read-only",
                    f"--reader={name}"]
    from tui.cli import _parser

    assert _parser().parse_args(argv[3:]).reader == name  # never read as an option
