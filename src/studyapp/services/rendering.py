"""The renderer the services are given once: Markdown to HTML in the current theme.

A huge block comes cut, ending in a link to `MORE_URL`; `level` asks for ten times more
(content/capping.py), so neither the worker nor the window's layout ever takes it whole.
"""

from __future__ import annotations

from studyapp.content.capping import MORE_URL

__all__ = ["MORE_URL", "Renderer"]


class Renderer:
    def __init__(self, theme: str) -> None:
        self.theme = theme

    def html(self, markdown: str, level: int = 0) -> str:
        from studyapp.content.render import render_markdown

        return render_markdown(markdown, self.theme, level)
