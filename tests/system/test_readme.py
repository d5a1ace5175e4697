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


def test_readme_test_command_runs_every_gate() -> None:
    test_cmd = _commands()[1]
    gates = ["pip install -q -e '.[test]'", "lint-imports", "ruff check .", "mypy tui", "pytest"]
    at = [test_cmd.find(gate) for gate in gates]
    assert -1 not in at, dict(zip(gates, at, strict=True))
    assert at == sorted(at), "set-up first, then contracts, lint, types and the tests"


def test_no_layer_below_the_ui_imports_textual_when_run() -> None:
    """Beside the import-linter contract (static), every module outside ``tui.ui`` is
    imported for real, found by walking the package, so no hand-kept list can miss one."""
    import subprocess
    import sys

    code = (
        "import pkgutil, sys, importlib, tui\n"
        "names = [m.name for m in pkgutil.walk_packages(tui.__path__, 'tui.')\n"
        "         if not m.name.startswith(('tui.ui', 'tui.cli', 'tui.__main__'))]\n"
        "for name in names: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(names), ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, _, bad = out.stdout.strip().partition(" ")
    assert int(count) >= 20, f"only {count} modules found below the UI"
    assert bad == "", f"a layer below the UI pulled in: {bad}"


def test_readme_key_tables_equal_the_help_screen() -> None:
    from tui.ui.keys import help_sections, markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    keys = readme[readme.index("### Reading a briefing"):readme.index("\n## Commands")]
    assert keys == markdown(help_sections()), "regenerate: python -c 'from tui.ui.keys import " \
        "help_sections, markdown; print(markdown(help_sections()))'"


def test_no_function_in_the_package_is_over_sixty_lines() -> None:
    import ast

    long = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert long == []
