"""TopicTreeModel is a well-behaved item model, before and after in-place updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from pytestqt.modeltest import ModelTester

from studyapp.store.records import TopicCounts, TopicNode, TopicTree
from studyapp.ui.topic_tree import TopicFilterModel, TopicTreeModel

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def make_tree(due: int = 2) -> TopicTree:
    basics = TopicNode(
        2, 1, "Basics", 0, TopicCounts(due=due, new=3, total=5, reviewed=2, mastery=0.8)
    )
    oop = TopicNode(3, 1, "OOP", 1, TopicCounts(new=4, total=4))
    python = TopicNode(
        1,
        None,
        "Python",
        0,
        TopicCounts(due=due, new=7, total=9, reviewed=2, mastery=0.8),
        (basics, oop),
    )
    git = TopicNode(4, None, "Git", 1, TopicCounts(due=1, new=1, total=2, reviewed=1, mastery=0.55))
    return TopicTree(
        (python, git), due_now=due + 1 + 8, bookmarked=1, all_questions=11, built_at=NOW
    )


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    qtmodeltester.check(model, force_py=True)


def test_same_shape_updates_counts_in_place(qtmodeltester: ModelTester) -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree(due=2))
    qtmodeltester.check(model, force_py=True)
    resets: list[int] = []
    changed: list[str] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda first, _last: changed.append(str(first.data())))
    model.set_tree(make_tree(due=0))
    assert resets == []
    assert set(changed) == {"Due now", "Python", "Basics"}
    basics = model.index(0, 1, model.index_for("topic:1"))
    assert basics.data() == ""  # no due left
    assert model.index(0, 3, model.index_for("topic:1")).data() == "80%"


def test_new_shape_resets(qtmodeltester: ModelTester) -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    tree = make_tree()
    model.set_tree(replace(tree, roots=tree.roots[:1]))
    assert resets == [1]
    qtmodeltester.check(model, force_py=True)


def test_filter_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    proxy = TopicFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 5  # it filters nothing: the view hides rows (tree_pane.py)


def test_what_a_filter_hides_and_opens() -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    matches = model.title_index().ranked("oop")
    assert matches == ["topic:3"]
    above = model.ancestors_of(matches)
    assert above == {"topic:1"}  # Python, opened to show OOP
    # Basics and Git go; the fixed rows never do.
    assert model.hidden_by(above | set(matches)) == {"topic:2", "topic:4"}
    # Under a hidden topic a row is out of sight already: only Python itself is hidden.
    assert model.hidden_by({"topic:4"}) == {"topic:1"}


def test_the_plan_node_comes_and_goes_above_the_fixed_nodes(
    qtmodeltester: ModelTester,
) -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    proxy = TopicFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)  # it watches the proxy's every change below
    model.set_plan("Interview plan — 12 days · 34 today")
    assert model.index(0, 0).data() == "Interview plan — 12 days · 34 today"
    assert model.fixed_rows == 4
    assert proxy.rowCount() == 6  # the plan, three fixed nodes, Python and Git
    assert "plan" not in model.hidden_by(set())  # a filter never hides it
    model.set_plan("Interview plan — 12 days · 33 today")  # in place, no reset
    assert model.index_for("plan").data() == "Interview plan — 12 days · 33 today"
    model.set_tree(replace(make_tree(), roots=make_tree().roots[:1]))  # a reset keeps it
    assert model.index(0, 0).data() == "Interview plan — 12 days · 33 today"
    model.set_plan(None)
    assert model.index(0, 0).data() == "Due now"
    assert proxy.rowCount() == 4


def test_a_rename_with_the_same_shape_updates_the_title_in_place() -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    assert model.title_index().ranked("version") == []
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    tree = make_tree()
    git = replace(tree.roots[1], title="Version control")
    model.set_tree(replace(tree, roots=(tree.roots[0], git)))
    assert resets == []
    assert model.index_for("topic:4").data() == "Version control"
    assert model.title_of("topic:4") == "Version control"
    assert model.title_index().ranked("version") == ["topic:4"]  # the filter finds the new one


def test_edits_and_drops_are_announced_not_applied() -> None:
    from PySide6.QtCore import QModelIndex, Qt

    model = TopicTreeModel()
    model.set_tree(make_tree())
    renamed: list[tuple[int, str]] = []
    dropped: list[tuple[int, int, int]] = []
    model.topic_renamed.connect(lambda *args: renamed.append(args))
    model.topic_dropped.connect(lambda *args: dropped.append(args))
    assert not model.setData(model.index_for("topic:4"), "  Version   control ")
    assert renamed == [(4, "Version control")]
    assert model.index_for("topic:4").data() == "Git"  # until the saved tree comes back
    mime = model.mimeData([model.index_for("topic:4")])
    move = Qt.DropAction.MoveAction
    assert not model.dropMimeData(mime, move, -1, 0, model.index_for("topic:1"))  # onto Python
    assert not model.dropMimeData(mime, move, 1, 0, model.index_for("topic:1"))  # before OOP
    assert not model.dropMimeData(mime, move, 3, 0, QModelIndex())  # before Python, at the top
    assert dropped == [(4, 1, 0), (4, 1, 3), (4, 0, 1)]
    python = model.mimeData([model.index_for("topic:1")])
    assert not model.canDropMimeData(python, move, -1, 0, model.index_for("topic:3"))
    assert not model.canDropMimeData(python, move, -1, 0, model.index_for("due"))
