"""The folder index: a derived copy of what the files say, rebuilt when they change, and
never trusted over them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from folder_briefings import ONLY_IN_THIRD, TITLES, briefing, make_folder, write

from tui.storage.folder_index import FolderIndex, index_path
from tui.storage.store import read_document
from tui.ui.screens.chooser import briefing_files

pytestmark = pytest.mark.usefixtures("seed_article")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path)


def _indexed(folder: Path) -> FolderIndex:
    index = FolderIndex(folder)
    index.refresh(briefing_files(folder))
    return index


def _bump_mtime(path: Path) -> None:
    """Make sure the file's key changes even on a coarse-clocked filesystem."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_summaries_give_each_briefing_its_title_as_of_and_counts(folder: Path) -> None:
    summaries = FolderIndex(folder).refresh(briefing_files(folder))
    assert [s.path.name for s in summaries] == ["first.json", "second.json", "third.json"]
    assert [s.title for s in summaries] == list(TITLES)
    assert {s.as_of for s in summaries} == {"2025-11"}
    assert summaries[0].counts == {"actors": 4, "meetings": 1, "demands": 1, "corruption": 1,
                                   "financing": 1, "events": 1}
    assert all(s.problem is None for s in summaries)


def test_a_search_finds_an_entry_by_a_prefix_of_its_name_in_the_one_file_that_has_it(
        folder: Path) -> None:
    hits = _indexed(folder).search("quillf")
    assert [(h.path.name, h.entry_id, h.title) for h in hits] == [
        ("third.json", "witkoff", ONLY_IN_THIRD)]
    assert hits[0].briefing_title == TITLES[2]


def test_a_file_changed_on_disk_is_found_by_its_new_text_not_its_old(folder: Path) -> None:
    index = _indexed(folder)
    assert index.search("quillfeather")
    third = folder / "third.json"
    write(third, briefing(TITLES[2], witkoff="Bartholomew Snodgrass"))
    _bump_mtime(third)
    assert index.search("quillfeather") == []  # not even before the next refresh
    index.refresh(briefing_files(folder))
    assert index.search("quillfeather") == []
    assert [(h.path.name, h.entry_id) for h in index.search("snodgrass")] == [
        ("third.json", "witkoff")]


