"""``briefing serve``: the app in a web browser, through textual-serve (``briefing[serve]``).

textual-serve starts one ``briefing open PATH`` per browser connection, with the server's
environment, so the reader chosen for the server (``--reader``, ``$BRIEFING_READER``, the
prefs file, the login name) is every browser reader's name. Behind an authenticating
reverse proxy, ``--reader-header X-Forwarded-User`` takes each connection's reader from
the header the proxy sets on the websocket request instead: textual-serve builds each
connection's process from ``Server.command`` at the moment the browser connects, so the
command read there carries that connection's ``--reader``. A connection without the
header is refused. The header is believed as it comes, which is why it is only for a
server that the proxy alone can reach (README, "In a browser").

The page is textual-serve's own with the keyboard focus given to the terminal at once
(``serve_page/app_index.html`` says what else differs). textual-serve has no login of its
own: it binds to loopback unless the CLI was told ``--public``.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Any

__all__ = ["PAGE_FOLDER", "is_loopback", "open_command", "serve"]

PAGE_FOLDER = Path(__file__).resolve().parent / "serve_page"

# The reader of the connection being set up, while textual-serve builds its process.
_CONNECTION_READER: ContextVar[str | None] = ContextVar("connection_reader", default=None)


def is_loopback(host: str) -> bool:
    """True for a name or address that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def open_command(path: Path, read_only: bool, reader: str | None = None) -> str:
    """The shell command textual-serve runs for one connection: this Python's ``briefing
    open``, every part quoted (a reader's name is text from the proxy, never shell)."""
    parts = [sys.executable, "-m", "tui", "open", str(path)]
    if read_only:
        parts.append("--read-only")
    if reader is not None:
        parts.append(f"--reader={reader}")  # one argument, even for a name like "-bob"
    return shlex.join(parts)


def _reader_from(value: str | None) -> str | None:
    """A header's value as a reader's name; None when it names nobody printable."""
    name = " ".join((value or "").split())
    return name if name and name.isprintable() else None


def serve(path: Path, *, host: str, port: int, read_only: bool,
          reader_header: str | None, public_url: str | None) -> None:
    """Serve ``path`` until the server is stopped (Ctrl+C, SIGTERM). ``public_url`` is the
    address browsers use (a proxy's); the page points its websocket there."""
    from aiohttp import web
    from textual_serve.server import Server

    class BriefingServer(Server):  # type: ignore[misc]
        """textual-serve's server, with each connection's reader in its command."""

        @property
        def command(self) -> str:
            return open_command(path, read_only, _CONNECTION_READER.get())

        @command.setter
        def command(self, value: str) -> None:
            pass  # Server.__init__ sets it; the property above builds it per connection

        async def handle_websocket(self, request: web.Request) -> Any:
            if reader_header is None:
                return await super().handle_websocket(request)
            reader = _reader_from(request.headers.get(reader_header))
            if reader is None:
                raise web.HTTPForbidden(text=f"no reader: the {reader_header} header is "
                                             "missing or empty\n")
            token = _CONNECTION_READER.set(reader)
            try:
                return await super().handle_websocket(request)
            finally:
                _CONNECTION_READER.reset(token)

    shown = f"[{host}]" if ":" in host else host
    server = BriefingServer(open_command(path, read_only), host=host, port=port,
                            title=f"briefing: {path.name}", templates_path=PAGE_FOLDER,
                            public_url=(public_url or f"http://{shown}:{port}").rstrip("/"))
    server.serve()
