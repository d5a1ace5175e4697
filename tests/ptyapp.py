"""Run the real ``briefing`` command in a pseudo-terminal and record every byte it writes."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path


class PtyApp:
    """The app in a pty of a given size; ``output`` holds all bytes it has written."""

    def __init__(self, args: list[str], size: tuple[int, int] = (80, 24),
                 env: dict[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        self.resize(*size, signal_child=False)
        full_env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        if "COLORTERM" not in (env or {}):
            full_env.pop("COLORTERM", None)
        # The size must come from the pty, not from variables another test left behind.
        full_env.pop("COLUMNS", None)
        full_env.pop("LINES", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", *args], stdin=slave, stdout=slave, stderr=slave,
            env=full_env, start_new_session=True, close_fds=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        os.close(slave)
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._buf += chunk

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._buf)

    def resize(self, cols: int, rows: int, signal_child: bool = True) -> None:
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if signal_child:
            os.killpg(self.proc.pid, signal.SIGWINCH)

    def wait_for(self, needle: bytes, timeout: float = 20.0, since: int = 0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.output[since:]:
                return True
            if self.proc.poll() is not None:
                return needle in self.output[since:]
            time.sleep(0.05)
        return False

    def send(self, keys: str | bytes, pause: float = 0.15) -> None:
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)
        time.sleep(pause)

    def quit(self, timeout: float = 10.0) -> int:
        if self.proc.poll() is None:
            self.send("q", pause=0)
        try:
            return self.proc.wait(timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self._reader.join(2)
        try:
            os.close(self.master)
        except OSError:
            pass
