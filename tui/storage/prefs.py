"""The reader's preferences: ``prefs.toml`` in the config folder (see docs/PREFS.md).

Read with ``tomllib``; checked against the theme names and binding ids the UI layer passes
in (this layer knows nothing of Textual). A bad file raises :class:`PrefsError`, one
message naming the file and the place (a line, or a key), and nothing is written.

Only the theme is ever written back, by a small line edit under the file's lock and with
the one atomic write: every other line and comment stays as the reader wrote it, and the
edit is checked by reading the result back before anything is replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tui.core.errors import BriefingError, cause_in_words
from tui.storage.atomic import write_atomic
from tui.storage.locking import lock_path, locked
from tui.storage.paths import config_dir
from tui.storage.safe_read import UnsafeFile, read_own_file

__all__ = ["Prefs", "PrefsError", "prefs_path", "read_prefs", "check_prefs", "save_theme",
           "set_theme_line", "PREFS_NAME", "MAX_PREFS_BYTES"]

PREFS_NAME = "prefs.toml"
MAX_PREFS_BYTES = 1024 * 1024  # a few lines of settings; anything bigger is not one
_SETTINGS = ("theme", "reader", "keys")
_NEW_FILE = "# briefing preferences: see docs/PREFS.md in the project.\n"
_AT_LINE = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_HEADER = re.compile(r"^\s*\[")
_THEME_KEY = r"""(?:theme|"theme"|'theme')"""
# ``theme = "name"  # comment``: a one-line value, kept with its indent and comment.
_THEME_LINE = re.compile(
    rf"""^(?P<indent>[ \t]*){_THEME_KEY}[ \t]*=[ \t]*"""
    r"""(?P<value>"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^#\s]*)"""
    r"""(?P<rest>[ \t]*(?:#.*)?)$"""
)
_THEME_START = re.compile(rf"^[ \t]*{_THEME_KEY}[ \t]*=")


class PrefsError(BriefingError):
    """A preferences file that cannot be used: ``FILE: PLACE: what is wrong``."""


@dataclass(frozen=True)
class Prefs:
    """What the file asks for: a theme name (None: the default), binding id -> keys, and
    the reader's name for the change log (None: ``--reader``, ``$BRIEFING_READER`` or the
    login name decide)."""

    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    reader: str | None = None


def prefs_path() -> Path:
    """Where the preferences live: ``prefs.toml`` in the config folder."""
    return config_dir() / PREFS_NAME


def _read_text(path: Path) -> str:
    """The file's text ("" when there is none): a regular file of at most ``MAX_PREFS_BYTES``,
    never read through a link or waited on as a FIFO."""
    try:
        data = read_own_file(path, MAX_PREFS_BYTES)
    except FileNotFoundError:
        return ""
    except UnsafeFile as err:
        raise PrefsError(path, err.message) from None
    except OSError as err:
        raise PrefsError(path, f"cannot be read: {cause_in_words(err)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise PrefsError(path, "is not UTF-8 text", f"line {line}") from None


def _parse(path: Path, text: str) -> dict[str, object]:
    if not text:
        return {}  # no file (or an empty one): nothing to parse, and no parser to load
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = _AT_LINE.match(str(err))
        if found is None and str(err).endswith("(at end of document)"):
            what = str(err).removesuffix("(at end of document)").strip()
            place = f"line {text.count(chr(10)) + 1} (the end)"
            raise PrefsError(path, f"not valid TOML: {what}", place) from None
        if found is None:
            raise PrefsError(path, f"not valid TOML: {err}") from None
        place = f"line {found['line']} column {found['col']}"
        raise PrefsError(path, f"not valid TOML: {found['what']}", place) from None


def _line_of(text: str, table: str | None, key: str) -> int | None:
    """The line that sets ``key`` (in ``[table]``, or at the top when None), if one does."""
    current: str | None = None
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
                         r"""\s*[=.]""")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\s*([^\]]*?)\s*\]", line)
        if header:
            current = header.group(1).strip("\"'")
        elif current == table and pattern.match(line):
            return number
    return None


def _place(text: str, table: str | None, key: str) -> str:
    name = f"{table}.{key}" if table else key
    line = _line_of(text, table, key)
    return name if line is None else f"line {line}, {name}"


def read_prefs(path: Path, *, themes: Collection[str], binding_ids: Collection[str]) -> Prefs:
    """The preferences in ``path`` (none when it does not exist), checked; see the module."""
    text = _read_text(path)
    return check_prefs(path, text, _parse(path, text), themes=themes, binding_ids=binding_ids)


