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
from dataclasses import dataclass
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

from studyapp.content.capping import MORE_URL, Caps, breakable, cap_tokens, cut_source
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


# One piece of the rest is what Qt lays out within one event-loop turn (< 50 ms on a loaded
# machine): a table is laid out whole, so the rest comes as many small tables.
CHUNK_LINES = 40
CHUNK_CHARS = 2_000
CHUNK_ROWS = 20


@dataclass(frozen=True, slots=True)
class RestOfBlock:
    """What one more level adds to one cut block: pieces of HTML, each to be inserted where
    the block's "Show the rest" link is, in order, then `link` (the next link, or "")."""

    chunks: tuple[str, ...]
    link: str


def render_rest(markdown: str, theme: Theme | str, level: int) -> list[RestOfBlock] | None:
    """What `level` shows beyond `level - 1`, per cut block in the text's order, as pieces
    that join the block already shown without a seam. None when the cut is not one the
    pieces can continue (a paragraph cut inside its text): render the whole text again."""
    chosen: Theme = "dark" if theme == "dark" else "light"
    parser = _parser(chosen)
    rules = _RULES[chosen]
    before = _capped_tokens(parser, markdown, level - 1)
    grown_tokens = _capped_tokens(parser, markdown, level)
    after = {(t.type, _start(t)): t for t in grown_tokens}
    rests: list[RestOfBlock] = []
    for index, token in enumerate(before):
        if "more" not in token.meta:
            continue
        if token.type == "table_close":
            grown = _table_rows(grown_tokens, _start(token))
            shown = token.meta["rows"]
            rows = grown[shown:]
            widths = _column_widths(before, index)
            chunks = [
                rules.table_chunk(parser, rows[start : start + CHUNK_ROWS], widths, last)
                for start in range(0, len(rows), CHUNK_ROWS)
                for last in [start + CHUNK_ROWS >= len(rows)]
            ]
            closing = after.get((token.type, _start(token)))
            link = rules.more(closing) if closing is not None else ""
        elif token.type in ("fence", "code_block"):
            grown_token = after.get((token.type, _start(token)))
            if grown_token is None:
                return None
            old, new = token.meta["shown"], grown_token.meta.get("shown", "")
            if not new.startswith(old):
                return None
            pieces = _code_pieces(new[len(old) :].removeprefix("\n"))
            language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
            chunks = [
                _code_chunk(piece, language, chosen, last=number == len(pieces) - 1)
                for number, piece in enumerate(pieces)
            ]
            link = rules.more(grown_token)
        else:
            return None
        rests.append(RestOfBlock(tuple(chunks), f"<p>{link}</p>" if link else ""))
    return rests


def _start(token: Token) -> int:
    # A block's first line: its end moves as the source is cut further on.
    return int(token.meta.get("start", token.map[0] if token.map else -1))


def _capped_tokens(parser: MarkdownIt, markdown: str, level: int) -> list[Token]:
    caps = Caps.at(level)
    source, unparsed = cut_source(markdown, caps)
    return cap_tokens(parser.parse(source, {}), caps, unparsed)


def _table_rows(tokens: Sequence[Token], where: int) -> list[list[Token]]:
    """The body rows of the table that starts on line `where`."""
    rows: list[list[Token]] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            rows, start = [], 0
        elif token.type == "tr_open":
            start = index
        elif token.type == "tr_close" and tokens[start - 1].type != "thead_open":
            rows.append(list(tokens[start : index + 1]))
        elif token.type == "table_close" and _start(token) == where:
            return rows
    return []


