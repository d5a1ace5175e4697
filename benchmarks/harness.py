"""Measuring a terminal program the way a person sees it.

``TmuxPane``: one pane of a detached tmux session on a private socket, at a fixed size,
driven through a single control-mode client (``tmux -C``): capturing the screen costs a
round trip on a pipe (well under a millisecond) instead of a new ``tmux`` process, so
polling every few milliseconds does not steal the CPU the measured app needs.

``PtyRecorder``: a program in a pseudo-terminal of a given size, every byte it writes
recorded (for bytes-per-keystroke).

``wait_for`` and ``settle``: poll a pane until a predicate holds (first frame) or until the
screen has stopped changing after a keystroke (keystroke to screen).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import queue
import re
import secrets
import shlex
import shutil
import signal
import stat
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "TmuxPane", "TmuxError", "PtyRecorder", "Settled", "wait_for", "settle", "read_status_kb",
    "tmux_available", "cpu_seconds", "wait_cpu_idle", "process_alive",
]

clock = time.monotonic


class TmuxError(RuntimeError):
    pass


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


def _tmux_quote(arg: str) -> str:
    """One argument for tmux's command parser (double quotes: \\, \", $ and ~ escaped)."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


def _terminal_name() -> str:
    for name in ("tmux-256color", "screen-256color"):
        try:
            if subprocess.run(["infocmp", name], capture_output=True).returncode == 0:
                return name
        except OSError:  # no infocmp
            break
    return "screen"


class TmuxPane:
    """A detached one-pane tmux session of ``cols`` x ``rows`` on a private socket.

    The pane idles in ``sleep`` until ``respawn`` runs a program in it; ``remain-on-exit``
    keeps the pane (and so the session) when a program ends.
    """

    IDLE = "exec sleep 2147483647"

    def __init__(self, cols: int = 120, rows: int = 40, env: dict[str, str] | None = None,
                 socket_name: str | None = None, cwd: str | os.PathLike[str] | None = None) -> None:
        if not tmux_available():
            raise TmuxError("tmux is not installed")
        self.cols, self.rows = cols, rows
        self.socket = socket_name or f"briefing-bench-{os.getpid()}-{secrets.token_hex(3)}"
        self.base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        self.target = "bench"
        self.cwd = str(cwd) if cwd is not None else os.getcwd()
        full_env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        full_env.update(env or {})
        self._env = full_env
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", self.target, "-x", str(cols), "-y", str(rows),
             self.IDLE, ";", "set-option", "-g", "remain-on-exit", "on",
             ";", "set-option", "-g", "window-size", "manual",
             ";", "set-option", "-g", "default-terminal", _terminal_name(),
             ";", "set-option", "-g", "status", "off",
             ";", "set-option", "-g", "escape-time", "0"],
            check=True, env=full_env, capture_output=True,
        )
        try:
            self._attach(cols, rows)
        except BaseException:
            subprocess.run([*self.base, "kill-server"], capture_output=True, env=full_env)
            raise

    def _attach(self, cols: int, rows: int) -> None:
        # status off frees the bottom line: the pane is the whole window, cols x rows.
        subprocess.run([*self.base, "resize-window", "-t", self.target, "-x", str(cols),
                        "-y", str(rows)], env=self._env, capture_output=True)
        self._proc = subprocess.Popen(
            [*self.base, "-C", "attach-session", "-t", self.target],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=self._env, bufsize=0,
        )
        self._replies: queue.Queue[tuple[bool, list[str]] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._await_reply(10.0)  # the reply to attach-session itself
        self.command("refresh-client", "-f", "no-output")
        self._socket_path = (self.command("display-message", "-p", "#{socket_path}") or [""])[0]
        size = self.command("display-message", "-p", "-t", self.target,
                            "#{pane_width}x#{pane_height}")
        if size != [f"{cols}x{rows}"]:
            raise TmuxError(f"the pane is {size}, not {cols}x{rows}")

    # ------------------------------------------------------------ control client
    _GUARD = re.compile(r"^%(begin|end|error) (\d+) (\d+) (\d+)$")

    def _read(self) -> None:
        """Collect each command's output between its ``%begin`` and the matching ``%end``
        (same command number, so a screen line that looks like a guard is just output)."""
        assert self._proc.stdout is not None
        block: list[str] | None = None
        number = None
        for raw in self._proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            guard = self._GUARD.match(line)
            if block is None:
                if guard and guard.group(1) == "begin":
                    block, number = [], guard.group(3)
                elif line.startswith("%exit"):
                    break
                continue
            if guard and guard.group(1) != "begin" and guard.group(3) == number:
                self._replies.put((guard.group(1) == "end", block))
                block = None
            else:
                block.append(line)
        self._replies.put(None)

    def _await_reply(self, timeout: float) -> tuple[bool, list[str]]:
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            raise TmuxError(f"no answer from tmux in {timeout}s") from None
        if reply is None:
            raise TmuxError("the tmux control client ended")
        return reply

    def command(self, *args: str, timeout: float = 10.0) -> list[str]:
        """Run one tmux command through the control client; its output lines."""
        assert self._proc.stdin is not None
        line = " ".join(_tmux_quote(a) for a in args) + "\n"
        self._proc.stdin.write(line.encode("utf-8"))
        ok, lines = self._await_reply(timeout)
        if not ok:
            raise TmuxError(f"tmux {' '.join(args)}: {' '.join(lines)}")
        return lines

    # ------------------------------------------------------------------- screen
    def capture(self) -> str:
        """The pane's text as a person sees it (no attributes), one line per row."""
        return "\n".join(self.command("capture-pane", "-p", "-t", self.target))

    def respawn(self, argv: Sequence[str], env: dict[str, str] | None = None) -> float:
        """Run ``argv`` in the pane (replacing what runs there); returns the start time.

        The program is ``exec``-ed by the shell, so the pane's pid is the program's.
        """
        shell = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        cmd = f"exec {'env ' + shell + ' ' if shell else ''}{shlex.join(argv)}"
        started = clock()
        self.command("respawn-pane", "-k", "-t", self.target, "-c", self.cwd, cmd)
        return started

    def pid(self) -> int:
        return int(self.command("display-message", "-p", "-t", self.target, "#{pane_pid}")[0])

    def dead(self) -> bool:
        return self.command("display-message", "-p", "-t", self.target, "#{pane_dead}") == ["1"]

    def send_keys(self, *keys: str, literal: bool = False) -> float:
        """Type keys into the pane (tmux key names, or literal text); returns the send time."""
        args = ["send-keys", "-t", self.target, *(["-l"] if literal else []), *keys]
        sent = clock()
        self.command(*args)
        return sent

    def idle(self, timeout: float = 10.0) -> None:
        """Stop whatever runs in the pane and wait for a blank screen."""
        self.command("respawn-pane", "-k", "-t", self.target, self.IDLE)
        self.command("clear-history", "-t", self.target)
        deadline = clock() + timeout
        while clock() < deadline:
            if not self.capture().strip():
                return
            time.sleep(0.01)
        raise TmuxError("the pane did not clear")

    def close(self) -> None:
        try:
            if self._proc.poll() is None and self._proc.stdin is not None:
                try:
                    self._proc.stdin.close()
                except OSError:
                    pass
                try:
                    self._proc.wait(3)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(3)
        finally:
            subprocess.run([*self.base, "kill-server"], capture_output=True, env=self._env)
            self._remove_socket()

    def _remove_socket(self) -> None:
        """tmux leaves its socket file behind; ours has a private name, so it goes."""
        path = getattr(self, "_socket_path", "")
        if path and Path(path).name == self.socket:
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.lstat(path).st_mode):
                    os.unlink(path)

    def __enter__(self) -> TmuxPane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------- polling
