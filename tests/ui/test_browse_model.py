"""The browser's table model: selections by question id survive a new order, cheaply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from studyapp.store.browse import BrowseRow
from studyapp.ui import browse_model
from studyapp.ui.browse_model import BrowseModel
from studyapp.ui.browse_window import question_table

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def row(question_id: int) -> BrowseRow:
    return BrowseRow(
        question_id, f"u{question_id}", 1, ("T",), f"Q{question_id}?", None, None, 0,
        False, False, False, False, False,
    )  # fmt: skip


def test_a_selection_is_kept_by_id_across_orders(qtbot: QtBot) -> None:
    model = BrowseModel()
    table = question_table(model)
    qtbot.addWidget(table)
    model.set_rows(tuple(row(i) for i in range(1, 11)), NOW)
    selection = model.selection_of([2, 3, 4, 8])
    assert selection is not None
    assert selection.count() == 2  # two runs: 2-4 and 8
    assert model.count_in(selection) == 4
    model.set_rows(tuple(row(i) for i in range(10, 0, -1)), NOW)
    again = model.selection_of([2, 3, 4, 8])
    assert again is not None
    table.selectionModel().select(again, table.selectionModel().SelectionFlag.ClearAndSelect)
    assert sorted(model.ids_in(table.selectionModel().selection())) == [2, 3, 4, 8]
    assert model.row_of(8) == 2
    assert model.row_of(99) is None


def test_a_selection_too_scattered_is_not_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse_model, "MAX_RANGES", 2)
    model = BrowseModel()
    model.set_rows(tuple(row(i) for i in range(1, 11)), NOW)
    assert model.selection_of([1, 3]) is not None
    assert model.selection_of([1, 3, 5]) is None


def test_every_row_chosen_is_one_range() -> None:
    model = BrowseModel()
    model.set_rows(tuple(row(i) for i in range(1, 11)), NOW)
    selection = model.selection_of([*range(10, 0, -1), 99])  # 99: a row that left the list
    assert selection is not None
    assert selection.count() == 1
    assert model.count_in(selection) == 10
    model.set_rows((), NOW)
    empty = model.selection_of([1])
    assert empty is not None
    assert empty.count() == 0
