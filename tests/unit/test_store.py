"""Unit tests of ``tui.storage.store.BriefingStore``: transactions, validation, ids, files on disk.

The behaviour every store shares is tested on an in-memory store and on a file store
(the ``store`` fixture); what only a file can do (bytes, modes, links, permissions,
temporaries, other processes) is tested on files.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tinydb import Query

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for helpers_store

from helpers_store import actor, base_document, event, source_id  # noqa: E402

import tui.storage.atomic as atomic_module  # noqa: E402
import tui.storage.store as store_module  # noqa: E402
from tui.core.errors import BriefingError, InvalidBriefing  # noqa: E402
from tui.storage.jsonio import dumps, read_json_file  # noqa: E402
from tui.storage.locking import lock_path  # noqa: E402
from tui.storage.store import BriefingStore  # noqa: E402

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def temporaries(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.tmp-"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of our own (tmp_path also holds the isolated HOME of conftest.py)."""
    path = tmp_path / "briefings"
    path.mkdir()
    return path


@pytest.fixture
def document() -> dict:
    return base_document()


@pytest.fixture
def briefing_file(folder: Path, document: dict) -> Path:
    path = folder / "briefing.json"
    BriefingStore.create(path, document)
    return path


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, folder: Path, document: dict) -> BriefingStore:
    if request.param == "memory":
        return BriefingStore.memory(document)
    return BriefingStore.create(folder / "briefing.json", document)


def snapshot(store: BriefingStore) -> object:
    """What must not change: the file's bytes, or the in-memory document."""
    if store.path is not None:
        return store.path.read_bytes()
    return store.read_document()


# --- behaviour shared by both stores ---------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_insert_update_remove_read_back(store: BriefingStore) -> None:
    src = source_id(store.read_document())
    with store.transaction() as db:
        actors = db.table("actors")
        first = actors.insert(actor("alice", src, role="envoy"))
        second = actors.insert(actor("bob", src))
        db.table("events").insert(event("talks", src, links=["alice", "bob"]))
    assert (first, second) == (1, 2)

    with store.transaction() as db:
        db.table("actors").update({"role": "minister"}, Query().id == "alice")
        db.table("events").update({"links": ["alice"]}, Query().id == "talks")
        db.table("actors").remove(Query().id == "bob")

    briefing = store.load()
    by_id = {e.id: e for e in briefing.entries}
    assert sorted(by_id) == ["alice", "talks"]
    assert by_id["alice"].kind == "actors" and by_id["alice"].doc_id == 1
    assert by_id["alice"].data["role"] == "minister"
    assert by_id["talks"].data["links"] == ["alice"]
    assert store.read_document()["actors"] == {"1": actor("alice", src, role="minister")}


@pytest.mark.usefixtures("seed_article")
def test_exception_inside_transaction_writes_nothing(store: BriefingStore) -> None:
    before = snapshot(store)
    src = source_id(store.read_document())
    with pytest.raises(RuntimeError, match="changed my mind"):
        with store.transaction() as db:
            db.table("actors").insert(actor("alice", src))
            db.table("briefing").update({"title": "Changed"}, doc_ids=[1])
            raise RuntimeError("changed my mind")
    assert snapshot(store) == before
    assert store.load().entries == []
    if store.path is not None:
        assert temporaries(store.path) == []


@pytest.mark.usefixtures("seed_article")
def test_invalid_result_is_refused_and_nothing_changes(store: BriefingStore) -> None:
    src = source_id(store.read_document())
    with store.transaction() as db:
        db.table("actors").insert(actor("alice", src))
    before = snapshot(store)
    with pytest.raises(InvalidBriefing) as caught:
        with store.transaction() as db:
            db.table("events").insert(event("talks", src, links=["nobody"]))
    assert caught.value.problems[0].place == "events/1.links[0]"
    assert "no entry has the id 'nobody'" in caught.value.problems[0].message
    assert snapshot(store) == before

    # Other ways to break it: a duplicate id, a missing required field, a bad locator.
    for bad in (
        actor("alice", src),
        {"id": "nameless", "sources": [f"{src}#p1.s1"]},
        actor("carol", src, sources=[f"{src}#p99.s1"]),
    ):
        with pytest.raises(InvalidBriefing):
            with store.transaction() as db:
                db.table("actors").insert(bad)
        assert snapshot(store) == before
    if store.path is not None:
        assert temporaries(store.path) == []


