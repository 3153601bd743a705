"""Anki card templates, rendered far enough to give a question its front and back as HTML.

Covers what real decks use: `{{Field}}` with filters (`text:`, `hint:`, `type:` …),
`{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}` sections, `{{FrontSide}}`, the
`<hr id=answer>` divider, and `{{cloze:Field}}` with one card per cloze number.
"""

from __future__ import annotations

import re
from functools import lru_cache

SECTION = re.compile(r"\{\{([#^])\s*([^}]+?)\s*\}\}(.*?)\{\{/\s*\2\s*\}\}", re.DOTALL)
REFERENCE = re.compile(r"\{\{\s*([^#^/{}][^{}]*?)\s*\}\}")
ANSWER_DIVIDER = re.compile(r"<hr[^>]*\bid\s*=\s*[\"']?answer[\"']?[^>]*>", re.IGNORECASE)
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::((?:(?!\}\}).)*?))?\}\}", re.DOTALL)
SPECIAL = ("Tags", "Deck", "Subdeck", "Card", "Type", "CardFlag")


def render(template: str, values: dict[str, str], cloze_number: int | None, *, answer: bool) -> str:
    """One side of a card; on the back, only what follows the front (the divider or
    `{{FrontSide}}`), since the question's prompt is shown above its answer anyway."""
    side, parts = _prepared(template, answer)
    if parts is not None:  # no sections: literal text and references, split once
        return "".join(
            part if index % 2 == 0 else _reference(part, values, cloze_number, answer)
            for index, part in enumerate(parts)
        )
    for _ in range(8):  # nested sections, innermost first
        side, changed = SECTION.subn(lambda m: _section(m, values), side)
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


def _section(match: re.Match[str], values: dict[str, str]) -> str:
    kind, name, body = match.groups()
    present = bool(_strip_tags(values.get(name.split(":")[-1].strip(), "")).strip())
    return body if present == (kind == "#") else ""


def _reference(spec: str, values: dict[str, str], cloze: int | None, answer: bool) -> str:
    *filters, name = (part.strip() for part in spec.split(":"))
    if "type" in filters:
        return ""  # "type the answer" boxes have no place here
    if "cloze" in filters:
        return reveal_cloze(values.get(name, ""), cloze or 1, answer=answer)
    if name in SPECIAL:
        return values.get(name, "")
    return values.get(name, "")


def reveal_cloze(text: str, number: int, *, answer: bool) -> str:
    """Cloze `number` blanked (front) or shown in bold (back); other clozes as plain text."""

    def one(match: re.Match[str]) -> str:
        index, content, hint = int(match.group(1)), match.group(2), match.group(3)
        if index != number:
            return content
        if answer:
            return f"<b>{content}</b>"
        return f"<b>[{hint or '...'}]</b>"

    previous = None
    while previous != text:  # clozes nested in clozes
        previous, text = text, CLOZE.sub(one, text)
    return text


def cloze_numbers(text: str) -> set[int]:
    return {int(number) for number in re.findall(r"\{\{c(\d+)::", text)}


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)
