"""The app in a web browser: ``briefing serve`` on 127.0.0.1, Debian's chromium driven by
Playwright (``executable_path``: Playwright's own browsers are never downloaded).

One server for the module, on a free loopback port, in its own home whose prefs.toml names
the reader; each test opens its own page (a connection: textual-serve starts one app for
it). What the page shows is read from the websocket frames the page receives (xterm.js
draws on a canvas, so the text is not in the DOM). The server is stopped by the module's
fixture, whatever the tests did.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Error, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
READER = "Ada Browser"
_CSI = re.compile(r"\x1b\[[0-9;?:<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Served:
    """The running server: its address, the briefing it serves and its data folder."""

    def __init__(self, url: str, briefing: Path, data: Path) -> None:
        self.url, self.briefing, self.data = url, briefing, data


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _home(root: Path) -> dict[str, str]:
    """The server's environment: a home of its own, the reader named only in prefs.toml."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "XDG_"))}
    for name in ("data", "state", "cache", "config"):
        (root / name).mkdir(parents=True)
    env.update(HOME=str(root), BRIEFING_DATA_DIR=str(root / "data"),
               BRIEFING_STATE_DIR=str(root / "state"), BRIEFING_CACHE_DIR=str(root / "cache"),
               BRIEFING_CONFIG_DIR=str(root / "config"))
    (root / "config" / "prefs.toml").write_text(f'reader = "{READER}"\n', encoding="utf-8")
    return env