@pytest.mark.usefixtures("seed_article")
def test_doc_ids_continue_after_another_store_wrote(store: BriefingStore) -> None:
    """A second store on the same briefing (or the same store again) never reuses an id."""
    other = BriefingStore(store.path) if store.path is not None else store
    src = source_id(store.read_document())
    with store.transaction() as db:
        assert db.table("actors").insert(actor("a1", src)) == 1
    with other.transaction() as db:
        assert db.table("actors").insert(actor("a2", src)) == 2
    with store.transaction() as db:
        assert db.table("actors").insert(actor("a3", src)) == 3
    with store.transaction() as db:  # the highest id removed: TinyDB hands it out again
        db.table("actors").remove(doc_ids=[3])
    with other.transaction() as db:
        assert db.table("actors").insert(actor("a4", src)) == 3
    assert {e.id: e.doc_id for e in store.load().entries} == {"a1": 1, "a2": 2, "a4": 3}


@pytest.mark.usefixtures("seed_article")
def test_read_only_transaction_writes_nothing(store: BriefingStore) -> None:
    before = snapshot(store)
    inode = store.path.stat().st_ino if store.path is not None else None
    with store.transaction() as db:
        assert db.table("briefing").get(doc_id=1)["title"] == "Store test"
    assert snapshot(store) == before
    if store.path is not None:
        assert store.path.stat().st_ino == inode  # not even rewritten with the same bytes


# --- files: other processes, bytes, modes ----------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_doc_ids_continue_after_another_process_wrote(briefing_file: Path) -> None:
    store = BriefingStore(briefing_file)
    src = source_id(store.read_document())
    with store.transaction() as db:
        assert db.table("actors").insert(actor("mine-1", src)) == 1
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from tui.storage.store import BriefingStore
        store = BriefingStore(Path({str(briefing_file)!r}))
        with store.transaction() as db:
            for n in (2, 3):
                doc = {{"id": f"theirs-{{n}}", "name": "Them", "kind": "group",
                       "sources": [{src + "#p1.s1"!r}]}}
                assert db.table("actors").insert(doc) == n
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    with store.transaction() as db:  # same store object: nothing stale is cached
        assert db.table("actors").insert(actor("mine-2", src)) == 4
    ids = {e.id: e.doc_id for e in store.load().entries}
    assert ids == {"mine-1": 1, "theirs-2": 2, "theirs-3": 3, "mine-2": 4}


@pytest.mark.usefixtures("seed_article")
def test_writes_are_stable(briefing_file: Path) -> None:
    store = BriefingStore(briefing_file)
    src = source_id(store.read_document())
    with store.transaction() as db:
        db.table("actors").insert(actor("zed", src, aliases=["Zed", "Zé"], summary="ünïcode"))
    raw = briefing_file.read_bytes()
    text = raw.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert '\n  "actors": {\n    "1": {\n      "aliases": [' in text
    assert "Zé" in text and "ünïcode" in text  # UTF-8, not \\u escapes

    # Writing the same data again gives the same bytes.
    with store.transaction() as db:
        db.table("actors").update({"summary": "ünïcode"}, doc_ids=[1])
    assert briefing_file.read_bytes() == raw
    copy = briefing_file.with_name("copy.json")
    again = BriefingStore.create(copy, read_json_file(briefing_file))
    assert again.path is not None and again.path.read_bytes() == raw


@pytest.mark.usefixtures("seed_article")
def test_file_mode_is_preserved(briefing_file: Path) -> None:
    store = BriefingStore(briefing_file)
    src = source_id(store.read_document())
    for mode in (0o640, 0o600, 0o664):
        os.chmod(briefing_file, mode)
        inode = briefing_file.stat().st_ino
        with store.transaction() as db:
            db.table("actors").insert(actor(f"m{mode:o}", src))
        info = briefing_file.stat()
        assert info.st_ino != inode  # it was replaced, not rewritten in place
        assert stat.S_IMODE(info.st_mode) == mode


@pytest.mark.usefixtures("seed_article")
def test_owner_is_preserved_when_saving(briefing_file: Path) -> None:
    # Root (sudo) may save another user's file and must give it back; anyone else keeps theirs.
    owner = (12345, 23456) if IS_ROOT else (os.getuid(), os.getgid())
    os.chown(briefing_file, *owner)
    store = BriefingStore(briefing_file)
    with store.transaction() as db:
        db.table("briefing").update({"title": "Saved"}, doc_ids=[1])
    info = briefing_file.stat()
    assert (info.st_uid, info.st_gid) == owner