def _code_pieces(code: str) -> list[str]:
    """At most CHUNK_LINES lines and about CHUNK_CHARS characters each; a longer line is cut
    after a space where it has one, where it would wrap anyway."""
    pieces: list[str] = []
    lines: list[str] = []
    size = 0
    for whole in code.split("\n"):
        line = whole
        while len(line) > CHUNK_CHARS:
            cut = line.rfind(" ", CHUNK_CHARS // 2, CHUNK_CHARS) + 1 or CHUNK_CHARS
            if lines:
                pieces.append("\n".join(lines))
                lines, size = [], 0
            pieces.append(line[:cut])
            line = line[cut:]
        if lines and (len(lines) >= CHUNK_LINES or size + len(line) > CHUNK_CHARS):
            pieces.append("\n".join(lines))
            lines, size = [], 0
        lines.append(line)
        size += len(line) + 1
    if lines and any(lines):
        pieces.append("\n".join(lines))
    return pieces


def _code_chunk(code: str, language: str, theme: Theme, *, last: bool) -> str:
    """A piece of a code block: the block's cell without its top padding and margin (and
    its bottom ones until the last piece), so the pieces read as one block."""
    body = _highlighted_lines(
        "\n".join(breakable(line) for line in code.split("\n")), language, theme
    )
    bottom, margin = (10, 6) if last else (0, 0)
    return (
        f'<table width="100%" cellspacing="0" cellpadding="0" '
        f'style="margin:0 0 {margin}px 0" bgcolor="{CODE_BACKGROUND[theme]}"><tr>'
        f'<td style="padding:0 10px {bottom}px 10px">'
        f'<pre style="margin:0; white-space:pre-wrap; color:{CODE_TEXT[theme]}">{body}</pre>'
        f"</td></tr></table>\n"
    )


def _column_widths(tokens: Sequence[Token], close: int) -> list[int]:
    """Percent widths of a cut table's columns, from its header and first rows (the same at
    every level), so that its pieces' columns line up."""
    start = max(i for i in range(close) if tokens[i].type == "table_open")
    longest: list[int] = []
    column = 0
    rows = 0
    for token in tokens[start:close]:
        if token.type == "tr_open":
            column = 0
            rows += 1
            if rows > Caps.at(0).table_rows + 1:
                break
        elif token.type == "inline":
            size = min(max(len(token.content), 3), 60)
            if column < len(longest):
                longest[column] = max(longest[column], size)
            else:
                longest.append(size)
            column += 1
    total = sum(longest) or 1
    return [max(round(100 * size / total), 5) for size in longest]


_RULES: dict[Theme, _Rules] = {}


@lru_cache(maxsize=2)
def _parser(theme: Theme) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    rules = _RULES[theme] = _Rules(theme)
    for name, rule in (
        ("image", rules.image),
        ("link_open", rules.link_open),
        ("link_close", rules.link_close),
        ("code_inline", rules.code_inline),
        ("text", rules.text),
        ("table_open", rules.table_open),
        ("table_close", rules.table_close),
        ("tr_open", rules.row_open),
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
        self.widths: list[int] = []  # a cut table's column widths, percent
        self.row = self.column = 0

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
        close = next(i for i in range(idx, len(tokens)) if tokens[i].type == "table_close")
        # A cut table gets fixed column widths: its rest comes as tables that line up.
        self.widths = _column_widths(tokens, close) if "more" in tokens[close].meta else []
        self.row = 0
        return self.table_tag(margin="6px 0", full=bool(self.widths))

    def table_tag(self, margin: str, *, full: bool) -> str:
        border = TABLE_BORDER[self.theme]
        # A cut table's outline is solid (not Qt's two-tone outset): where a piece's top
        # edge lies over the row line above it, it is the same colour.
        width = ' width="100%"' if full else ""
        solid = " border-style:solid;" if full else ""
        return (
            f'<table border="1" cellspacing="0" cellpadding="6"{width} '
            f'style="border-collapse:collapse; border-color:{border};{solid} margin:{margin}">\n'
        )

    def table_chunk(
        self, parser: MarkdownIt, rows: list[list[Token]], widths: list[int], last: bool
    ) -> str:
        """Rows of a cut table as a table of their own, flush with the one above it."""
        self.widths, self.row = widths, 0
        try:
            body = str(parser.renderer.render([t for row in rows for t in row], parser.options, {}))
        finally:
            self.widths = []
        # -4px: Qt leaves that much between two tables' borders; so the piece's top border
        # lies on the last row line of the table above.
        margin = "-4px 0 6px 0" if last else "-4px 0 0 0"
        return self.table_tag(margin, full=True) + body + "</table>\n"

    def row_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        self.column = 0
        self.row += 1
        return "<tr>\n"

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
        if self.widths and self.row == 1 and self.column < len(self.widths):
            attribute += f' width="{self.widths[self.column]}%"'
        self.column += 1
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
