"""`briefing check` names what is wrong in the words a user can act on, and accepts only what
the store can write back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tui.storage.jsonio import dumps


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "check", str(path)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("encoding, name", [
    ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"), ("utf-16", "UTF-16LE"),
    ("utf-32-le", "UTF-32LE"), ("utf-32-be", "UTF-32BE"),
])
def test_a_utf16_or_utf32_file_is_named_as_such_not_as_bad_utf8(
        tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(dumps(generate(5, seed=1)).encode(encoding))
    result = _check(path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{path}: is {name} text, not UTF-8: save it as UTF-8"


@pytest.mark.parametrize("schema", [1.0, True, "1"])
def test_schema_must_be_exactly_the_integer_1(tmp_path: Path, schema: object) -> None:
    document = generate(5, seed=1)
    document["briefing"]["1"]["schema"] = schema
    path = tmp_path / "b.json"
    path.write_text(dumps(document), encoding="utf-8")
    result = _check(path)
    assert result.returncode == 1
    assert "briefing/1.schema: this program reads schema 1" in result.stderr
    document["briefing"]["1"]["schema"] = 1
    path.write_text(dumps(document), encoding="utf-8")
    assert _check(path).returncode == 0
