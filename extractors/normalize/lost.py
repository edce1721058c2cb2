"""Characters the capture lost, shown as ``?``.

Two kinds of debris come from a GBK page re-encoded by a mirror:

- characters with no equivalent (ideographic and no-break spaces, rare characters) became
  ``?``. A run of ``?`` at a line's edge or between spaces was whitespace: removed. A ``?``
  touching Chinese text was a real character: replaced by LOST (U+FFFD) and counted.
- a byte dropped before a double-byte character shifts the decoding by one byte:
  ``。現`` (A1A3 AC46) became ``?，F`` (A1 lost, A3AC read as ``，``, 46 as ``F``).
  When the stray letter is followed by a pinyin annotation (proof it was a Han character)
  the original pair is rebuilt from the bytes; otherwise the debris is only marked.
"""

from __future__ import annotations

import re

from extractors.normalize.chinese import HAN, is_pinyin_syllable

LOST = "\ufffd"

_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "(": "（", ")": "）"}
# ? + one character holding (trail byte, next lead byte) + the ASCII trail byte + (pinyin)
_SHIFTED = re.compile(r"\?([^\x00-\x7f]|[,:;!()])([\x40-\x7e])(?=[(（]([^)）]{1,6})[)）])")
_EDGE_RUN = re.compile(r"^[? ]*\?[? ]*|[? ]*\?[? ]*$")
_SPACED_RUN = re.compile(r"(?<= )\?[? ]*(?= )|(?<= )\?(?= )")
_CJK = rf"{HAN}\u3000-\u303f\uff00-\uffef“”‘’《》"
_TOUCHING = re.compile(rf"(?<=[{_CJK}])\?+|\?+(?=[{_CJK}])")


def _unshift(mid: str, trail: str) -> str | None:
    """Rebuild the two characters behind ``?{mid}{trail}``, or None if the bytes do not
    make a sentence-punctuation mark followed by a Han character."""
    try:
        pair = _TO_FULL.get(mid, mid).encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(pair) != 2:
        return None
    first_trail, second_lead = pair
    try:
        first = bytes([0xA1, first_trail]).decode("gbk")  # row A1: 、。·… punctuation
        second = bytes([second_lead, ord(trail)]).decode("gbk")
    except UnicodeDecodeError:
        return None
    if first not in "、。" or not re.fullmatch(rf"[{HAN}]", second):
        return None
    return first + second


def repair_shifted_bytes(line: str) -> tuple[str, int]:
    """Rebuild ``?,F(xiàn)`` → ``。現(xiàn)`` where the pinyin proves it; returns the count."""
    if "?" not in line:  # the debris always starts with ?
        return line, 0
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        if not is_pinyin_syllable(m.group(3)):
            return m.group(0)
        fixed = _unshift(m.group(1), m.group(2))
        if fixed is None:
            return m.group(0)
        count += 1
        return fixed

    return _SHIFTED.sub(repl, line), count


def mark_lost(line: str) -> tuple[str, int, int]:
    """Handle the remaining ``?``: returns (line, characters marked LOST, whitespace runs removed)."""
    if "?" not in line:
        return line, 0, 0
    if "\t" in line:
        parts = [mark_lost(cell) for cell in line.split("\t")]
        return "\t".join(p[0] for p in parts), sum(p[1] for p in parts), sum(p[2] for p in parts)
    spaces = 0

    def drop(m: re.Match) -> str:
        nonlocal spaces
        if m.group(0) == "?":  # one ? at the edge may be a lost character: mark it below
            return "?"
        spaces += 1
        return " " if m.group(0).startswith(" ") and m.group(0).endswith(" ") and 0 < m.start() else ""

    line = _EDGE_RUN.sub(drop, line)
    line = _SPACED_RUN.sub(drop, line)
    marked = 0

    def mark(m: re.Match) -> str:
        nonlocal marked
        marked += len(m.group(0))
        return LOST * len(m.group(0))

    line = _TOUCHING.sub(mark, line)
    return line, marked, spaces
