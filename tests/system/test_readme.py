"""The README's two commands stay true: CI runs exactly the documented test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)


def test_readme_has_exactly_two_commands() -> None:
    commands = _commands()
    assert len(commands) == 2, commands
    open_cmd, test_cmd = commands
    assert "briefing" in open_cmd and "venv" in open_cmd
    assert "pytest" in test_cmd and "venv" in test_cmd


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _commands()[1] in ci_lines


def test_readme_paths_exist() -> None:
    open_cmd = _commands()[0]
    assert (ROOT / "briefings" / "ankara.json").is_file()
    assert "briefings/ankara.json" in open_cmd
    for doc in ("docs/FORMAT.md", "docs/STORE.md"):
        assert (ROOT / doc).is_file(), doc


def test_data_layer_never_imports_textual() -> None:
    import subprocess
    import sys

    # Every module of the layers below the UI, found by walking them, and the command line.
    code = (
        "import importlib, pkgutil, sys\n"
        "import tui\n"
        "names = ['tui.cli']\n"
        "for layer in ('core', 'storage', 'authoring', 'export', 'present'):\n"
        "    package = importlib.import_module(f'tui.{layer}')\n"
        "    names.append(package.__name__)\n"
        "    found = pkgutil.walk_packages(package.__path__, package.__name__ + '.')\n"
        "    names += [m.name for m in found]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "assert len(names) > 20, names\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the data layer pulled in: {out.stdout.strip()}"
