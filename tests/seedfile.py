"""Where the seed article lives: beside the project, in ../shared/seed/.

Only the ``seed_article`` fixture (tests/conftest.py) checks it is there; helpers that
build briefings around it read it when a test that asked for that fixture calls them.
"""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_27491d9445f5a0d8.txt"
