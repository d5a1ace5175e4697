"""``briefing config-git``: tell git to merge and diff briefing files entry by entry.

Writes, through ``git config`` (the repository's config, or ``--global``):

- ``merge.briefing.name`` and ``merge.briefing.driver`` (``briefing merge %O %A %B -o %A``);
- ``diff.briefing.command`` (``briefing diff``, called with git's seven arguments, so
  ``git diff`` shows added, removed and changed entries) and ``diff.briefing.textconv``
  (``briefing diff FILE``: the briefing as one field a line, which ``git log -p`` and
  ``git show`` use), plus ``diff.briefing.xfuncname`` so hunk headers name the entry;

and one line ``PATTERN merge=briefing diff=briefing`` in the repository's top-level
``.gitattributes`` (with ``--global``: git's global attributes file). Running it again
changes nothing. The commands name the Python that runs this, so git finds the drivers
without the virtual environment on its ``PATH``.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import BriefingError
from tui.storage.atomic import write_atomic

if TYPE_CHECKING:
    import subprocess

__all__ = ["DEFAULT_PATTERN", "git_settings", "attributes_line", "config_git"]

DEFAULT_PATTERN = "briefings/**/*.json"


def _command() -> str:
    return f"{shlex.quote(sys.executable)} -m tui"


def git_settings() -> list[tuple[str, str]]:
    """The (key, value) pairs ``config-git`` sets."""
    cmd = _command()
    return [
        ("merge.briefing.name", "briefing: merge briefings entry by entry"),
        ("merge.briefing.driver", f"{cmd} merge %O %A %B -o %A"),
        ("diff.briefing.command", f"{cmd} diff"),
        ("diff.briefing.textconv", f"{cmd} diff"),
        ("diff.briefing.xfuncname", "^[^ ].*$"),
    ]


def attributes_line(pattern: str) -> str:
    return f"{pattern} merge=briefing diff=briefing"


def _git(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    import subprocess  # here, not at the top: the command line reads DEFAULT_PATTERN at start

    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        raise BriefingError("git", "not found: install git first") from None


def _attributes_file(global_: bool, cwd: Path) -> Path:
    if not global_:
        top = _git(["rev-parse", "--show-toplevel"], cwd)
        if top.returncode != 0:
            raise BriefingError(cwd, "not inside a git repository (or use --global)")
        return Path(top.stdout.strip()) / ".gitattributes"
    found = _git(["config", "--global", "--path", "--get", "core.attributesFile"], cwd)
    if found.returncode == 0 and found.stdout.strip():
        return Path(found.stdout.strip()).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "git" / "attributes"


def config_git(pattern: str, *, global_: bool = False, cwd: Path | None = None) -> list[str]:
    """Configure git; returns what was changed (empty when everything was in place)."""
    cwd = Path(cwd or Path.cwd())
    if not pattern.strip() or any(c in pattern for c in "\n\r\t ") or pattern.startswith("#"):
        raise BriefingError("--pattern", f"{pattern!r} is not a gitattributes pattern")
    attributes = _attributes_file(global_, cwd)
    scope = ["--global"] if global_ else ["--local"]
    done: list[str] = []
    for key, value in git_settings():
        current = _git(["config", *scope, "--get", key], cwd)
        if current.returncode == 0 and current.stdout.rstrip("\n") == value:
            continue
        result = _git(["config", *scope, key, value], cwd)
        if result.returncode != 0:
            message = (result.stderr.strip().splitlines() or ["git config failed"])[-1]
            raise BriefingError("git config", message)
        done.append(f"set {key}")
    line = attributes_line(pattern)
    try:
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise BriefingError(attributes, f"cannot read: {err}") from None
    if line not in text.splitlines():
        new_text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        attributes.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(attributes, new_text.encode("utf-8"))
        done.append(f"added {line!r} to {attributes}")
    return done