@pytest.mark.usefixtures("seed_article")
def test_create_respects_umask(folder: Path, document: dict) -> None:
    old = os.umask(0o077)
    try:
        BriefingStore.create(folder / "private.json", document)
    finally:
        os.umask(old)
    assert stat.S_IMODE((folder / "private.json").stat().st_mode) == 0o600
    old = os.umask(0o022)
    try:
        BriefingStore.create(folder / "shared.json", document)
    finally:
        os.umask(old)
    assert stat.S_IMODE((folder / "shared.json").stat().st_mode) == 0o644


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_symlink_is_refused_and_target_unchanged(briefing_file: Path, folder: Path) -> None:
    link = folder / "link.json"
    link.symlink_to(briefing_file)
    before = briefing_file.read_bytes()
    store = BriefingStore(link)
    assert store.load().title == "Store test"  # reading through a link is fine
    with pytest.raises(BriefingError, match="symbolic link") as caught:
        with store.transaction() as db:
            db.table("briefing").update({"title": "Through the link"}, doc_ids=[1])
    assert str(link) in str(caught.value)
    assert link.is_symlink() and os.readlink(link) == str(briefing_file)
    assert briefing_file.read_bytes() == before
    assert temporaries(link) == [] and temporaries(briefing_file) == []


@pytest.mark.usefixtures("seed_article")
def test_read_only_file_is_refused(briefing_file: Path) -> None:
    os.chmod(briefing_file, 0o444)
    before = briefing_file.read_bytes()
    store = BriefingStore(briefing_file)
    assert not store.writable
    assert store.load().title == "Store test"
    with pytest.raises(BriefingError, match="read-only") as caught:
        with store.transaction() as db:
            db.table("briefing").update({"title": "Changed"}, doc_ids=[1])
    assert str(caught.value).startswith(f"{briefing_file}: read-only")
    assert briefing_file.read_bytes() == before
    assert stat.S_IMODE(briefing_file.stat().st_mode) == 0o444


@pytest.mark.usefixtures("seed_article")
def test_read_only_folder_is_refused(briefing_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = briefing_file.parent
    before = briefing_file.read_bytes()
    if IS_ROOT:
        # Root may write any folder; stand in for a user who may not write this one.
        real_access = os.access

        def access(path, mode, **kwargs):  # type: ignore[no-untyped-def]
            if Path(path) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)

        monkeypatch.setattr(os, "access", access)
    os.chmod(folder, 0o555)
    try:
        store = BriefingStore(briefing_file)
        assert not store.writable
        assert store.clean_temporaries() == 0  # no crash when opening it read-only
        with pytest.raises(BriefingError, match="folder"):
            with store.transaction() as db:
                db.table("briefing").update({"title": "Changed"}, doc_ids=[1])
    finally:
        os.chmod(folder, 0o755)
    assert briefing_file.read_bytes() == before


@pytest.mark.usefixtures("seed_article")
def test_create_refuses_to_overwrite(briefing_file: Path, folder: Path, document: dict) -> None:
    before = briefing_file.read_bytes()
    other = dict(document, briefing={"1": dict(document["briefing"]["1"], title="Other")})
    with pytest.raises(BriefingError, match="already exists"):
        BriefingStore.create(briefing_file, other)
    assert briefing_file.read_bytes() == before

    dangling = folder / "dangling.json"
    dangling.symlink_to(folder / "nowhere.json")
    with pytest.raises(BriefingError, match="already exists"):
        BriefingStore.create(dangling, other)
    assert dangling.is_symlink() and not (folder / "nowhere.json").exists()
    assert temporaries(briefing_file) == [] and temporaries(dangling) == []


@pytest.mark.usefixtures("seed_article")
def test_create_refuses_an_invalid_document(folder: Path, document: dict) -> None:
    document["actors"] = {"1": {"id": "x"}}
    with pytest.raises(InvalidBriefing):
        BriefingStore.create(folder / "new.json", document)
    assert list(folder.iterdir()) == []


@pytest.mark.usefixtures("seed_article")
def test_full_disk_leaves_the_file_unchanged(
    briefing_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BriefingStore(briefing_file)
    before = briefing_file.read_bytes()

    def full(fd: int, data: bytes) -> None:
        os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_module, "_write_all", full)
    with pytest.raises(BriefingError, match="disk is full"):
        with store.transaction() as db:
            db.table("briefing").update({"title": "Too big"}, doc_ids=[1])
    assert briefing_file.read_bytes() == before
    assert temporaries(briefing_file) == []


@pytest.mark.usefixtures("seed_article")
def test_unserialisable_values_are_refused_before_writing(briefing_file: Path) -> None:
    store = BriefingStore(briefing_file)
    before = briefing_file.read_bytes()
    for bad in (float("nan"), "lone \ud800 surrogate"):
        with pytest.raises(BriefingError, match="cannot store"):
            with store.transaction() as db:
                db.table("briefing").update({"note": bad}, doc_ids=[1])  # not a checked field
        assert briefing_file.read_bytes() == before
    assert temporaries(briefing_file) == []


