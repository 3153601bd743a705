"""Every user action as a QAction with its shortcut, grouped into the window's menus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from studyapp.ui.theme import ThemeChoice


@dataclass
class Actions:
    reveal: QAction
    grades: dict[int, QAction]
    bookmark: QAction
    undo: QAction
    due_now: QAction
    practise: QAction
    filter_topics: QAction
    larger: QAction
    smaller: QAction
    full_screen: QAction
    themes: dict[ThemeChoice, QAction]
    quit: QAction
    about: QAction
    open_logs: QAction
    restore_deck: QAction
    remove_deck: QAction
    reset_progress: QAction
    study_settings: QAction
    import_file: QAction
    export: QAction
    back_up: QAction
    restore: QAction
    check: QAction
    statistics: QAction
    drill_weakest: QAction
    plan_today: QAction
    find: QAction
    browse: QAction
    edit: QAction
    add: QAction
    suspend: QAction
    delete: QAction
    flag: QAction
    plan: QAction


def _action(
    window: QMainWindow,
    text: str,
    slot: Callable[[], None],
    shortcuts: list[str | QKeySequence.StandardKey] | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work even while the menu bar is hidden (full screen)
    return action


def build_actions(window: QMainWindow, slots: dict[str, Callable[[], None]]) -> Actions:
    grades = {
        rating: _action(window, f"{label}", slots[f"grade{rating}"], [str(rating)])
        for rating, label in ((1, "&Again"), (2, "&Hard"), (3, "&Good"), (4, "&Easy"))
    }
    themes: dict[ThemeChoice, QAction] = {}
    group = QActionGroup(window)
    for choice, label in (
        (ThemeChoice.SYSTEM, "Follow &System"),
        (ThemeChoice.LIGHT, "&Light"),
        (ThemeChoice.DARK, "&Dark"),
    ):
        action = _action(window, label, slots[f"theme_{choice.value}"])
        action.setCheckable(True)
        group.addAction(action)
        themes[choice] = action
    return Actions(
        reveal=_action(window, "&Reveal Answer / Good", slots["reveal"], ["Space"]),
        grades=grades,
        bookmark=_action(window, "&Bookmark", slots["bookmark"], ["B"]),
        undo=_action(window, "&Undo", slots["undo"], [QKeySequence.StandardKey.Undo]),
        due_now=_action(window, "Study &Due Now", slots["due_now"], ["Ctrl+D"]),
        practise=_action(window, "&Practise Anyway", slots["practise"], ["Ctrl+P"]),
        filter_topics=_action(window, "&Filter Topics", slots["filter_topics"], ["Ctrl+L"]),
        larger=_action(window, "&Larger Text", slots["larger"], ["Ctrl+=", "Ctrl++"]),
        smaller=_action(window, "&Smaller Text", slots["smaller"], ["Ctrl+-"]),
        full_screen=_action(window, "&Full Screen", slots["full_screen"], ["F11", "Ctrl+Shift+F"]),
        themes=themes,
        quit=_action(window, "&Quit", slots["quit"], ["Ctrl+Q"]),
        about=_action(window, "&About StudyApp", slots["about"]),
        open_logs=_action(window, "Open &Log Folder", slots["open_logs"]),
        restore_deck=_action(window, "&Restore Built-in Deck", slots["restore_deck"]),
        remove_deck=_action(window, "Re&move Built-in Deck…", slots["remove_deck"]),
        reset_progress=_action(
            window, "Reset &Progress on Built-in Deck…", slots["reset_progress"]
        ),
        import_file=_action(window, "&Import…", slots["import_file"], ["Ctrl+I"]),
        export=_action(window, "&Export…", slots["export"], ["Ctrl+E"]),
        back_up=_action(window, "&Back Up Now", slots["back_up"]),
        restore=_action(window, "&Restore from Backup…", slots["restore"]),
        check=_action(window, "&Check Database", slots["check"]),
        study_settings=_action(window, "Study &Settings…", slots["study_settings"], ["Ctrl+,"]),
        statistics=_action(window, "S&tatistics…", slots["statistics"], ["Ctrl+Shift+S"]),
        drill_weakest=_action(
            window, "Dri&ll Weakest Questions", slots["drill_weakest"], ["Ctrl+Shift+D"]
        ),
        plan_today=_action(
            window, "Today's &Interview Plan", slots["plan_today"], ["Ctrl+Shift+P"]
        ),
        find=_action(window, "&Find Questions…", slots["find"], [QKeySequence.StandardKey.Find]),
        browse=_action(window, "&Browse Questions…", slots["browse"], ["Ctrl+B"]),
        edit=_action(window, "&Edit Question…", slots["edit"], ["E"]),
        add=_action(window, "&Add Question…", slots["add"], ["A", "Ctrl+N"]),
        suspend=_action(window, "&Suspend Question", slots["suspend"], ["Ctrl+J"]),
        delete=_action(window, "&Delete Question", slots["delete"], ["Ctrl+Del"]),
        flag=_action(window, "F&lag for Fixing…", slots["flag"], ["Ctrl+Shift+E"]),
        plan=_action(window, "&Interview Plan…", slots["plan"], ["Ctrl+Shift+I"]),
    )


def build_menus(window: QMainWindow, actions: Actions) -> dict[str, QMenu]:
    bar = window.menuBar()
    menus = {
        "file": bar.addMenu("&File"),
        "edit": bar.addMenu("&Edit"),
        "study": bar.addMenu("&Study"),
        "view": bar.addMenu("&View"),
        "tools": bar.addMenu("&Tools"),
        "help": bar.addMenu("&Help"),
    }
    menus["file"].addAction(actions.import_file)
    menus["file"].addAction(actions.export)
    menus["file"].addSeparator()
    menus["file"].addAction(actions.back_up)
    menus["file"].addAction(actions.restore)
    deck_menu = menus["file"].addMenu("&Built-in Deck")
    deck_menu.addAction(actions.restore_deck)
    deck_menu.addAction(actions.remove_deck)
    deck_menu.addAction(actions.reset_progress)
    menus["file"].addSeparator()
    menus["file"].addAction(actions.quit)
    menus["edit"].addAction(actions.undo)
    menus["edit"].addSeparator()
    menus["edit"].addAction(actions.edit)
    menus["edit"].addAction(actions.add)
    menus["edit"].addAction(actions.flag)
    menus["edit"].addAction(actions.suspend)
    menus["edit"].addAction(actions.delete)
    menus["edit"].addAction(actions.find)
    menus["edit"].addAction(actions.browse)
    study = menus["study"]
    study.addAction(actions.reveal)
    for action in actions.grades.values():
        study.addAction(action)
    study.addSeparator()
    study.addAction(actions.bookmark)
    study.addSeparator()
    study.addAction(actions.due_now)
    study.addAction(actions.practise)
    study.addAction(actions.drill_weakest)
    study.addAction(actions.plan_today)
    view = menus["view"]
    theme_menu = view.addMenu("&Theme")
    for action in actions.themes.values():
        theme_menu.addAction(action)
    view.addAction(actions.larger)
    view.addAction(actions.smaller)
    view.addAction(actions.full_screen)
    view.addSeparator()
    view.addAction(actions.filter_topics)
    menus["tools"].addAction(actions.statistics)
    menus["tools"].addAction(actions.plan)
    menus["tools"].addAction(actions.study_settings)
    menus["tools"].addAction(actions.check)
    menus["help"].addAction(actions.open_logs)
    menus["help"].addAction(actions.about)
    return menus


def enable_actions(actions: Actions, *, shown: bool, revealed: bool, idle: bool) -> None:
    """What can be done now: study keys while a question is shown (grades once its answer
    is), everything else only when no work is in flight."""
    actions.reveal.setEnabled(shown)
    for grade in actions.grades.values():
        grade.setEnabled(revealed)
    for action in (
        actions.bookmark,
        actions.edit,
        actions.add,
        actions.suspend,
        actions.delete,
        actions.flag,
    ):
        action.setEnabled(shown)
    for action in (
        actions.undo,
        actions.due_now,
        actions.practise,
        actions.drill_weakest,
        actions.plan_today,
        actions.statistics,
        actions.plan,
        actions.find,
        actions.browse,
        actions.restore_deck,
        actions.remove_deck,
        actions.reset_progress,
        actions.study_settings,
        actions.import_file,
        actions.export,
        actions.back_up,
        actions.restore,
        actions.check,
    ):
        action.setEnabled(idle)
