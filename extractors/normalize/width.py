"""Full-width / half-width unification and whitespace.

Canonical form (one choice for every source, so two captures of a document compare equal):
- full-width ASCII (U+FF01–FF5E: digits, letters, ％，：；（）！) → half-width ASCII;
  except the full-width question mark ？, kept, because a half-width ``?`` in a capture
  usually means a lost character (see ``lost.py``);
- small-form variants ﹪﹙﹚﹐﹔﹕ → % ( ) , ; :
- Chinese-only punctuation (。、“”《》〈〉〔〕【】——) stays as it is: it has no ASCII twin;
- ideographic space, no-break space and other spaces → one ASCII space, runs collapsed,
  lines stripped; tabs (table cell separators) are kept, spaces around them removed.
"""

from __future__ import annotations

import re
from typing import Callable

_KEEP_FULL = {"？"}
_SMALL_FORMS = {"﹪": "%", "﹙": "(", "﹚": ")", "﹐": ",", "﹔": ";", "﹕": ":", "﹗": "!"}
_WIDTH_TABLE = {
    cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL
}
_WIDTH_TABLE.update({ord(k): v for k, v in _SMALL_FORMS.items()})
_WIDTH_TABLE.update({0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: "", 0xFEFF: ""})


def sparse_translator(table: dict[int, str]) -> Callable[[str], str]:
    """``str.translate(table)`` for text that rarely holds a character of ``table``: one regex
    scan finds the few to map, where translate looks every character up (several times
    slower on Chinese text, nearly all of which stays as it is)."""
    by_char = {chr(cp): to for cp, to in table.items()}
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sorted(by_char)) + "]")
    return lambda text: pattern.sub(lambda m: by_char[m.group()], text)


_unify = sparse_translator(_WIDTH_TABLE)

_SPACES = re.compile(r"[ \f\v\u2000-\u200a\u202f\u205f]+")


def unify_width(text: str) -> str:
    """Map full-width forms and odd spaces to the canonical forms above."""
    return _unify(text)


def clean_spaces(line: str) -> str:
    """Collapse space runs, strip the line and every tab-separated cell."""
    if "\t" in line:
        return "\t".join([_SPACES.sub(" ", cell).strip() for cell in line.split("\t")])
    return _SPACES.sub(" ", line).strip()


def clean_spaces_of_lines(text: str) -> list[str]:
    """``clean_spaces`` of every line of ``text``: the runs collapsed in one pass (a run
    holds no tab or newline), then each line and cell stripped."""
    return ["\t".join([cell.strip() for cell in line.split("\t")]) if "\t" in line else line.strip()
            for line in _SPACES.sub(" ", text).split("\n")]