def test_missing_file_and_non_object_are_refused(folder: Path) -> None:
    with pytest.raises(BriefingError, match="no such file"):
        with BriefingStore(folder / "absent.json").transaction():
            pass
    assert not (folder / "absent.json").exists()
    odd = folder / "list.json"
    odd.write_text("[1, 2]\n")
    with pytest.raises(BriefingError, match="top level"):
        with BriefingStore(odd).transaction():
            pass
    assert odd.read_text() == "[1, 2]\n"


@pytest.mark.usefixtures("seed_article")
def test_nested_transaction_fails_instead_of_hanging(briefing_file: Path) -> None:
    store = BriefingStore(briefing_file)
    with store.transaction():
        with pytest.raises(RuntimeError, match="nested"):
            with BriefingStore(briefing_file).transaction():
                pass
        with pytest.raises(RuntimeError, match="nested"):
            store.clean_temporaries()
    with store.transaction():  # and the lock is free again afterwards
        pass


# --- temporaries -------------------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_clean_temporaries_removes_only_this_briefings_leftovers(
    folder: Path, document: dict
) -> None:
    # Names with glob characters: "brief[1].json" must not match "brief1.json"'s files.
    target = folder / "brief[1].json"
    neighbour = folder / "brief1.json"
    odd_name = folder / "brief[1].json.tmp-notes"  # a briefing whose name looks like ours
    for path in (target, neighbour, odd_name):
        BriefingStore.create(path, document)
    mine = [".brief[1].json.tmp-0123456789ab", ".brief[1].json.tmp-ab_cd9xy"]  # ours, mkstemp's
    not_mine = [
        ".brief1.json.tmp-0123456789ab",  # the neighbour's
        ".brief[1].json.tmp-notes.lock",  # the odd-named briefing's lock file
        ".brief[1].json.tmp-notes.tmp-0123456789ab",  # and its temporary
        ".brief[1].json.tmp-",  # not a name we make
        ".brief[1].json.tmp-0123456789abc",
    ]
    for name in mine + not_mine:
        (folder / name).write_text("{")
    (folder / ".brief[1].json.tmp-fedcba987654").mkdir()  # a folder is never removed

    assert BriefingStore(target).clean_temporaries() == 2
    for name in mine:
        assert not (folder / name).exists()
    for name in not_mine:
        assert (folder / name).exists()
    assert (folder / ".brief[1].json.tmp-fedcba987654").is_dir()
    for path in (target, neighbour, odd_name):
        assert BriefingStore(path).load().title == "Store test"
    assert BriefingStore(target).clean_temporaries() == 0
    assert BriefingStore.memory(document).clean_temporaries() == 0


@pytest.mark.usefixtures("seed_article")
def test_clean_temporaries_after_an_interrupted_save(
    briefing_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save interrupted between writing the temporary and renaming it leaves a
    temporary behind (as a SIGKILL would); cleaning removes it and the briefing is intact."""
    store = BriefingStore(briefing_file)
    before = briefing_file.read_bytes()

    def killed(src: object, dst: object) -> None:
        raise KeyboardInterrupt  # stands in for the process dying here

    monkeypatch.setattr(store_module.os, "replace", killed)
    monkeypatch.setattr(store_module.os, "unlink", lambda path: None)  # no clean-up ran
    with pytest.raises(KeyboardInterrupt):
        with store.transaction() as db:
            db.table("briefing").update({"title": "Half saved"}, doc_ids=[1])
    monkeypatch.undo()
    assert len(temporaries(briefing_file)) == 1
    assert briefing_file.read_bytes() == before
    assert store.clean_temporaries() == 1
    assert temporaries(briefing_file) == []
    assert lock_path(briefing_file).exists()  # the lock file stays; it is never removed
    assert store.load().title == "Store test"


@pytest.mark.usefixtures("seed_article")
def test_writes_go_through_dumps(briefing_file: Path) -> None:
    assert briefing_file.read_text(encoding="utf-8") == dumps(read_json_file(briefing_file))


@pytest.mark.usefixtures("seed_article")
def test_nesting_the_reader_would_refuse_is_never_saved(briefing_file: Path) -> None:
    from tui.storage.jsonio import MAX_DEPTH

    before = briefing_file.read_bytes()
    deep: object = "bottom"
    for _ in range(MAX_DEPTH):
        deep = [deep]
    store = BriefingStore(briefing_file)
    with pytest.raises(BriefingError, match="nested more than 64 levels deep"):
        with store.transaction() as db:
            db.table("briefing").update({"extra": deep}, doc_ids=[1])
    assert briefing_file.read_bytes() == before
    store.load()  # and what is on disk still reads