def test_a_corrupt_index_file_is_rebuilt_from_the_files(folder: Path) -> None:
    _indexed(folder)
    db = index_path(folder)
    size = db.stat().st_size
    db.write_bytes(b"this is not a database at all " * (size // 30 + 1))
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    index = FolderIndex(folder)
    assert [h.path.name for h in index.search("quillfeather")] == []  # nothing known yet
    summaries = index.refresh(briefing_files(folder))
    assert [s.title for s in summaries] == list(TITLES)
    assert [h.path.name for h in index.search("quillfeather")] == ["third.json"]


def test_an_index_cut_short_is_rebuilt_and_the_list_is_whole(folder: Path) -> None:
    _indexed(folder)
    db = index_path(folder)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)  # only the main file is left, cut
    with db.open("r+b") as handle:
        handle.truncate(1000)
    summaries = FolderIndex(folder).refresh(briefing_files(folder))
    assert [s.title for s in summaries] == list(TITLES)
    assert [h.path.name for h in FolderIndex(folder).search("quillfeather")] == ["third.json"]


def test_the_index_never_names_an_entry_not_in_the_files(folder: Path) -> None:
    index = _indexed(folder)
    second = folder / "second.json"
    document = briefing(TITLES[1])
    del document["actors"]["3"]  # witkoff is gone from the second briefing
    document["meetings"]["1"]["participants"] = ["zelensky"]
    write(second, document)
    _bump_mtime(second)
    (folder / "third.json").unlink()
    for refresh in (False, True):  # before the index has caught up, and after
        if refresh:
            index.refresh(briefing_files(folder))
        for query in ("steve", "witkoff", "ankara", "russia", "talks", "quillfeather"):
            for hit in index.search(query):
                ids = {row["id"] for table in ("actors", "meetings", "demands", "corruption",
                                               "financing", "events")
                       for row in read_document(hit.path)[table].values()}
                assert hit.entry_id in ids, (query, hit)
        assert [h.path.name for h in index.search("steve witkoff")] == ["first.json"]


def test_a_file_that_cannot_open_is_listed_with_its_problem_and_offers_no_entries(
        folder: Path) -> None:
    (folder / "broken.json").write_text('{"briefing": {"1": {"title": 5}}}', encoding="utf-8")
    index = FolderIndex(folder)
    summaries = index.refresh(briefing_files(folder))
    broken = next(s for s in summaries if s.path.name == "broken.json")
    assert broken.problem is not None and broken.problem.startswith("briefing/1.schema: missing")
    assert {h.path.name for h in index.search("ankara")} == {"first.json", "second.json",
                                                             "third.json"}


def test_names_that_start_with_the_word_come_first_then_names_that_hold_it_then_text(
        folder: Path) -> None:
    write(folder / "first.json", briefing(TITLES[0], zelensky="Quillfeather Institute"))
    second = briefing(TITLES[1])
    second["meetings"]["1"]["outcome"] = "Minutes kept by a Quillfeather clerk."
    write(folder / "second.json", second)
    hits = _indexed(folder).search("quillf")
    assert [(h.path.name, h.entry_id) for h in hits] == [
        ("first.json", "zelensky"), ("third.json", "witkoff"), ("second.json", "ankara-talks")]


def test_a_search_folds_accents_and_needs_every_word(folder: Path) -> None:
    write(folder / "first.json", briefing(TITLES[0], russia="Recep Tayyip Erdoğan"))
    index = _indexed(folder)
    assert [(h.path.name, h.title) for h in index.search("erdo")] == [
        ("first.json", "Recep Tayyip Erdoğan")]
    assert [h.entry_id for h in index.search("tayyip erdo")] == ["russia"]
    assert index.search("tayyip zelensky") == []


def test_attaching_the_article_checks_a_file_again_against_it(folder: Path) -> None:
    from sample_briefing import loc
    from seedfile import SEED

    from tui.core.article import read_article
    from tui.storage.attachments import keep_article

    document = briefing(TITLES[0])
    document["actors"]["3"]["sources"] = [loc(1, 5)]  # paragraph 1 has only 3 sentences
    write(folder / "first.json", document)
    index = FolderIndex(folder)
    assert index.refresh(briefing_files(folder))[0].problem is None  # no article to tell
    keep_article(read_article(SEED))
    problem = index.refresh(briefing_files(folder))[0].problem
    assert problem == "actors/3.sources[0]: 'src-b3e3d252#p1.s5' is past the end of the " \
                      "attached article"
    assert [h.path.name for h in index.search("steve witkoff")] == ["second.json"]


def test_two_refreshes_at_once_both_list_every_briefing_and_the_index_stays_whole(
        folder: Path) -> None:
    import threading

    results: list[list[str | None]] = []

    def refresh() -> None:
        summaries = FolderIndex(folder).refresh(briefing_files(folder))
        results.append([s.title for s in summaries])

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [list(TITLES), list(TITLES)]
    hits = [(h.path.name, h.entry_id) for h in FolderIndex(folder).search("witkoff")]
    # Each entry once (the actor by its alias, the meeting by its participant), not twice.
    assert sorted(hits) == sorted((name, entry) for name in ("first.json", "second.json",
                                                              "third.json")
                                  for entry in ("witkoff", "ankara-talks"))


def test_an_index_another_writer_holds_is_not_deleted_and_the_list_reads_the_files(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import tui.storage.folder_index as folder_index

    index = _indexed(folder)
    db = index_path(folder)
    inode = db.stat().st_ino
    monkeypatch.setattr(folder_index, "_BUSY_TIMEOUT", 0.1)
    third = folder / "third.json"
    write(third, briefing("A retitled third look", witkoff="Marguerite Quillfeather"))
    _bump_mtime(third)  # stale: the refresh must write, and the writer's lock is held
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        summaries = index.refresh(briefing_files(folder))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [s.title for s in summaries] == [TITLES[0], TITLES[1], "A retitled third look"]
    assert db.stat().st_ino == inode  # the same index, not deleted and rebuilt
    index.refresh(briefing_files(folder))
    assert [h.briefing_title for h in index.search(ONLY_IN_THIRD)] == ["A retitled third look"]


def test_a_cache_folder_that_is_a_link_is_neither_written_nor_pruned(folder: Path) -> None:
    """The index lives in the program's own cache folder: if that is a link to someone
    else's folder, nothing is made or deleted there and the list reads the files."""
    from tui.storage.paths import cache_dir

    elsewhere = folder.parent / "elsewhere"
    (elsewhere / "folders").mkdir(parents=True)
    victim = elsewhere / "folders" / index_path(folder).name
    victim.write_bytes(b"not an index, and not ours to delete")
    cache = cache_dir()
    cache.parent.mkdir(parents=True, exist_ok=True)
    if cache.exists():
        import shutil
        shutil.rmtree(cache)
    cache.symlink_to(elsewhere, target_is_directory=True)
    summaries = FolderIndex(folder).refresh(briefing_files(folder))
    assert [s.title for s in summaries] == list(TITLES)
    assert victim.read_bytes() == b"not an index, and not ours to delete"
    assert sorted(p.name for p in (elsewhere / "folders").iterdir()) == [victim.name]
