"""Anki card templates, rendered far enough to give a question its front and back as HTML.

Covers what real decks use: `{{Field}}` with filters (`text:`, `hint:`, `type:` …),
`{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}` sections, `{{FrontSide}}`, the
`<hr id=answer>` divider, and `{{cloze:Field}}` with one card per cloze number.
"""

from __future__ import annotations

import re
from functools import lru_cache

SECTION = re.compile(r"\{\{([#^])\s*([^{}]+?)\s*\}\}")
REFERENCE = re.compile(r"\{\{\s*([^#^/{}][^{}]*?)\s*\}\}")
ANSWER_DIVIDER = re.compile(
    r"<hr\b[^<>]{0,500}?\bid\s*=\s*[\"']?answer[\"']?[^<>]{0,500}>", re.IGNORECASE
)
SPECIAL = ("Tags", "Deck", "Subdeck", "Card", "Type", "CardFlag")
# Real templates are a few kB (with CSS and scripts, tens); the section regex is quadratic
# in the worst case, so a larger one is not rendered (the note's fields are used instead).
MAX_TEMPLATE_CHARS = 100_000


def render(template: str, values: dict[str, str], cloze_number: int | None, *, answer: bool) -> str:
    """One side of a card; on the back, only what follows the front (the divider or
    `{{FrontSide}}`), since the question's prompt is shown above its answer anyway."""
    if len(template) > MAX_TEMPLATE_CHARS:
        return ""
    side, parts = _prepared(template, answer)
    if parts is not None:  # no sections: literal text and references, split once
        return "".join(
            part if index % 2 == 0 else _reference(part, values, cloze_number, answer)
            for index, part in enumerate(parts)
        )
    for _ in range(8):  # nested sections, one level a pass
        side, changed = _sections(side, values)
        if not changed:
            break
    return REFERENCE.sub(lambda m: _reference(m.group(1), values, cloze_number, answer), side)


@lru_cache(maxsize=512)
def _prepared(template: str, answer: bool) -> tuple[str, tuple[str, ...] | None]:
    """The side's template, and its parts when it has no sections (a deck's thousands of
    cards share a handful of templates)."""
    if answer:
        parts = ANSWER_DIVIDER.split(template, maxsplit=1)
        template = parts[1] if len(parts) == 2 else template
        template = re.sub(r"\{\{\s*FrontSide\s*\}\}", "", template)
    if "{{#" in template or "{{^" in template:
        return template, None
    return template, tuple(REFERENCE.split(template))


def _sections(template: str, values: dict[str, str]) -> tuple[str, bool]:
    """`{{#F}}…{{/F}}` kept when F has text (`{{^F}}` when it has none). The closing tag
    is found with str.find: a lazy regex is quadratic over many unclosed sections."""
    out: list[str] = []
    position, changed = 0, False
    unclosed: set[str] = set()  # no closing after here: none after any later opening either
    while (match := SECTION.search(template, position)) is not None:
        kind, name = match.groups()
        closing = "{{/" + name + "}}"
        end = -1 if name in unclosed else template.find(closing, match.end())
        if end < 0:
            unclosed.add(name)
            out.append(template[position : match.end()])
            position = match.end()
            continue
        present = bool(_strip_tags(values.get(name.split(":")[-1].strip(), "")).strip())
        out.append(template[position : match.start()])
        if present == (kind == "#"):
            out.append(template[match.end() : end])
        position, changed = end + len(closing), True
    out.append(template[position:])
    return "".join(out), changed


def _reference(spec: str, values: dict[str, str], cloze: int | None, answer: bool) -> str:
    *filters, name = (part.strip() for part in spec.split(":"))
    if "type" in filters:
        return ""  # "type the answer" boxes have no place here
    if "cloze" in filters:
        return reveal_cloze(values.get(name, ""), cloze or 1, answer=answer)
    if name in SPECIAL:
        return values.get(name, "")
    return values.get(name, "")


CLOZE_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}|::")


def reveal_cloze(text: str, number: int, *, answer: bool) -> str:
    """Cloze `number` blanked (front) or shown in bold (back); other clozes as plain text.

    One pass with a stack, not a regex: clozes nest (`{{c1::a {{c2::b}}}}`), and a lazy
    regex over a field of many unclosed `{{c1::` takes minutes."""
    if "{{c" not in text:
        return text
    levels: list[list[str]] = [[]]  # the text of each open cloze, outermost first
    opened: list[tuple[int, str, int | None]] = []  # (number, opening, where the hint starts)
    position = 0
    for match in CLOZE_TOKEN.finditer(text):
        levels[-1].append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if match.group(1) is not None:
            opened.append((int(match.group(1)), token, None))
            levels.append([])
        elif token == "::" and opened and opened[-1][2] is None:
            index, opening, _hint = opened[-1]
            opened[-1] = (index, opening, len(levels[-1]))
        elif token == "}}" and opened:
            index, _opening, hint_at = opened.pop()
            parts = levels.pop()
            split = len(parts) if hint_at is None else hint_at
            content, hint = "".join(parts[:split]), "".join(parts[split:])
            levels[-1].append(_shown(index, content, hint, number, answer))
        else:
            levels[-1].append(token)
    levels[-1].append(text[position:])
    flat = levels[0]
    # Clozes never closed stay as they were; each level's text precedes the next opening.
    for (_index, opening, hint_at), parts in zip(opened, levels[1:], strict=True):
        if hint_at is not None:
            parts.insert(hint_at, "::")
        flat += [opening, *parts]
    return "".join(flat)


def _shown(index: int, content: str, hint: str, number: int, answer: bool) -> str:
    if index != number:
        return content
    return f"<b>{content}</b>" if answer else f"<b>[{hint or '...'}]</b>"


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^<>]*>", "", html)
