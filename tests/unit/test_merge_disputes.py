"""Disputes travel through git like any field: ``briefing merge`` merges an entry's accounts
field by field, and ``briefing diff`` says which dispute changed, in words."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from story_briefing import build_story

from tui.core.diff import diff_documents
from tui.core.merge import merge_documents
from tui.core.validate import check_conflicts, check_document


def _sides(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[str]]:
    path, ids = build_story(tmp_path)
    base = json.loads(path.read_text(encoding="utf-8"))
    return base, copy.deepcopy(base), copy.deepcopy(base), ids


def _pay(document: dict[str, Any]) -> dict[str, Any]:
    return next(row for row in document["demands"].values() if row["id"] == "pay-raise")


def test_disputes_recorded_on_different_fields_on_each_side_are_both_kept(
        tmp_path: Path) -> None:
    base, ours, theirs, ids = _sides(tmp_path)
    status = [{"value": "standing", "sources": [f"{ids[2]}#p3.s1"]},
              {"value": "rejected", "sources": [f"{ids[2]}#p2.s2"]}]
    _pay(ours)["accounts"]["status"] = status
    _pay(theirs)["accounts"]["response"][0]["note"] = "said by the union's leader"
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    merged = _pay(result.document)["accounts"]
    assert merged["status"] == status
    assert merged["response"][0]["note"] == "said by the union's leader"
    assert check_document(result.document)[0] == []


def test_one_side_removing_a_dispute_the_other_left_alone_removes_it(tmp_path: Path) -> None:
    base, ours, theirs, _ = _sides(tmp_path)
    del _pay(theirs)["accounts"]
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == [] and "accounts" not in _pay(result.document)


def test_the_same_dispute_changed_differently_on_both_sides_is_a_conflict_keeping_ours(
        tmp_path: Path) -> None:
    base, ours, theirs, _ = _sides(tmp_path)
    _pay(ours)["accounts"]["response"][0]["value"] = "Offer raised to 4.5 percent"
    _pay(theirs)["accounts"]["response"][0]["value"] = "Offer raised to 5 percent"
    result = merge_documents(base, ours, theirs)
    [conflict] = result.conflicts
    assert conflict["field"] == "accounts.response" and conflict["entry"] == "pay-raise"
    kept = _pay(result.document)["accounts"]["response"][0]["value"]
    assert kept == "Offer raised to 4.5 percent"
    [problem] = check_conflicts(result.document)
    assert "pay-raise.accounts.response" in problem.message


def test_diff_names_the_disputed_field_and_its_accounts(tmp_path: Path) -> None:
    base, _, new, ids = _sides(tmp_path)
    _pay(new)["accounts"]["response"][1]["note"] = "the association"
    lines = diff_documents(base, new)
    assert lines[0] == "Demands: changed A 6 percent raise (pay-raise)"
    assert lines[1].startswith("  Disputed Response: 1. Offer raised to 4 percent "
                               "(the union's account) ")
    assert "-> 1. Offer raised to 4 percent" in lines[1]
    assert lines[1].endswith(f"| 2. 3 percent, unchanged (the association) [{ids[0]}#p3.s1, "
                             f"{ids[1]}#p3.s2, {ids[2]}#p2.s2]")
