"""Markdown → HTML for Qt's rich-text view: CommonMark with tables, code highlighted by Pygments.

Content is untrusted. Raw HTML is escaped (`html=False`). An image shows only when it names
a file of the data folder's media store exactly (`media/<sha256>.png`, what an Anki import
writes); any other image (a path, a URL, `file://`, `..`) becomes a labelled link the user may
click, or plain text. Links keep only http, https and mailto targets; a link to a stored
sound is listed as text, never played.
Qt's rich text understands inline styles but not CSS classes, so Pygments writes inline
colours, and tables carry their borders as attributes.

An answer opens with a short answer a candidate can say aloud (CONTENT.md): when a text starts
with a paragraph and has more after it, that first paragraph is shown first and prominently,
in a tinted block. A one-paragraph text (a prompt, a short answer alone) renders plainly.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from studyapp.content.capping import MORE_URL, Caps, cap_tokens, cut_source
from studyapp.paths import is_media_image, is_media_sound

Theme = Literal["light", "dark"]
SAFE_SCHEMES = ("http://", "https://", "mailto:")

CODE_STYLE: dict[str, str] = {"light": "friendly", "dark": "github-dark"}
CODE_BACKGROUND: dict[str, str] = {"light": "#f3f4f7", "dark": "#101216"}
CODE_TEXT: dict[str, str] = {"light": "#1d1d20", "dark": "#e6e6e9"}
INLINE_CODE_BACKGROUND: dict[str, str] = {"light": "#eceef2", "dark": "#2a2d33"}
TABLE_BORDER: dict[str, str] = {"light": "#c8c8ce", "dark": "#4a4c52"}
MUTED: dict[str, str] = {"light": "#6b6b75", "dark": "#9a9aa3"}
LINK: dict[str, str] = {"light": "#1f5fc9", "dark": "#7fb0ff"}
SHORT_ANSWER_BACKGROUND: dict[str, str] = {"light": "#e8f0fd", "dark": "#1c2a40"}
SHORT_ANSWER_TEXT: dict[str, str] = {"light": "#10213d", "dark": "#eef3fb"}


def is_safe_url(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def render_markdown(markdown: str, theme: Theme | str, level: int = 0) -> str:
    """HTML for one prompt or answer; cached by (content hash, theme, level). A huge block is
    cut (capping.py) with a "Show the rest" link; each `level` shows ten times more."""
    chosen: Theme = "dark" if theme == "dark" else "light"
    digest = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
    return _render_cached(digest, chosen, level, markdown)


@lru_cache(maxsize=4096)
def _render_cached(digest: str, theme: Theme, level: int, markdown: str) -> str:
    # `digest` is the cache key's identity; `markdown` rides along (equal digests, equal text).
    del digest
    parser = _parser(theme)
    env: EnvType = {}
    caps = Caps.at(level)
    source, unparsed = cut_source(markdown, caps)
    tokens = cap_tokens(parser.parse(source, env), caps, unparsed)
    return str(parser.renderer.render(tokens, parser.options, env))


def cache_info() -> Any:
    return _render_cached.cache_info()


@lru_cache(maxsize=2)
def _parser(theme: Theme) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    rules = _Rules(theme)
    for name, rule in (
        ("image", rules.image),
        ("link_open", rules.link_open),
        ("link_close", rules.link_close),
        ("code_inline", rules.code_inline),
        ("text", rules.text),
        ("table_open", rules.table_open),
        ("table_close", rules.table_close),
        ("th_open", rules.cell_open),
        ("td_open", rules.cell_open),
        ("fence", rules.fence),
        ("code_block", rules.fence),
    ):
        parser.add_render_rule(name, _as_render_rule(rule))
    parser.add_render_rule("paragraph_open", _short_answer_rule(theme, opening=True))
    parser.add_render_rule("paragraph_close", _short_answer_rule(theme, opening=False))
    return parser


def _short_answer_rule(theme: Theme, *, opening: bool) -> Any:
    """Paragraphs render as usual, except the short answer that opens a longer text."""

    def render(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        if opening and _is_short_answer(tokens, idx):
            # a one-cell table: Qt paints a cell's background, not a paragraph's
            return (
                f'<table width="100%" cellspacing="0" cellpadding="10" '
                f'style="margin:2px 0 10px 0" bgcolor="{SHORT_ANSWER_BACKGROUND[theme]}">'
                f'<tr><td><p style="margin:0; font-size:large; '
                f'color:{SHORT_ANSWER_TEXT[theme]}">'
            )
        if not opening and idx >= 2 and _is_short_answer(tokens, idx - 2):
            return "</p></td></tr></table>\n"
        return str(renderer.renderToken(tokens, idx, options, env))

    return render


def _as_render_rule(rule: Any) -> Any:
    # markdown-it binds render rules to its renderer (first argument); ours keep their own
    # state, so the renderer argument is dropped here.
    def render(_renderer: RendererHTML, *args: Any) -> str:
        return str(rule(*args))

    return render


class _Rules:
    """Render rules that keep the output safe and legible in Qt's HTML subset."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.open_links: list[str] = []  # what closes each open link: "</a>", "</span>", ""

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = html.escape(token.content or "image")
        src = str(token.attrGet("src") or "")
        label = f"[image: {alt}]"
        if is_media_image(src):
            # The view loads it from the media folder only (ui/content_browser.py) and
            # scales it down to the pane's width.
            return f'<img src="{src}" alt="{alt}" style="max-width:100%">'
        if is_safe_url(src):
            href = html.escape(src, quote=True)
            return f'<a href="{href}" style="color:{LINK[self.theme]}">{label}</a>'
        return f'<span style="color:{MUTED[self.theme]}">{label}</span>'

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        if is_media_sound(href):
            self.open_links.append("</span>")
            return f'<span style="color:{MUTED[self.theme]}" title="Sounds are not played">'
        if not is_safe_url(href):
            self.open_links.append("")
            return ""
        self.open_links.append("</a>")
        title = html.escape(href, quote=True)
        return f'<a href="{title}" title="{title}" style="color:{LINK[self.theme]}">'

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self.open_links.pop() if self.open_links else ""

    def code_inline(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # No padding spaces around it: Qt draws even a hair space as a full one ("( x )").
        code = html.escape(tokens[idx].content)
        background = INLINE_CODE_BACKGROUND[self.theme]
        return f'<code style="background-color:{background}">{code}</code>' + self.more(tokens[idx])

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return html.escape(tokens[idx].content) + self.more(tokens[idx])

    def more(self, token: Token) -> str:
        """The link to the rest of what capping cut from this token, if anything."""
        if "more" not in token.meta:
            return ""
        return (
            f'<a href="{MORE_URL}" style="color:{LINK[self.theme]}">'
            f"Show the rest ({token.meta['more']})</a>"
        )

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        border = TABLE_BORDER[self.theme]
        return (
            f'<table border="1" cellspacing="0" cellpadding="6" '
            f'style="border-collapse:collapse; border-color:{border}; margin:6px 0">\n'
        )

    def table_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        more = self.more(tokens[idx])
        return "</table>\n" + (f"<p>{more}</p>\n" if more else "")

    def cell_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        style = str(token.attrGet("style") or "")
        align = style.removeprefix("text-align:") if style else ""
        attribute = f' align="{align}"' if align in ("left", "center", "right") else ""
        return f"<{token.tag}{attribute}>"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        more = self.more(token)
        return _highlight(token.content, language, self.theme) + (
            f"<p>{more}</p>\n" if more else ""
        )


def _is_short_answer(tokens: Sequence[Token], idx: int) -> bool:
    """The text's first block is this paragraph (open, inline, close), and more follows."""
    return (
        idx == 0
        and len(tokens) > 3
        and tokens[0].type == "paragraph_open"
        and tokens[2].type == "paragraph_close"
    )


def _highlight(code: str, language: str, theme: Theme) -> str:
    """A code block as a one-cell table: Qt's rich text paints a cell's background
    reliably, where a <pre> background is dropped. Its lines wrap inside it (pre-wrap), so
    the page never scrolls sideways; tabs are 4 columns (capping.py expands them)."""
    body = _highlighted_lines(code, language, theme)
    return (
        f'<table width="100%" cellspacing="0" cellpadding="10" '
        f'style="margin:6px 0" bgcolor="{CODE_BACKGROUND[theme]}"><tr><td>'
        f'<pre style="margin:0; white-space:pre-wrap; color:{CODE_TEXT[theme]}">{body}</pre>'
        f"</td></tr></table>\n"
    )


def _highlighted_lines(code: str, language: str, theme: Theme) -> str:
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return html.escape(code)
    formatter = HtmlFormatter(style=CODE_STYLE[theme], noclasses=True, nowrap=True)
    return str(highlight(code, lexer, formatter)).rstrip("\n")