@dataclass
class Waited:
    elapsed: float | None  # seconds from ``started`` to the capture that satisfied it
    screen: str
    first_paint: float | None = None  # first capture with anything on it
    captures: int = 0


def wait_for(pane: TmuxPane, started: float, predicate: Callable[[str], bool],
             timeout: float = 120.0, poll: float = 0.005, pid: int | None = None) -> Waited:
    """Poll the pane every ``poll`` seconds until ``predicate(screen)``.

    ``elapsed`` is None on timeout, or as soon as process ``pid`` (if given) has ended."""
    first_paint = None
    screen = ""
    n = 0
    while True:
        screen = pane.capture()
        now = clock()
        n += 1
        if first_paint is None and screen.strip():
            first_paint = now - started
        if predicate(screen):
            return Waited(now - started, screen, first_paint, n)
        if now - started > timeout or (pid is not None and not process_alive(pid)):
            return Waited(None, pane.capture(), first_paint, n)
        time.sleep(poll)


def process_alive(pid: int) -> bool:
    """True while the process runs (not ended, not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@dataclass
class Settled:
    """What one keystroke did to the screen, in seconds after it was sent."""

    first_change: float | None  # the first visible change (often the echo)
    last_change: float | None  # the last change before the screen went quiet: the result
    screen: str
    verified: bool = True  # the final screen is the expected one
    timed_out: bool = False
    changes: int = 0
    notes: list[str] = field(default_factory=list)


def settle(pane: TmuxPane, before: str, sent: float, *, quiet: float = 0.4,
           timeout: float = 60.0, poll: float = 0.005,
           ready: Callable[[str], bool] | None = None,
           verify: Callable[[str], bool] | None = None, patience: float = 3.0) -> Settled:
    """Poll until the screen has not changed for ``quiet`` seconds after a keystroke.

    ``ready(screen)`` must hold before it may settle (e.g. the echo is on screen).
    ``verify(screen)`` is the expected result; until it holds the wait goes on for up to
    ``patience`` times ``quiet`` of quiet (the result is then marked unverified).
    """
    prev = before
    first = last = None
    changes = 0
    while True:
        screen = pane.capture()
        now = clock()
        if screen != prev:
            changes += 1
            if first is None:
                first = now
            last = now
            prev = screen
        if last is not None and now - last >= quiet and (ready is None or ready(prev)):
            ok = verify is None or verify(prev)
            if ok or now - last >= quiet * patience:
                return Settled(first - sent, last - sent, prev, ok, False, changes)  # type: ignore[operator]
        if now - sent > timeout:
            return Settled(None if first is None else first - sent,
                           None if last is None else last - sent, prev, False, True, changes)
        time.sleep(poll)


def read_status_kb(pid: int, field_name: str = "VmHWM") -> int | None:
    """A ``/proc/PID/status`` memory field in kB (VmHWM: peak resident set), or None."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(rf"^{field_name}:\s+(\d+)\s+kB", text, re.M)
    return int(m.group(1)) if m else None


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_cpu_idle(pid: int, window: float = 0.5, busy: float = 0.05,
                  timeout: float = 120.0, sample: float = 0.02) -> float | None:
    """Wait until the process has used less than ``busy`` of a CPU for ``window`` seconds.

    Returns when its work ended: the last moment its CPU time grew before that quiet
    window (``clock()`` time; CPU time is counted in ticks of 10 ms, so this is as exact as
    the sampling), or None on timeout or when the process is gone.
    """
    deadline = clock() + timeout
    samples: list[tuple[float, float]] = []
    while clock() < deadline:
        cpu = cpu_seconds(pid)
        if cpu is None:
            return None
        now = clock()
        samples.append((now, cpu))
        if now - samples[0][0] >= window:
            # The quiet window: samples from now - window on.
            start = next(i for i, (t, _) in enumerate(samples) if t >= now - window)
            if cpu - samples[start][1] < busy * window:
                last_busy = samples[0][0]
                for (_, c0), (t1, c1) in zip(samples, samples[1:start + 1], strict=False):
                    if c1 > c0:
                        last_busy = t1
                return last_busy
        time.sleep(sample)
    return None


