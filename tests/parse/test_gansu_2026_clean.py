"""Gansu 2026 from the mirror: after normalisation no pinyin annotation, no traditional
character and no stray ``?`` is left, and the byte-shift debris became 。现."""

import re
from pathlib import Path

from extractors.normalize import normalize_text
from extractors.normalize.chinese import to_simplified

NOTICE = Path(__file__).resolve().parents[1] / "examples" / "breakdown" / "gansu-2026-notice.txt"


def test_nothing_of_the_mirror_is_left():
    lines = normalize_text(NOTICE.read_text(encoding="utf-8")).lines
    text = "\n".join(lines)
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)
    assert to_simplified(text) == text
    assert "?" not in text and "\ufffd" not in text
    assert "予以分解下达。现将有关事项通知如下。" in text
    assert lines[0] == "甘政发〔2026〕7号"
    assert "甘肃省人民政府" in lines and "2026年1月30日" in lines
