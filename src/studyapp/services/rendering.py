"""The renderer the services are given once: Markdown to HTML in the current theme."""

from __future__ import annotations


class Renderer:
    def __init__(self, theme: str) -> None:
        self.theme = theme

    def html(self, markdown: str) -> str:
        from studyapp.content.render import render_markdown

        return render_markdown(markdown, self.theme)