# ------------------------------------------------------------------------ pty
class PtyRecorder:
    """A program in a pseudo-terminal of ``cols`` x ``rows``; ``output`` is every byte it wrote."""

    def __init__(self, argv: Sequence[str], cols: int = 120, rows: int = 40,
                 env: dict[str, str] | None = None,
                 cwd: str | os.PathLike[str] | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        full_env.update({"TERM": "xterm-256color", "COLORTERM": "truecolor"})
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=full_env,
            start_new_session=True, close_fds=True, cwd=cwd,
        )
        os.close(slave)
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._last_write = clock()
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
                self._last_write = clock()

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._buf)

    def wait_for(self, needle: bytes, timeout: float = 120.0, since: int = 0) -> bool:
        deadline = clock() + timeout
        while clock() < deadline:
            if needle in self.output[since:]:
                return True
            if self.proc.poll() is not None:
                return needle in self.output[since:]
            time.sleep(0.01)
        return False

    def wait_idle(self, quiet: float = 0.5, timeout: float = 30.0) -> bool:
        """Wait until nothing has been written for ``quiet`` seconds."""
        deadline = clock() + timeout
        while clock() < deadline:
            with self._lock:
                since = clock() - self._last_write
            if since >= quiet:
                return True
            time.sleep(0.02)
        return False

    def send(self, data: bytes) -> int:
        """Write keys to the program; returns how many bytes it had written before."""
        mark = len(self.output)
        os.write(self.master, data)
        return mark

    def resize(self, cols: int, rows: int) -> None:
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.killpg(self.proc.pid, signal.SIGWINCH)

    def bytes_for(self, data: bytes | None, quiet: float = 0.3, start_timeout: float = 5.0,
                  resize: tuple[int, int] | None = None) -> int:
        """Bytes written in answer to ``data`` (or a resize): from sending it until the
        output has been quiet for ``quiet`` seconds (0 when nothing came in ``start_timeout``)."""
        mark = len(self.output)
        if resize is not None:
            self.resize(*resize)
        if data is not None:
            os.write(self.master, data)
        deadline = clock() + start_timeout
        while len(self.output) == mark and clock() < deadline:
            time.sleep(0.002)
        self.wait_idle(quiet=quiet, timeout=60)
        return len(self.output) - mark

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(5)
        self._reader.join(2)
        try:
            os.close(self.master)
        except OSError:
            pass

    def __enter__(self) -> PtyRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