def check_prefs(path: Path, text: str, data: Mapping[str, object], *,
                themes: Collection[str], binding_ids: Collection[str]) -> Prefs:
    """Check parsed ``data`` (``text`` is the file, for line numbers in the messages)."""
    for key in data:
        if key not in _SETTINGS:
            raise PrefsError(path, f"unknown setting {key!r} (the settings: "
                             f"{', '.join(_SETTINGS)})", _place(text, None, key))
    theme = data.get("theme")
    if theme is not None:
        if not isinstance(theme, str):
            raise PrefsError(path, "the theme is a name in quotes, such as \"nord\"",
                             _place(text, None, "theme"))
        if theme not in themes:
            raise PrefsError(path, f"unknown theme {theme!r} (the themes: "
                             f"{', '.join(sorted(themes))})", _place(text, None, "theme"))
    keys = MappingProxyType(_check_keys(path, text, data.get("keys"), binding_ids))
    return Prefs(theme, keys, _check_reader(path, text, data.get("reader")))


def _check_reader(path: Path, text: str, reader: object) -> str | None:
    """The reader's name, its runs of spaces made one; printable text or an error."""
    if reader is None:
        return None
    name = " ".join(reader.split()) if isinstance(reader, str) else ""
    if not name or not name.isprintable():
        raise PrefsError(path, "the reader is a name in quotes, such as \"Ada Lovelace\"",
                         _place(text, None, "reader"))
    return name


def _check_keys(path: Path, text: str, keys: object,
                binding_ids: Collection[str]) -> dict[str, str]:
    if keys is None:
        return {}
    if not isinstance(keys, dict):
        raise PrefsError(path, "keys is a table: [keys] then lines such as add = \"n\"",
                         _place(text, None, "keys"))
    checked: dict[str, str] = {}
    for binding_id, value in keys.items():
        place = _place(text, "keys", binding_id)
        if isinstance(value, dict):
            raise PrefsError(path, "a binding id with a dot is written in quotes, such as "
                             "\"view.actors\" = \"A\"", place)
        if binding_id not in binding_ids:
            raise PrefsError(path, f"unknown binding id {binding_id!r} (the ids: "
                             f"{', '.join(sorted(binding_ids))})", place)
        if not isinstance(value, str):
            raise PrefsError(path, "the keys are a string in quotes, such as \"n\" or "
                             "\"ctrl+n,n\"", place)
        parts = [part.strip() for part in value.split(",")]
        if not all(parts) or any(not part.isprintable() or " " in part for part in parts):
            raise PrefsError(path, f"{value!r} is not a list of keys: key names separated "
                             "by commas, such as \"n\" or \"ctrl+n,n\"", place)
        checked[binding_id] = ",".join(parts)
    return checked


def set_theme_line(text: str, theme: str) -> str:
    """``text`` with its top-level ``theme`` set to ``theme``, every other line unchanged."""
    newline = "\r\n" if "\r\n" in text else "\n"
    value = json.dumps(theme, ensure_ascii=False)  # a JSON string is a TOML basic string
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if _HEADER.match(line):
            break
        body = line.rstrip("\r\n")
        if _THEME_START.match(body):
            found = _THEME_LINE.match(body)
            if found is None:  # a value over several lines: the check after says so
                lines[number] = f"theme = {value}{line[len(body):] or newline}"
            else:
                lines[number] = (f"{found['indent']}theme = {value}{found['rest']}"
                                 f"{line[len(body):]}")
            return "".join(lines)
    return _insert_theme(lines, f"theme = {value}", newline)


def _insert_theme(lines: list[str], setting: str, newline: str) -> str:
    """A new top-level ``theme`` line: before the first table and the comments right above
    it, else at the end."""
    if not lines:
        return _NEW_FILE + setting + newline
    at = next((n for n, line in enumerate(lines) if _HEADER.match(line)), None)
    if at is None:
        if not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        return "".join([*lines, setting + newline])
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    return "".join([*lines[:at], setting + newline, *lines[at:]])


def save_theme(path: Path, theme: str) -> None:
    """Set ``theme`` in the file at ``path`` (made when missing), under its lock, atomically.

    A file that is not valid TOML, or whose other settings the edit would change, raises
    :class:`PrefsError` and is left exactly as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(lock_path(path), label=path):
        text = _read_text(path)
        before = _parse(path, text)
        after_text = set_theme_line(text, theme)
        import tomllib

        try:
            after = tomllib.loads(after_text)
        except tomllib.TOMLDecodeError:
            after = None
        if after != {**before, "theme": theme}:
            raise PrefsError(path, f"the theme cannot be saved without changing other lines; "
                             f"set theme = {json.dumps(theme)} by hand",
                             _place(text, None, "theme"))
        if after_text != text:
            write_atomic(path, after_text.encode("utf-8"))
