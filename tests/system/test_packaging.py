"""The bundled briefing is found when the package is installed from a wheel, not only from
a checkout or an editable install (the test suite itself runs editable)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("seed_article")  # every test here reads it

ROOT = Path(__file__).resolve().parents[2]


def test_a_wheel_carries_and_finds_the_bundled_briefing(tmp_path: Path) -> None:
    # Built as pip builds it for a user (in an isolated build environment from PyPI).
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT),
                    "-w", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("tui/briefings/ankara.json", "tui/ui/app.tcss",
                   "tui/schema/briefing.schema.json"):
        assert needed in names, needed
    # Every module of the package, in every layer, is in the wheel.
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tui").rglob("*.py")}
    assert modules <= set(names), sorted(modules - set(names))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", "from tui.storage.paths import default_briefing as d; "
         f"p = d(); print(p.is_file(), p.is_relative_to({str(target)!r}))"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert out.stdout.split() == ["True", "True"], out.stdout + out.stderr
