"""Disputes: an entry records the accounts of sources that disagree on a field; ``briefing
check`` holds them to the rules of any other field, and the Editor records them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from story_briefing import build_story, offer_accounts

from tui.core.accounts import disputes_of
from tui.storage.loader import load_index


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "check", str(path)], capture_output=True,
                          text=True, env=os.environ.copy(), timeout=60)


def _pay_raise(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return next((k, row) for k, row in document["demands"].items() if row["id"] == "pay-raise")


def _edited(path: Path, change: Any) -> Path:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(_pay_raise(document)[1])
    bad = path.with_name("bad.json")
    bad.write_text(json.dumps(document), encoding="utf-8")
    return bad


def test_the_story_with_its_dispute_checks_clean_and_reads_back_the_held_account(
        tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    assert _check(path).returncode == 0
    entry = load_index(path).get("pay-raise")
    assert entry is not None
    [dispute] = disputes_of(entry)
    assert dispute.field.name == "response" and dispute.held == "3 percent, unchanged"
    assert [a.value for a in dispute.accounts] == ["Offer raised to 4 percent",
                                                   "3 percent, unchanged"]
    assert [a.held for a in dispute.accounts] == [False, True]
    assert dispute.accounts[0].sources == (f"{ids[2]}#p2.s1",)
    assert dispute.accounts[0].note == "the union's account"


def test_check_names_a_dispute_citing_a_sentence_that_does_not_exist(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    doc_id = _pay_raise(json.loads(path.read_text(encoding="utf-8")))[0]
    bad = _edited(path, lambda row: row["accounts"]["response"][0]["sources"].append(
        f"{ids[2]}#p2.s9"))
    result = _check(bad)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{bad}: demands/{doc_id}.accounts.response[0].sources[1]: "
        f"'{ids[2]}#p2.s9' is past the end of the attached article")


def test_check_names_an_unknown_field_a_lone_account_and_an_empty_value(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    doc_id = _pay_raise(json.loads(path.read_text(encoding="utf-8")))[0]

    def spoil(row: dict[str, Any]) -> None:
        row["accounts"]["colour"] = offer_accounts(*ids)
        row["accounts"]["status"] = [{"value": "met", "sources": [f"{ids[2]}#p2.s1"]}]
        row["accounts"]["response"][1]["value"] = "  "

    result = _check(_edited(path, spoil))
    at = f"demands/{doc_id}.accounts"
    assert result.returncode == 1
    assert sorted(line.split(": ", 1)[1] for line in result.stderr.splitlines()) == sorted([
        f"{at}.colour: 'colour' is not a field of a demand entry",
        f"{at}.status: a dispute needs at least two accounts, not 1",
        f"{at}.response[1].value: must not be empty",
    ])


def test_check_holds_an_account_value_to_its_field_type_and_citations_to_at_least_one(
        tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    doc_id = _pay_raise(json.loads(path.read_text(encoding="utf-8")))[0]

    def spoil(row: dict[str, Any]) -> None:
        row["accounts"]["status"] = [
            {"value": "won", "sources": [f"{ids[2]}#p2.s1"]},
            {"value": "standing", "sources": []},
        ]
        row["accounts"]["sources"] = offer_accounts(*ids)

    result = _check(_edited(path, spoil))
    at = f"demands/{doc_id}.accounts"
    assert result.returncode == 1
    assert sorted(line.split(": ", 1)[1] for line in result.stderr.splitlines()) == sorted([
        f"{at}.status[0].value: 'won' is not one of: standing, met, rejected, withdrawn, unknown",
        f"{at}.status[1].sources: must cite at least one sentence",
        f"{at}.sources: 'sources' cannot be disputed (only what the sources say can)",
    ])


def test_a_dispute_is_recorded_with_its_sentences_logged_and_undone_through_the_editor(
        tmp_path: Path) -> None:
    from tui.authoring.editor import Editor

    path, ids = build_story(tmp_path)
    editor = Editor(path, by="tester")
    base = _pay_raise(editor.document())[1]
    accounts = [{"value": "standing", "sources": [f"{ids[1]}#p2.s1"], "note": " "},
                {"value": "met", "sources": [f"{ids[2]}#p2.s1"]}]
    change = editor.set_dispute("pay-raise", "status", accounts, base)
    assert change is not None and set(change.fields) == {"accounts", "sources"}
    row = _pay_raise(editor.document())[1]
    assert row["accounts"]["status"] == [
        {"value": "standing", "sources": [f"{ids[1]}#p2.s1"]},
        {"value": "met", "sources": [f"{ids[2]}#p2.s1"]}]
    # The entry rests on its accounts' sentences too: the one it did not cite is added.
    assert row["sources"] == [*base["sources"], f"{ids[1]}#p2.s1"]
    log = json.loads(path.read_text(encoding="utf-8"))["changes"]
    assert set(log[max(log, key=int)]["fields"]) == {"accounts", "sources"}
    editor.undo()
    after = _pay_raise(editor.document())[1]
    assert list(after["accounts"]) == ["response"] and after["sources"] == base["sources"]


def test_the_json_schema_allows_a_dispute_on_exactly_the_fields_check_allows() -> None:
    import tui
    from tui.core.accounts import disputable_fields
    from tui.core.model import ENTRY_KINDS

    schema = json.loads((Path(tui.__file__).parent / "schema" / "briefing.schema.json")
                        .read_text(encoding="utf-8"))
    for kind in ENTRY_KINDS:
        accounts = schema["$defs"][f"entry.{kind}"]["properties"]["accounts"]
        assert accounts["propertyNames"]["enum"] == [f.name for f in disputable_fields(kind)]
        assert "id" not in accounts["propertyNames"]["enum"]
    assert schema["$defs"]["accountList"]["minItems"] == 2
    assert schema["$defs"]["account"]["required"] == ["value", "sources"]


def test_every_export_format_shows_the_accounts_the_held_one_and_their_footnotes(
        tmp_path: Path) -> None:
    from tui.export.formats import export_briefing

    path, _ = build_story(tmp_path)
    index = load_index(path)
    markdown = export_briefing(index, "markdown", full=False)
    assert ("  - *Disputed: Response (the sources disagree; held: 3 percent, unchanged)*"
            in markdown.splitlines())
    assert "    - 1. Offer raised to 4 percent: the union's account [10]" in markdown
    assert "    - 2. 3 percent, unchanged (held): Ivo Brandt, for the association [3] [8] [11]" \
        in markdown
    assert "10. src-b5eb8376 p2.s1 · Velmar talks held, offer disputed · “The union said" \
        in markdown
    page = export_briefing(index, "html", full=True)
    assert "<em>Disputed: Response (the sources disagree; held: 3 percent, unchanged)</em>" in page
    assert "<li>2. 3 percent, unchanged (held): Ivo Brandt, for the association " in page
    model = json.loads(export_briefing(index, "json", full=True))
    demand = next(e for s in model["sections"] for e in s["entries"] if e["id"] == "pay-raise")
    [dispute] = demand["disputes"]
    assert dispute["name"] == "response" and dispute["held"] == "3 percent, unchanged"
    assert [(a["value"], a["held"], a["footnotes"]) for a in dispute["accounts"]] == [
        ("Offer raised to 4 percent", False, [10]), ("3 percent, unchanged", True, [3, 8, 11])]
    others = [e for s in model["sections"] for e in s["entries"] if e["id"] != "pay-raise"]
    assert all("disputes" not in e for e in others)
