"""Every topic as a choice for a list: (id, "Parent › Child"), in the tree's order. Move to
Topic (Browse) and the editor's topic box offer them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.services.views import TopicNode, TopicTree


def topic_choices(tree: TopicTree | None) -> list[tuple[int, str]]:
    choices: list[tuple[int, str]] = []

    def walk(node: TopicNode, path: tuple[str, ...]) -> None:
        here = (*path, node.title)
        choices.append((node.id, " › ".join(here)))
        for child in node.children:
            walk(child, here)

    for root in tree.roots if tree is not None else ():
        walk(root, ())
    return choices
