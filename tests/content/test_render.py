"""Rendering is safe (nothing is loaded, no raw HTML) and legible in both themes."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from studyapp.content.capping import BREAK_EVERY, ZERO_WIDTH_SPACE, breakable
from studyapp.content.render import (
    CHUNK_CHARS,
    CHUNK_LINES,
    CHUNK_ROWS,
    cache_info,
    render_markdown,
    render_rest,
)

CODE = "```python\ndef f(x):\n    return x + 1  # one more\n```\n"


def test_tables_render_with_borders() -> None:
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n", "light")
    assert '<table border="1"' in html
    assert '<td align="right">2</td>' in html


def test_python_code_is_coloured_differently_per_theme() -> None:
    light = render_markdown(CODE, "light")
    dark = render_markdown(CODE, "dark")
    assert "<span style=" in light
    assert "def" in light
    assert light != dark
    assert 'bgcolor="#f3f4f7"' in light
    assert 'bgcolor="#101216"' in dark


def test_unknown_language_is_plain_escaped_text() -> None:
    html = render_markdown("```nosuchlang\n<b>x</b>\n```\n", "light")
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<span" not in html


def test_raw_html_is_escaped() -> None:
    html = render_markdown("<script>alert(1)</script>\n\n<img src=x onerror=y>", "dark")
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_images_and_local_links_never_point_at_anything() -> None:
    html = render_markdown(
        "![zero](/dev/zero) ![file](file:///etc/passwd) [local](/etc/passwd) "
        "[js](javascript:alert(1)) [data](data:text/html,hi) [ok](https://example.org)",
        "light",
    )
    for target in ("/dev/zero", "/etc/passwd", "javascript:", "data:"):
        assert f'src="{target}' not in html
        assert f'href="{target}' not in html
    assert "[image: zero]" in html
    assert 'href="https://example.org"' in html
    assert "<img" not in html


def test_remote_images_become_links_the_user_may_click() -> None:
    html = render_markdown("![diagram](https://example.org/d.png)", "light")
    assert '<a href="https://example.org/d.png" style="color:#1f5fc9">[image: diagram]</a>' in html


def test_rendering_is_cached_by_content_and_theme() -> None:
    text = "cache me **once**"
    render_markdown(text, "light")
    hits = cache_info().hits
    render_markdown(text, "light")
    assert cache_info().hits == hits + 1
    render_markdown(text, "dark")
    assert cache_info().hits == hits + 1


SHORT_ANSWER = "A list is **mutable**; a tuple is not.\n\nDetails follow.\n\n- one\n- two\n"


def test_the_short_answer_opening_an_answer_stands_out_in_both_themes() -> None:
    light = render_markdown(SHORT_ANSWER, "light")
    dark = render_markdown(SHORT_ANSWER, "dark")
    for html, background in ((light, "#e8f0fd"), (dark, "#1c2a40")):
        block = html.split("</table>")[0]
        assert f'bgcolor="{background}"' in block
        assert "font-size:large" in block
        assert "A list is <strong>mutable</strong>; a tuple is not." in block
        assert "Details follow" not in block
        assert "<p>Details follow.</p>" in html
        assert html.count("<table") == 1


def test_a_single_paragraph_or_a_text_opening_otherwise_renders_plainly() -> None:
    assert render_markdown("What is a tuple?", "light") == "<p>What is a tuple?</p>\n"
    for text in ("- a list first\n\nthen text\n", "```python\nx = 1\n```\n\nthen text\n"):
        html = render_markdown(text, "dark")
        assert "#1c2a40" not in html
        assert "font-size:large" not in html


def test_the_short_answer_stays_safe() -> None:
    html = render_markdown("<b>bold</b> [x](javascript:alert(1))\n\nmore\n", "light")
    assert "<b>" not in html
    assert "href=" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_tight_list_items_keep_their_plain_rendering() -> None:
    html = render_markdown("Short answer.\n\n- a\n- b\n", "light")
    assert "<li>a</li>" in html


# --- hostile content: the first part at once, the rest on demand ----------------------------


def code_lines_shown(html: str) -> int:
    pre = html.split("<pre", 1)[1].split("</pre>", 1)[0]
    return pre.count("\n") + 1


def test_a_20000_line_code_block_shows_100_lines_and_ten_times_more_per_level() -> None:
    code = "\n".join(f"line_{i} = {i}" for i in range(20_000))
    markdown = f"Answer.\n\n```python\n{code}\n```\n"
    first = render_markdown(markdown, "light")
    assert code_lines_shown(first) == 100
    assert "line_99 " in first
    assert "line_100 " not in first
    assert '<a href="studyapp:more"' in first
    assert "Show the rest (19,900 more lines)" in first
    assert "Show the rest (19,000 more lines)" in render_markdown(markdown, "light", 1)
    assert "Show the rest (10,000 more lines)" in render_markdown(markdown, "light", 2)
    everything = render_markdown(markdown, "light", 3)
    assert "line_19999" in everything
    assert "studyapp:more" not in everything


def test_a_2_mb_line_is_cut_to_a_readable_part() -> None:
    line = "word " * 400_000
    # a paragraph drops its trailing space (CommonMark); a code block keeps it
    for markdown, left in (
        (f"Answer.\n\n```\n{line}\n```\n", len(line) - 10_000),
        (f"Answer.\n\n{line}\n", len(line) - 1 - 10_000),
    ):
        html = render_markdown(markdown, "dark")
        assert len(html) < 30_000
        assert f"Show the rest ({left:,} more characters)</a>" in html


def test_a_10000_row_table_shows_50_rows() -> None:
    rows = "".join(f"| {i} | ProcessPoolExecutor |\n" for i in range(10_000))
    html = render_markdown(f"Answer.\n\n| n | executor |\n|---|---|\n{rows}", "light")
    assert html.count("ProcessPoolExecutor") == 50
    assert "<td>49</td>" in html
    assert "<td>50</td>" not in html
    assert "Show the rest (9,950 more rows)" in html
    everything = render_markdown(f"| n | executor |\n|---|---|\n{rows}", "light", 3)
    assert everything.count("ProcessPoolExecutor") == 10_000


def test_code_wraps_inside_its_block_with_four_column_tabs() -> None:
    html = render_markdown("```go\nfunc f() {\n\treturn\n}\n```\n", "light")
    assert "white-space:pre-wrap" in html
    assert "\t" not in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "{\n    return\n}" in text  # the tab, as four columns


def test_inline_code_has_no_padding_spaces() -> None:
    html = render_markdown("Filter rows (`WHERE`) before `git push`?", "light")
    assert "&#8202;" not in html
    assert ">WHERE</code>)" in html
    assert ">git push</code>?" in html


def test_a_long_token_can_wrap_but_its_text_is_kept() -> None:
    token = "x" * 200
    html = render_markdown(f"see {token}", "light")
    assert ZERO_WIDTH_SPACE in html
    assert html.replace(ZERO_WIDTH_SPACE, "") == f"<p>see {token}</p>\n"


@given(st.text(alphabet=st.sampled_from("ab .\t\n\u200b"), max_size=400))
def test_breakable_leaves_no_long_run_and_changes_nothing_else(text: str) -> None:
    result = breakable(text)
    assert result.replace(ZERO_WIDTH_SPACE, "") == text.replace(ZERO_WIDTH_SPACE, "")
    runs = result.replace(ZERO_WIDTH_SPACE, " ").split()
    assert all(len(run) <= BREAK_EVERY for run in runs)


STORED = "media/" + "ab12" * 16


def test_only_an_exact_media_store_name_becomes_an_image() -> None:
    html = render_markdown(f"![diagram]({STORED}.png)", "light")
    assert f'<img src="{STORED}.png" alt="diagram" style="max-width:100%">' in html
    for src in (
        "/etc/passwd",
        f"/{STORED}.png",
        f"./{STORED}.png",
        f"{STORED}.png/../../x.png",
        f"media/../{STORED[6:]}.png",
        f"{STORED.upper()}.png",
        f"{STORED}.png?x=1",
        f"{STORED}.png%0a",
        f"file:///data/{STORED}.png",
        f"https://example.org/{STORED}.png",
        f"{STORED}.mp3",  # a sound is never an image
        f"{STORED}.svg",  # nor a type the store does not keep
    ):
        shown = render_markdown(f"![x]({src})", "dark")
        assert "<img" not in shown, src
        assert "x]" in shown, src


def test_a_stored_sound_is_listed_as_text_not_a_link() -> None:
    html = render_markdown(f"Say it: [▶ hello.mp3]({STORED}.mp3)", "light")
    assert "▶ hello.mp3" in html
    assert "<a " not in html
    assert "href" not in html


# --- the rest in pieces: each small enough for one event-loop turn ---------------------------


def text_of(html_piece: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html_piece)).replace(ZERO_WIDTH_SPACE, "")


def test_the_rest_of_a_code_block_comes_in_pieces_of_at_most_40_lines() -> None:
    code = "\n".join(f"line_{i} = {i}" for i in range(20_000))
    markdown = f"Answer.\n\n```python\n{code}\n```\n"
    (rest,) = render_rest(markdown, "light", 1) or []
    assert len(rest.chunks) == -(-900 // CHUNK_LINES)
    lines = [line for piece in rest.chunks for line in text_of(piece).strip("\n").split("\n")]
    assert lines == [f"line_{i} = {i}" for i in range(100, 1_000)]
    assert all(text_of(piece).strip("\n").count("\n") < CHUNK_LINES for piece in rest.chunks)
    assert "Show the rest (19,000 more lines)" in rest.link
    # the pieces join: no top padding or margin, the last one ends the block
    assert all("padding:0 10px 0px 10px" in piece for piece in rest.chunks[:-1])
    assert "padding:0 10px 10px 10px" in rest.chunks[-1]
    (last,) = render_rest(markdown, "light", 3) or []
    assert last.link == ""
    assert "line_19999 = 19999" in text_of(last.chunks[-1])


def test_the_rest_of_a_2_mb_line_is_cut_after_spaces() -> None:
    line = "token " * 350_000
    (rest,) = render_rest(f"Answer.\n\n```\n{line}\n```\n", "dark", 1) or []
    pieces = [text_of(piece).strip("\n") for piece in rest.chunks]
    assert all(len(piece) <= CHUNK_CHARS for piece in pieces)
    assert all(piece.endswith("token ") for piece in pieces[:-1])
    assert sum(len(piece) for piece in pieces) == 90_000


def test_the_rest_of_a_table_comes_in_pieces_whose_columns_line_up() -> None:
    rows = "".join(f"| {i} | ProcessPoolExecutor |\n" for i in range(10_000))
    markdown = f"Answer.\n\n| n | executor |\n|---|---|\n{rows}"
    first = render_markdown(markdown, "light")
    widths = re.findall(r'<th width="(\d+)%">', first)
    assert len(widths) == 2
    (rest,) = render_rest(markdown, "light", 1) or []
    assert len(rest.chunks) == -(-450 // CHUNK_ROWS)
    for piece in rest.chunks:
        assert piece.count("<tr>") <= CHUNK_ROWS
        assert re.findall(r'<td width="(\d+)%">', piece) == widths
    shown = [int(n) for piece in rest.chunks for n in re.findall(r"<td[^>]*>(\d+)</td>", piece)]
    assert shown == list(range(50, 500))
    assert "Show the rest (9,500 more rows)" in rest.link


def test_a_small_table_keeps_its_plain_rendering() -> None:
    html_out = render_markdown("Answer.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "light")
    assert "width=" not in html_out.split("<table border", 1)[1]
    assert render_rest("Answer.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "light", 1) == []
