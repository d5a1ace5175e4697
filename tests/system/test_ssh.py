"""A real SSH session, since that is where people read briefings.

Starts Debian's OpenSSH server on loopback with a throwaway host key and user key, then
drives ``ssh -t`` into the app through tmux: it opens the Ankara briefing, navigates and
quits cleanly, with the session's own TERM and no COLORTERM. ``.ci/run`` installs
``openssh-server`` and ``tmux``.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from apphelpers import attach_seed

pytestmark = pytest.mark.usefixtures("seed_article")  # every test here reads it

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sshd(tmp_path: Path):  # type: ignore[no-untyped-def]
    assert os.path.exists(SSHD), "openssh-server is needed for this test (.ci/run installs it)"
    assert shutil.which("tmux"), "tmux is needed for this test (.ci/run installs it)"
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host", "user"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)],
                       check=True)
    (keys / "authorized_keys").write_text((keys / "user.pub").read_text())
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {keys / 'host'}",
        f"AuthorizedKeysFile {keys / 'authorized_keys'}", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
        "PermitRootLogin prohibit-password", f"PidFile {keys / 'sshd.pid'}",
        "PermitUserEnvironment no", "AcceptEnv LANG LC_*", "",
    ]))
    Path("/run/sshd").mkdir(exist_ok=True) if os.geteuid() == 0 else None
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if proc.poll() is not None:
            pytest.fail(f"sshd did not start: {proc.stdout.read().decode()}")  # type: ignore[union-attr]
        time.sleep(0.05)
    yield port, keys
    proc.terminate()
    proc.wait(5)


class Tmux:
    def __init__(self, socket_name: str) -> None:
        self.base = ["tmux", "-L", socket_name, "-f", "/dev/null"]

    def __call__(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], check=True, capture_output=True,
                              text=True).stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "app")

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never showed; the screen was:\n{screen}")


def test_ssh_session_opens_navigates_and_quits(sshd, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port, keys = sshd
    attach_seed()
    remote = " ".join([
        "env", f"BRIEFING_DATA_DIR={shlex.quote(os.environ['BRIEFING_DATA_DIR'])}",
        f"BRIEFING_STATE_DIR={shlex.quote(os.environ['BRIEFING_STATE_DIR'])}",
        f"BRIEFING_CACHE_DIR={shlex.quote(os.environ['BRIEFING_CACHE_DIR'])}",
        shlex.quote(sys.executable), "-m", "tui",
    ])
    ssh = [
        "ssh", "-t", "-F", "/dev/null", "-i", str(keys / "user"), "-p", str(port),
        "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={keys / 'known_hosts'}",
        "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", f"{getpass.getuser()}@127.0.0.1", remote,
    ]
    tmux = Tmux(f"briefing-test-{os.getpid()}")
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "TMUX")}
    subprocess.run([*tmux.base, "new-session", "-d", "-s", "app", "-x", "100", "-y", "30",
                    shlex.join(ssh) + "; echo SESSION-ENDED $?; sleep 30"],
                   check=True, env=env)
    try:
        tmux.wait_for("Ankara peace talks")
        tmux("send-keys", "-t", "app", "2")
        tmux.wait_for("Zelensky in Athens")
        tmux("send-keys", "-t", "app", "Enter")
        screen = tmux.wait_for("Participants")
        assert "Ankara talks" in screen
        tmux("send-keys", "-t", "app", "Escape")
        tmux.wait_for("Zelensky in Athens")
        time.sleep(0.5)  # a lone ESC followed at once by q would read as alt+q
        tmux("send-keys", "-t", "app", "q")
        screen = tmux.wait_for("SESSION-ENDED")
        assert "SESSION-ENDED 0" in screen, screen
        assert "Traceback" not in screen
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True)