def _wait_listening(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            out = server.stdout.read().decode(errors="replace") if server.stdout else ""
            pytest.fail(f"briefing serve stopped with status {server.returncode}:\n{out}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("briefing serve did not listen within 30 s")


@contextmanager
def _serving(root: Path, *options: str) -> Iterator[Served]:
    """``briefing serve`` on a copy of Ankara in ``root``, stopped when the block ends."""
    env = _home(root / "home")
    briefing = root / "ankara.json"
    shutil.copy(ROOT / "briefings" / "ankara.json", briefing)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", str(briefing), "--port", str(port), *options],
        env=env, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    try:
        _wait_listening(server, port)
        yield Served(f"http://127.0.0.1:{port}/", briefing, root / "home" / "data")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with _serving(tmp_path_factory.mktemp("served")) as running:
        yield running


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server that takes each connection's reader from the header a proxy would set."""
    with _serving(tmp_path_factory.mktemp("proxied"), "--reader-header",
                  "X-Forwarded-User") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Debian's chromium is missing ({CHROMIUM}): `apt-get install chromium` "
                    "(.ci/run installs it)", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            yield launched
        finally:
            launched.close()


class Screen:
    """A page on the served app, and the text it has been sent so far."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.frames: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: Any) -> None:
        self.frames.append(payload if isinstance(payload, str)
                           else bytes(payload).decode("utf-8", "replace"))

    def text(self, since: int = 0) -> str:
        return _CSI.sub("", "".join(self.frames[since:]))

    def wait_for(self, wanted: str, since: int = 0, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while wanted not in self.text(since):
            if time.monotonic() > deadline:
                pytest.fail(f"the page never showed {wanted!r}; it showed: "
                            f"{self.text(since)[-600:]!r}")
            self.page.wait_for_timeout(50)

    def press(self, *keys: str) -> int:
        """Press ``keys`` in turn; the frame count before them, for ``wait_for(since=)``."""
        mark = len(self.frames)
        for key in keys:
            self.page.keyboard.press(key)
        return mark


def _open_page(browser: Browser, url: str, headers: dict[str, str] | None = None) -> Screen:
    context = browser.new_context(viewport={"width": 1100, "height": 700},
                                  accept_downloads=True, extra_http_headers=headers)
    shown = Screen(context.new_page())
    shown.page.goto(url)
    return shown


@pytest.fixture
def screen(served: Served, browser: Browser) -> Iterator[Screen]:
    shown = _open_page(browser, served.url)
    try:
        shown.wait_for("Bottom line up front")
        yield shown
    finally:
        _close(shown)


def _close(shown: Screen) -> None:
    """Close the page's context after a test. The test's checks have all run by then; a
    context the browser already dropped (Debian's chromium on a loaded machine, after a page
    that asked before it left) has nothing left to close. A browser that really died fails
    the next test that uses it."""
    try:
        if not shown.page.is_closed():
            shown.page.close(run_before_unload=False)
        shown.page.context.close()
    except Error as err:
        if "has been closed" not in str(err):
            raise


def test_the_overview_renders_and_keys_work_before_any_click(screen: Screen) -> None:
    screen.wait_for("Ankara peace talks")
    # Nothing was clicked: the page gave the terminal the keyboard itself.
    assert screen.page.evaluate("document.activeElement.className") == "xterm-helper-textarea"
    mark = screen.press("1")
    screen.wait_for("U.S. special envoy", since=mark)  # the Actors panel's list
    mark = screen.press("7")
    screen.wait_for("o Source", since=mark)  # the Sources: their footer, o opens one
    mark = screen.press("0")
    screen.wait_for("Bottom line up front", since=mark)


def _last_change(briefing: Path) -> dict[str, Any]:
    changes = json.loads(briefing.read_text(encoding="utf-8")).get("changes", {})
    return changes[max(changes, key=int)] if changes else {}


def _edit_the_first_actor(screen: Screen) -> None:
    mark = screen.press("1")
    screen.wait_for("U.S. special envoy", since=mark)
    mark = screen.press("e")
    screen.wait_for("Edit actor", since=mark)
    screen.page.keyboard.press("End")
    screen.page.keyboard.type(" (browser)")
    mark = screen.press("Control+s")
    screen.wait_for("Saved", since=mark)


def test_an_edit_in_the_browser_saves_under_the_configured_readers_name(
        screen: Screen, served: Served) -> None:
    _edit_the_first_actor(screen)
    change = _last_change(served.briefing)
    assert change["by"] == READER
    assert change["new"] == {"name": "Steve Witkoff (browser)"}


def test_behind_a_proxy_each_connection_edits_as_the_user_its_header_names(
        proxied: Served, browser: Browser) -> None:
    screen = _open_page(browser, proxied.url, {"X-Forwarded-User": "Carol  Proxy"})
    try:
        screen.wait_for("Bottom line up front")
        _edit_the_first_actor(screen)
    finally:
        _close(screen)
    change = _last_change(proxied.briefing)
    assert (change["by"], change["new"]) == ("Carol Proxy", {"name": "Steve Witkoff (browser)"})


def test_behind_a_proxy_a_connection_without_the_header_gets_no_app(
        proxied: Served, browser: Browser) -> None:
    screen = _open_page(browser, proxied.url)
    try:
        screen.page.wait_for_selector("body.-closed", state="attached", timeout=20_000)
        assert screen.frames == []  # the websocket was refused: no app ever drew
    finally:
        _close(screen)


def test_the_palette_export_arrives_in_the_browser_as_a_download(
        screen: Screen, served: Served, tmp_path: Path) -> None:
    downloads: list[Any] = []
    # textual.js opens the download's address in a new tab, whose response is the file.
    screen.page.on("download", lambda d: downloads.append(d))
    screen.page.context.on("page", lambda popup: popup.on("download",
                                                           lambda d: downloads.append(d)))
    mark = screen.press("Control+p")
    screen.wait_for("Search", since=mark)
    screen.page.keyboard.type("export markdown")
    screen.wait_for("to your browser, as a download", since=mark)
    mark = screen.press("Enter")
    screen.wait_for("Exported", since=mark)  # the note, before the download starts
    deadline = time.monotonic() + 20
    while not downloads and time.monotonic() < deadline:
        screen.page.wait_for_timeout(50)
    assert len(downloads) == 1, "no download reached the browser"
    (download,) = downloads
    assert re.fullmatch(r"ankara-peace-talks-\d{4}-\d\d-\d\d\.md", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("# Ankara peace talks")
    assert not (served.data / "exports").exists()  # nothing left on the server's disk


def test_leaving_the_page_while_the_app_runs_asks_first(screen: Screen) -> None:
    # ctrl+w (Textual's delete-a-word) closes a browser tab: the page asks before it goes.
    mark = screen.press("1")
    screen.wait_for("U.S. special envoy", since=mark)
    mark = screen.press("e")
    screen.wait_for("Edit actor", since=mark)
    screen.page.keyboard.type(" typed")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    screen.page.on("dialog", answer)
    screen.page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while not asked and time.monotonic() < deadline:
        screen.page.wait_for_timeout(50)  # lets Playwright hand over the dialog
    assert asked == ["beforeunload"]
    assert not screen.page.is_closed()
