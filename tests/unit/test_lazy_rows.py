"""A long list finds the row to keep its reader on without keying every row first."""

from __future__ import annotations

from rich.text import Text

from tui.present.rows import LazyRows, Row


def test_index_of_keys_items_only_as_far_as_the_row_it_finds() -> None:
    keyed: list[int] = []

    def key_of(n: int) -> str:
        keyed.append(n)
        return f"entry:{n}"

    rows = LazyRows(list(range(45_000)), lambda n: Row(Text(str(n))), key_of)
    assert rows.index_of("entry:2") == 2
    assert keyed == [0, 1, 2]  # the reader near the top: three rows keyed, not 45,000
    assert rows.index_of("entry:1") == 1 and len(keyed) == 3  # found among those keyed
    assert rows.index_of("entry:44999") == 44_999
    assert rows.index_of("entry:nobody") == -1
    assert rows.index_of("entry:7") == 7
    assert len(keyed) == 45_000  # each row keyed once over every look-up
