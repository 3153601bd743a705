"""The renderer the services are given once: Markdown to HTML in the current theme.

A huge block comes cut, ending in a link to `MORE_URL`; `level` asks for ten times more
(content/capping.py), so neither the worker nor the window's layout ever takes it whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.content.capping import MORE_URL
from studyapp.gc_pause import collector_paused

if TYPE_CHECKING:  # render.py pulls in markdown-it and Pygments: not before first paint
    from studyapp.content.render import RestOfBlock

__all__ = ["MORE_URL", "Renderer", "RestOfBlock", "code_style"]


def code_style(theme: str) -> str:
    """The Pygments style of code in `theme`: the editors highlight their source with it."""
    from studyapp.content.render import CODE_STYLE

    return CODE_STYLE[theme]


class Renderer:
    def __init__(self, theme: str) -> None:
        self.theme = theme

    def html(self, markdown: str, level: int = 0) -> str:
        """The cyclic garbage collector waits meanwhile: parsing allocates tokens by the
        thousand, which set off full collections of the whole heap (150–340 ms each, holding
        the GIL, so the GUI thread stalled as long: bench/reading.py). Tokens hold no cycles;
        reference counting frees them."""
        from studyapp.content.render import render_markdown

        with collector_paused():
            return render_markdown(markdown, self.theme, level)

    def rest(self, markdown: str, level: int) -> list[RestOfBlock] | None:
        """What `level` adds to `level - 1`, per cut block, as pieces the window inserts one
        per event-loop turn (content/render.py `RestOfBlock`); None: set `html` whole."""
        from studyapp.content.render import render_rest

        with collector_paused():
            return render_rest(markdown, self.theme, level)
