"""The package reader's parts: the protobuf reader, the fast HTML path, templates, clozes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.io.apkg.fast_html import field_to_markdown
from studyapp.io.apkg.media import MediaSet, is_media_link, rewrite_media
from studyapp.io.apkg.protobuf import ProtobufError, fields
from studyapp.io.apkg.replay import replay_memory
from studyapp.io.apkg.templates import render, reveal_cloze
from studyapp.io.formats.html_to_markdown import html_to_markdown
from studyapp.study import scheduler

TAGS = ["b", "i", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "p", "div", "span", "br"]
texts = st.text(alphabet="ab <>&;#x1 \n\t\xa0'\"=/", max_size=8)
tags = st.sampled_from(TAGS)
attributes = st.sampled_from(
    ["", ' href="http://x?a=1&amp;b=2"', " href='y'", " class=z", ' style="color: red"', " /"]
)
pieces = st.one_of(
    texts,
    st.builds(lambda t, a: f"<{t}{a}>", tags, attributes),
    st.builds(lambda t: f"</{t}>", tags),
    st.sampled_from(["&amp;", "&lt;", "&nbsp;", "&#39;", "&#x41;", "<!-- c -->", "<BR>"]),
)


@given(st.lists(pieces, max_size=12).map("".join))
def test_the_fast_path_gives_exactly_what_html_to_markdown_gives(fragment: str) -> None:
    assert field_to_markdown(fragment) == html_to_markdown(fragment)


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


values = st.one_of(st.integers(min_value=0, max_value=2**63), st.binary(max_size=40))


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=2**20), values), max_size=8))
def test_protobuf_fields_read_back_what_was_encoded(encoded: list[tuple[int, int | bytes]]) -> None:
    message = b""
    for number, value in encoded:
        if isinstance(value, int):
            message += varint(number << 3) + varint(value)
        else:
            message += varint(number << 3 | 2) + varint(len(value)) + value
    assert list(fields(message)) == encoded


@pytest.mark.parametrize("damaged", [b"\x08", b"\x0a\x05ab", b"\x0b", b"\xff" * 11])
def test_damaged_protobuf_raises_its_own_error(damaged: bytes) -> None:
    with pytest.raises(ProtobufError):
        list(fields(damaged))


def test_templates_sections_filters_and_the_answer_divider() -> None:
    values = {"Front": "F", "Back": "B", "Extra": "", "Tags": "t1"}
    front = "{{Front}}{{#Extra}} (extra: {{Extra}}){{/Extra}}{{^Extra}} [no extra]{{/Extra}}"
    back = "{{FrontSide}}<hr id=answer>{{text:Back}} {{type:Back}}{{Tags}}"
    assert render(front, values, None, answer=False) == "F [no extra]"
    assert render(back, values, None, answer=True) == "B t1"
    assert render("{{Unknown}}x", values, None, answer=False) == "x"
    nested = "{{#Front}}[{{#Extra}}e{{/Extra}}{{^Extra}}no extra{{/Extra}}]{{/Front}}"
    assert render(nested, values, None, answer=False) == "[no extra]"


def test_cloze_blanks_one_number_and_fills_the_others() -> None:
    text = "{{c1::Paris}} in {{c2::France::country}}, {{c1::Seine}}"
    assert reveal_cloze(text, 1, answer=False) == "<b>[...]</b> in France, <b>[...]</b>"
    assert reveal_cloze(text, 2, answer=False) == "Paris in <b>[country]</b>, Seine"
    assert reveal_cloze(text, 2, answer=True) == "Paris in <b>France</b>, Seine"


histories = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=400 * 86_400_000),  # gap to the previous review
        st.integers(min_value=1, max_value=4),
    ),
    max_size=15,
)


@given(histories)
def test_the_replay_gives_what_grading_each_review_gives(history: list[tuple[int, int]]) -> None:
    """The expected state comes from the app's own grading path (fsrs's review_card)."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    moments, at = [], 0
    for gap, rating in history:
        at += gap
        moments.append((int(start.timestamp() * 1000) + at, rating))
    state = None
    for at_ms, rating in moments:
        moment = datetime.fromtimestamp(at_ms / 1000, tz=UTC)
        state = scheduler.review(state, scheduler.Grade(rating), moment)
    replayed = replay_memory(moments)
    if state is None:
        assert replayed is None
    else:
        assert replayed == (state.stability, state.difficulty)


