"""Round trip: the simplified Wuhan text turned into the mirror site's style (OpenCC s2t,
pinyin in brackets after characters, lost characters as ``?``) normalises back to the
same lines and parses to the same records as the original."""

import re
from pathlib import Path

import opencc
import pytest
from pypinyin import Style, pinyin

from extractors.normalize import normalize_text
from extractors.parse import parse_bytes
from core.records import to_dict
from extractors.source_text import DocumentHints

WUHAN = Path(__file__).resolve().parents[1] / "examples" / "breakdown" / "wuhan-2020.txt"
HAN = re.compile(r"[\u4e00-\u9fff]")


def annotate(text: str, every: int = 3) -> str:
    """Pinyin with tone marks after every n-th converted character: 時(shí)間."""
    out, n = [], 0
    simplified = opencc.OpenCC("t2s")
    for ch in text:
        out.append(ch)
        if HAN.match(ch) and simplified.convert(ch) != ch:
            n += 1
            if n % every == 0:
                out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
    return "".join(out)


def shift_bytes(text: str, limit: int = 3) -> tuple[str, int]:
    """What the mirror's byte slip does to 。X(pinyin): the first byte of 。 is lost, its
    second byte and X's first byte read as one character, X's second byte as ASCII."""
    done = 0

    def repl(m):
        nonlocal done
        raw = ("。" + m.group(1)).encode("gbk")
        if done >= limit or len(raw) != 4 or not 0x40 <= raw[3] <= 0x7E:
            return m.group(0)
        try:
            middle = raw[1:3].decode("gbk")
        except UnicodeDecodeError:
            return m.group(0)
        done += 1
        return "?" + {"，": ","}.get(middle, middle) + chr(raw[3]) + m.group(2)

    return re.sub(r"。([\u4e00-\u9fff])(\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\))", repl, text), done


def mirror_style(text: str) -> tuple[str, int]:
    traditional = opencc.OpenCC("s2t").convert(text)
    annotated = annotate(traditional)
    # force pinyin after the character that follows each of a few 。 so the slip is provable
    annotated = re.sub(r"。([\u4e00-\u9fff])(?!\()", lambda m: "。" + m.group(1) + f"({pinyin(m.group(1), style=Style.TONE)[0][0]})", annotated)
    shifted, slips = shift_bytes(annotated)
    lines = shifted.split("\n")
    # lost no-break spaces around the signature, as on the mirror
    lines = [("? ? ? " + ln + "????????") if ln in ("武漢市人民政府辦公廳", "2020年1月17日") else ln for ln in lines]
    return "\n".join(lines), slips


@pytest.fixture(scope="module")
def texts():
    original = WUHAN.read_text(encoding="utf-8")
    mirrored, slips = mirror_style(original)
    return original, mirrored, slips


def test_the_mirror_version_really_is_mangled(texts):
    original, mirrored, slips = texts
    assert slips >= 1
    assert "?" in mirrored and re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", mirrored)
    assert "辦公廳" in mirrored and mirrored != original


def test_normalised_lines_are_identical(texts):
    original, mirrored, _ = texts
    assert normalize_text(mirrored).lines == normalize_text(original).lines


def test_parsed_records_are_identical(texts):
    original, mirrored, _ = texts
    hints = DocumentHints(jurisdiction_code="420100", kind="breakdown", year=2020)
    a = to_dict(parse_bytes(original.encode("utf-8"), "wuhan.txt", hints))
    b = to_dict(parse_bytes(mirrored.encode("utf-8"), "wuhan.txt", hints))
    assert a["tasks"] and a["targets"]
    for key in ("meta", "parser", "text_sha256", "targets", "actuals", "tasks", "declared_counts"):
        assert b[key] == a[key], key


def test_a_character_truly_lost_is_marked_not_guessed(texts):
    """A character the mirror could not encode at all leaves only ``?``: it becomes U+FFFD
    in exactly that place, and everything else parses as before."""
    original, mirrored, _ = texts
    hints = DocumentHints(jurisdiction_code="420100", kind="breakdown", year=2020)
    damaged = mirrored.replace("加強飲用水水源地保護", "加強飲用?水源地保護", 1)
    assert damaged != mirrored
    a = parse_bytes(original.encode("utf-8"), "wuhan.txt", hints)
    b = parse_bytes(damaged.encode("utf-8"), "wuhan.txt", hints)
    changed = [(x.text, y.text) for x, y in zip(a.tasks, b.tasks) if x.text != y.text]
    assert changed == [(changed[0][0], changed[0][0].replace("饮用水", "饮用\ufffd"))]
    assert "1 lost characters marked" in " ".join(b.notes)
    assert [t.seq for t in a.tasks] == [t.seq for t in b.tasks] and a.targets == b.targets
