"""Real git, in temporary repositories: a briefing made from the seed article, two branches
edited through the project's own Editor, drivers set up by ``briefing config-git``, then
``git merge``. Every merged file validates and nothing either side saved is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from seedfile import SEED

from tui.authoring.editor import Editor
from tui.core.article import read_article
from tui.core.document import new_document
from tui.core.validate import check_conflicts, check_document
from tui.storage.store import BriefingStore

pytestmark = pytest.mark.usefixtures("seed_article")  # every test builds on the seed

FILE = Path("briefings") / "ankara.json"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent),
           "XDG_CONFIG_HOME": str(repo.parent / ".config"),
           "GIT_CONFIG_GLOBAL": str(repo.parent / "gitconfig"), "GIT_PAGER": "cat"}
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {result.stdout}{result.stderr}")
    return result


def briefing(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(repo.parent), "XDG_CONFIG_HOME": str(repo.parent / ".config"),
           "GIT_CONFIG_GLOBAL": str(repo.parent / "gitconfig")}
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=repo, capture_output=True,
                          text=True, env=env)


def seed_document() -> dict[str, Any]:
    doc = new_document(read_article(SEED), "Ankara talks")
    src = doc["sources"]["1"]["id"]
    doc["actors"] = {
        "1": {"id": "zelensky", "name": "Volodymyr Zelensky", "kind": "person",
              "sources": [f"{src}#p1.s1"]},
        "2": {"id": "ukraine", "name": "Ukraine", "kind": "state", "sources": [f"{src}#p1.s1"]},
    }
    doc["meetings"] = {
        "1": {"id": "ankara-talks", "title": "Talks in Ankara", "participants": ["zelensky"],
              "status": "planned", "sources": [f"{src}#p1.s1"]},
    }
    doc["events"] = {
        "1": {"id": "invasion", "title": "Full-scale invasion", "date": "2022-02",
              "sources": [f"{src}#p5.s1"]},
    }
    return doc


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Tester")
    git(root, "config", "user.email", "tester@example.org")
    BriefingStore.create(root / FILE, seed_document())
    result = briefing(root, "config-git")
    assert result.returncode == 0, result.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def editor(repo: Path, who: str, second: int) -> Editor:
    return Editor(repo / FILE, by=who, clock=lambda: f"2025-11-19T08:30:{second:02d}Z")


def entry(repo: Path, entry_id: str) -> dict[str, Any]:
    doc = read(repo)
    for kind in ("actors", "meetings", "demands", "corruption", "financing", "events"):
        for row in doc.get(kind, {}).values():
            if row["id"] == entry_id:
                return dict(row)
    raise KeyError(entry_id)


def read(repo: Path) -> dict[str, Any]:
    return json.loads((repo / FILE).read_text(encoding="utf-8"))


def branch(repo: Path, name: str, edit: Any) -> None:
    git(repo, "checkout", "-q", "-b", name, "main")
    edit()
    git(repo, "commit", "-q", "-am", name)


def merge(repo: Path, ours: Any, theirs: Any) -> subprocess.CompletedProcess[str]:
    branch(repo, "theirs", theirs)
    git(repo, "checkout", "-q", "main")
    ours()
    git(repo, "commit", "-q", "-am", "ours")
    return git(repo, "merge", "--no-edit", "theirs", check=False)


def assert_valid(repo: Path) -> dict[str, Any]:
    doc = read(repo)
    problems, _ = check_document(doc)
    assert problems == []
    assert (repo / FILE).read_text(encoding="utf-8") == json.dumps(
        doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert "<<<<<<<" not in (repo / FILE).read_text(encoding="utf-8")
    return doc


def log_of(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(r["by"], r["action"], r["entry"]) for r in
            sorted(doc.get("changes", {}).values(), key=lambda r: r["id"])]


def test_config_git_is_idempotent_and_names_the_python(repo: Path) -> None:
    attributes = (repo / ".gitattributes").read_text(encoding="utf-8")
    config = git(repo, "config", "--local", "--list").stdout
    again = briefing(repo, "config-git")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == attributes
    assert git(repo, "config", "--local", "--list").stdout == config
    assert attributes == "briefings/**/*.json merge=briefing diff=briefing\n"
    assert sys.executable in git(repo, "config", "merge.briefing.driver").stdout
    assert git(repo, "check-attr", "merge", str(FILE)).stdout.strip().endswith("briefing")


def test_config_git_outside_a_repository_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = briefing(tmp_path / "plain", "config-git")
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1
    assert "not inside a git repository" in result.stderr
    assert list((tmp_path / "plain").iterdir()) == []


def test_config_git_global(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = briefing(tmp_path / "plain", "config-git", "--global")
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "gitconfig").read_text(encoding="utf-8")
    assert '[merge "briefing"]' in config and "driver = " in config
    attributes = tmp_path / ".config" / "git" / "attributes"
    assert attributes.read_text(encoding="utf-8").count("merge=briefing") == 1
    assert briefing(tmp_path / "plain", "config-git", "--global").returncode == 0
    assert attributes.read_text(encoding="utf-8").count("merge=briefing") == 1


def test_different_entries_added_on_both_sides(repo: Path) -> None:
    src = read(repo)["sources"]["1"]["id"]

    def ours() -> None:
        editor(repo, "alice", 1).add("actors", {"id": "erdogan", "name": "Recep Tayyip Erdogan",
                                               "sources": [f"{src}#p1.s1"]})

    def theirs() -> None:
        editor(repo, "bob", 2).add("actors", {"id": "umerov", "name": "Rustem Umerov",
                                             "sources": [f"{src}#p1.s1"]})
        editor(repo, "bob", 3).add("events", {"id": "visit", "title": "Visit",
                                             "sources": [f"{src}#p2.s1"]})

    result = merge(repo, ours, theirs)
    assert result.returncode == 0, result.stdout + result.stderr
    doc = assert_valid(repo)
    ids = {row["id"] for row in doc["actors"].values()}
    assert {"zelensky", "ukraine", "erdogan", "umerov"} == ids
    assert {"invasion", "visit"} == {row["id"] for row in doc["events"].values()}
    # ours' document ids kept; theirs' new entry after the highest
    assert doc["actors"]["3"]["id"] == "erdogan" and doc["actors"]["4"]["id"] == "umerov"
    # change logs on both sides, united and ordered by time
    assert log_of(doc) == [("alice", "add", "erdogan"), ("bob", "add", "umerov"),
                           ("bob", "add", "visit")]
    assert sorted(doc["changes"]) == ["1", "2", "3"]
    assert briefing(repo, "check", str(FILE)).returncode == 0


def test_a_merge_leaves_nothing_untracked_in_the_work_tree(repo: Path) -> None:
    """The driver writes git's temporary copy through the store: the lock it made for that
    copy must not stay behind as an untracked ``..merge_file_*.lock``."""
    src = read(repo)["sources"]["1"]["id"]

    def ours() -> None:
        editor(repo, "alice", 1).add("actors", {"id": "erdogan", "name": "Recep Tayyip Erdogan",
                                               "sources": [f"{src}#p1.s1"]})

    def theirs() -> None:
        editor(repo, "bob", 2).add("actors", {"id": "umerov", "name": "Rustem Umerov",
                                             "sources": [f"{src}#p1.s1"]})

    assert merge(repo, ours, theirs).returncode == 0
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout == ""
    assert not list(repo.rglob("*merge_file*"))


def test_different_fields_of_one_entry(repo: Path) -> None:
    def ours() -> None:
        base = entry(repo, "ankara-talks")
        editor(repo, "alice", 1).update("ankara-talks", {**base, "status": "held"}, base)

    def theirs() -> None:
        base = entry(repo, "ankara-talks")
        editor(repo, "bob", 2).update("ankara-talks", {**base, "place": "Ankara",
                                                       "participants": ["zelensky", "ukraine"]},
                                      base)

    result = merge(repo, ours, theirs)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_valid(repo)
    merged = entry(repo, "ankara-talks")
    assert (merged["status"], merged["place"]) == ("held", "Ankara")
    assert merged["participants"] == ["zelensky", "ukraine"]
    assert log_of(read(repo)) == [("alice", "update", "ankara-talks"),
                                  ("bob", "update", "ankara-talks")]


def test_the_same_field_is_a_conflict_that_check_reports(repo: Path) -> None:
    def ours() -> None:
        base = entry(repo, "ankara-talks")
        editor(repo, "alice", 1).update("ankara-talks", {**base, "status": "held"}, base)

    def theirs() -> None:
        base = entry(repo, "ankara-talks")
        editor(repo, "bob", 2).update("ankara-talks", {**base, "status": "cancelled"}, base)

    result = merge(repo, ours, theirs)
    assert result.returncode != 0
    assert "CONFLICT" in result.stdout
    assert str(FILE) in git(repo, "diff", "--name-only", "--diff-filter=U").stdout
    doc = assert_valid(repo)  # parses, and nothing but the conflict is wrong
    assert entry(repo, "ankara-talks")["status"] == "held"  # ours kept
    (record,) = doc["conflicts"].values()
    assert {k: record[k] for k in ("kind", "entry", "field", "base", "ours", "theirs")} == {
        "kind": "meetings", "entry": "ankara-talks", "field": "status", "base": "planned",
        "ours": "held", "theirs": "cancelled"}
    assert len(check_conflicts(doc)) == 1
    check = briefing(repo, "check", str(FILE))
    assert check.returncode == 1
    assert check.stderr.startswith(f"{FILE}: conflicts/1: ")
    assert "ankara-talks" in check.stderr and "cancelled" in check.stderr
    assert len(log_of(doc)) == 2


def test_an_edit_against_a_delete(repo: Path) -> None:
    def ours() -> None:
        base = entry(repo, "invasion")
        editor(repo, "alice", 1).update("invasion", {**base, "date": "2022-02-24"}, base)

    def theirs() -> None:
        editor(repo, "bob", 2).delete("invasion", entry(repo, "invasion"))

    result = merge(repo, ours, theirs)
    assert result.returncode != 0
    doc = assert_valid(repo)
    assert entry(repo, "invasion")["date"] == "2022-02-24"  # the edit is kept
    (record,) = doc["conflicts"].values()
    assert (record["entry"], record["field"], record["deleted_by"]) == ("invasion", None, "theirs")
    assert record["theirs"] is None and record["ours"]["date"] == "2022-02-24"
    assert briefing(repo, "check", str(FILE)).returncode == 1
    assert log_of(doc) == [("alice", "update", "invasion"), ("bob", "delete", "invasion")]


def test_a_new_source_on_one_side_and_citations_of_it_on_the_other(repo: Path) -> None:
    article = repo.parent / "second.txt"
    article.write_text("A second article.\n\nIt says another thing. And one more.\n",
                       encoding="utf-8")
    second = read_article(article)
    source_id = f"src-{second.sha256[:8]}"
    source = {"id": source_id, "title": "Second", "publisher": None, "url": None,
              "published": None, "sha256": second.sha256,
              "paragraphs": len(second.paragraphs), "sentences": second.sentence_count}

    def ours() -> None:
        with BriefingStore(repo / FILE).transaction() as db:
            db.table("sources").insert(source)
        base = entry(repo, "ankara-talks")
        editor(repo, "alice", 1).update("ankara-talks", {
            **base, "sources": [*base["sources"], f"{source_id}#p2.s1"]}, base)

    def theirs() -> None:
        with BriefingStore(repo / FILE).transaction() as db:
            db.table("sources").insert(source)
        editor(repo, "bob", 2).add("events", {"id": "second", "title": "Second thing",
                                             "sources": [f"{source_id}#p2.s2"]})

    result = merge(repo, ours, theirs)
    assert result.returncode == 0, result.stdout + result.stderr
    doc = assert_valid(repo)
    assert [s["id"] for s in doc["sources"].values()].count(source_id) == 1
    assert f"{source_id}#p2.s1" in entry(repo, "ankara-talks")["sources"]
    assert entry(repo, "second")["sources"] == [f"{source_id}#p2.s2"]


def test_a_source_added_on_one_side_only_and_cited_on_the_other_later(repo: Path) -> None:
    """Theirs adds the source and cites it; ours edits something else: all of it arrives."""
    article = repo.parent / "third.txt"
    article.write_text("Third article.\n\nA sentence here.\n", encoding="utf-8")
    third = read_article(article)
    source_id = f"src-{third.sha256[:8]}"

    def ours() -> None:
        base = entry(repo, "zelensky")
        editor(repo, "alice", 1).update("zelensky", {**base, "role": "President"}, base)

    def theirs() -> None:
        with BriefingStore(repo / FILE).transaction() as db:
            db.table("sources").insert({"id": source_id, "title": "Third", "sha256": third.sha256,
                                        "paragraphs": 2, "sentences": 2})
        base = entry(repo, "zelensky")
        editor(repo, "bob", 2).update("zelensky", {
            **base, "sources": [*base["sources"], f"{source_id}#p2.s1"]}, base)

    result = merge(repo, ours, theirs)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_valid(repo)
    merged = entry(repo, "zelensky")
    assert merged["role"] == "President" and f"{source_id}#p2.s1" in merged["sources"]


def test_git_diff_and_log_show_entries(repo: Path) -> None:
    base = entry(repo, "ankara-talks")
    editor(repo, "alice", 1).update("ankara-talks", {**base, "status": "held"}, base)
    shown = git(repo, "diff", str(FILE)).stdout
    assert "Meetings: changed Talks in Ankara (ankara-talks)" in shown
    assert "  Status: planned -> held" in shown
    assert "Change log: new: 2025-11-19T08:30:01Z alice update meeting ankara-talks" in shown
    git(repo, "commit", "-q", "-am", "held")
    log = git(repo, "log", "-p", "-1").stdout
    assert "+  Status: held" in log and "-  Status: planned" in log
    assert '"status"' not in log  # the text form, not the JSON lines


def test_merge_driver_bad_input_is_one_line_and_writes_nothing(repo: Path) -> None:
    bad = repo / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    ours = repo / FILE
    before = ours.read_bytes()
    result = briefing(repo, "merge", str(ours), str(ours), str(bad))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"{bad}: ") and "not valid JSON" in result.stderr
    assert ours.read_bytes() == before
    out = repo / "out.json"
    assert briefing(repo, "merge", str(ours), str(ours), str(ours), "-o", str(out)).returncode == 0
    assert out.read_bytes() == before


async def test_a_real_conflict_resolved_in_the_app_completes_the_merge(repo: Path) -> None:
    from apphelpers import running, settle

    def ours() -> None:
        base = entry(repo, "ankara-talks")
        editor(repo, "alice", 1).update("ankara-talks", {**base, "status": "held"}, base)

    def theirs() -> None:
        base = entry(repo, "ankara-talks")
        editor(repo, "bob", 2).update("ankara-talks", {**base, "status": "cancelled"}, base)

    assert merge(repo, ours, theirs).returncode != 0
    async with running(repo / FILE) as pilot:
        await pilot.press("!")
        await pilot.pause()
        await pilot.press("t")  # take bob's value
        await settle(pilot)
    doc = assert_valid(repo)
    assert entry(repo, "ankara-talks")["status"] == "cancelled"
    assert "conflicts" not in doc
    assert briefing(repo, "check", str(FILE)).returncode == 0
    who = [r["by"] for r in sorted(doc["changes"].values(), key=lambda r: r["id"])]
    assert who[:2] == ["alice", "bob"] and len(who) == 3  # both sides' work, then the fix
    git(repo, "add", str(FILE))
    git(repo, "commit", "-q", "--no-edit")
    assert git(repo, "status", "--porcelain").stdout == ""