def test_media_are_named_by_content_capped_and_only_images_or_sounds() -> None:
    media = MediaSet()
    png = b"\x89PNG fake"
    link = media.add("../../etc/cat.png", png)
    assert link == f"media/{hashlib.sha256(png).hexdigest()}.png"
    assert is_media_link(link)
    assert media.add("copy.PNG", png) == link  # same bytes, one file
    assert media.add("script.js", b"alert(1)") is None
    assert media.add("missing.png", None) is None
    assert len(media.files) == 1
    assert media.skipped == ["script.js", "missing.png"]
    for outside in ("/etc/passwd", "file:///dev/zero", "media/../x.png", "https://x/y.png"):
        assert not is_media_link(outside)


def test_media_beyond_the_total_cap_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import studyapp.io.apkg.media as media_module

    monkeypatch.setattr(media_module, "MAX_TOTAL_BYTES", 10)
    media = MediaSet()
    assert media.add("a.png", b"12345678") is not None
    assert media.add("b.png", b"abcdefgh") is None
    assert media.skipped == ["b.png"]


def test_references_become_markdown_links_or_a_note_when_missing() -> None:
    links = {"cat dog.png": "media/" + "a" * 64 + ".png"}
    html = '<img src="cat%20dog.png" alt="A cat"> <IMG SRC=gone.png> [sound:s.mp3]'
    assert rewrite_media(html, links.get) == (
        f"![A cat]({links['cat dog.png']}) [image: gone.png] [sound: s.mp3]"
    )


def test_nested_and_unclosed_clozes() -> None:
    nested = "{{c1::a {{c2::b::h}}}} x {{c1::"
    assert reveal_cloze(nested, 2, answer=False) == "a <b>[h]</b> x {{c1::"
    assert reveal_cloze(nested, 1, answer=True) == "<b>a b</b> x {{c1::"
    assert reveal_cloze("a }} b :: {{c1::x::y::z}}", 1, answer=False) == "a }} b :: <b>[y::z]</b>"
    assert reveal_cloze("{{c1::x::" * 3, 1, answer=True) == "{{c1::x::" * 3


def test_hostile_fields_are_handled_in_linear_time() -> None:
    """Each of these took minutes to hours with backtracking regexes; here they finish in
    well under a second, so a regression shows as a test that never ends."""
    n = 100_000
    assert reveal_cloze("{{c1::" * n + "}}", 1, answer=False).endswith("<b>[...]</b>")
    assert rewrite_media('<img src="' * n, lambda _name: None) == '<img src="' * n
    assert rewrite_media("[sound:" * n, lambda _name: None) == "[sound:" * n
    assert render("{{#F}}x{{/F}}", {"F": "<" * n}, None, answer=False) == "x"
    assert render("{{#a}}" * 16_000, {}, None, answer=False) == "{{#a}}" * 16_000
    assert render("<hr " * 20_000, {}, None, answer=True) == "<hr " * 20_000
    unclosed = "<b " * n + ">"
    assert field_to_markdown(unclosed) == html_to_markdown(unclosed)
    assert field_to_markdown("\t" * n + "x\ny") == "x\ny"


def test_each_card_gets_its_answers_in_time_order_whatever_the_log_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The log is read in its own (time) order and grouped by card: two cards reviewed
    in turn, and log rows written in no particular order, still give each card its own
    answers, oldest first; manual entries and damaged rows are left out."""
    import sqlite3

    from studyapp.io.apkg import anki_schema
    from studyapp.io.apkg.collection import read_collection

    path = tmp_path / "collection.anki2"
    connection = sqlite3.connect(path)
    connection.executescript(anki_schema.SCHEMA)
    connection.execute(
        "INSERT INTO col VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        anki_schema.col_row(1_700_000_000, 1_700_000_000_000, {100: "Deck"}),
    )
    # (id = epoch ms, card id, ease, time ms, type); card 2's rows written first.
    log = [
        (5_000, 2, 3, 900, 1),
        (2_000, 2, 1, 700, 0),
        (4_000, 1, 4, 300, 1),
        (1_000, 1, 3, 500, 0),
        (3_000, 1, 0, 0, 4),  # "set due date": not an answer
        (6_000, 1, 2, 400, 1),
    ]
    connection.executemany(
        "INSERT INTO revlog VALUES (?,?,-1,?,1,0,2500,?,?)",
        log,
    )
    connection.execute("INSERT INTO revlog VALUES (7000,'bad',-1,3,1,0,2500,1,1)")
    connection.commit()
    connection.close()
    answers = read_collection(path).answers
    assert answers == {
        1: [(3, 1_000, 500), (4, 4_000, 300), (2, 6_000, 400)],
        2: [(1, 2_000, 700), (3, 5_000, 900)],
    }
