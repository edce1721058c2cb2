"""Chinese-specific text repairs: traditional → simplified and pinyin annotations.

Mirror sites serve simplified documents converted to traditional characters with the
pinyin of some characters in brackets (``時(shí)間``). We convert back with OpenCC ``t2s``
(applied to every document, so two sources of one text always go through the same
conversion; ``t2s`` leaves simplified text unchanged) and remove a bracket only when it
holds one valid pinyin syllable directly after a Han character, so ``(一)``, ``(共4项)``
and ``(牵头单位:…)`` are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

# Initials and finals of Hanyu Pinyin; a syllable is an optional initial and a final.
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|in|un|ün|vn"
    r"|ia|ie|iu|ua|uo|ui|üe|ve|ue|a|o|e|i|u|ü|v|ng|n|m)"
)
# A bracket of letters directly after a Han character (half- or full-width brackets). The
# look-behind comes after the bracket so the regex engine can skip to brackets.
_ANNOTATION = re.compile(rf"[(（](?<=[{HAN}].)([a-z{_TONED}ü]{{1,6}})[)）]")


def _plain(syllable: str) -> str:
    """Tone marks removed: shí -> shi, lǘ -> lü."""
    out = []
    for ch in syllable:
        if ch in "ǖǘǚǜü":
            out.append("ü")
            continue
        out.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(out)


def is_pinyin_syllable(s: str) -> bool:
    """One syllable with a tone mark (shí), or without one if it is at least two letters
    (men, de): a single toneless letter in brackets is more likely a list label."""
    plain = _plain(s)
    if not _SYLLABLE.fullmatch(plain):
        return False
    return any(ch in _TONED for ch in s) or len(plain) >= 2


def has_pinyin(text: str) -> bool:
    """Whether ``text`` holds anything ``strip_pinyin`` would look at."""
    return _ANNOTATION.search(text) is not None


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin annotations; returns the text and how many were removed."""
    if not _ANNOTATION.search(text):  # nearly every line
        return text, 0
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        if is_pinyin_syllable(m.group(1)):
            count += 1
            return ""
        return m.group(0)

    return _ANNOTATION.sub(repl, text), count


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s, phrase-aware)."""
    return _t2s().convert(text) if text else text
