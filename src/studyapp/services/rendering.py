"""The renderer the services are given once: Markdown to HTML in the current theme.

A huge block comes cut, ending in a link to `MORE_URL`; `level` asks for ten times more
(content/capping.py), so neither the worker nor the window's layout ever takes it whole.
"""

from __future__ import annotations

import gc

from studyapp.content.capping import MORE_URL

__all__ = ["MORE_URL", "Renderer"]


class Renderer:
    def __init__(self, theme: str) -> None:
        self.theme = theme

    def html(self, markdown: str, level: int = 0) -> str:
        """The cyclic garbage collector waits meanwhile: parsing allocates tokens by the
        thousand, which set off full collections of the whole heap (150–340 ms each, holding
        the GIL, so the GUI thread stalled as long: bench/reading.py). Tokens hold no cycles;
        reference counting frees them."""
        from studyapp.content.render import render_markdown

        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return render_markdown(markdown, self.theme, level)
        finally:
            if was_enabled:
                gc.enable()
