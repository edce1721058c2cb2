import codecs

import pytest

from extractors.decode import canonical_charset, decode_bytes, declared_charset
from core.errors import UnreadableInputError

TEXT = "甘肃省人民政府关于分解落实《政府工作报告》主要目标和重点工作的通知，各市州人民政府："


def test_gbk_bytes_declared_utf8_are_read_as_gbk():
    d = decode_bytes(TEXT.encode("gbk"), "text/html; charset=utf-8")
    assert d.text == TEXT
    assert d.encoding == "gb18030"
    assert d.declared == "utf-8"
    assert d.declared_was_wrong


def test_utf8_bytes_declared_gbk_are_read_as_utf8():
    d = decode_bytes(TEXT.encode("utf-8"), "text/html; charset=GB2312")
    assert d.text == TEXT and d.encoding == "utf-8" and d.declared == "gb18030"


def test_meta_charset_is_used_when_the_header_says_nothing():
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>' + TEXT.encode("gbk")
    d = decode_bytes(page)
    assert d.declared == "gb18030" and TEXT in d.text and not d.declared_was_wrong


def test_rare_character_outside_gb2312_decodes_under_gb18030():
    name = "李喆镕"  # 喆, 镕 are not in GB2312
    d = decode_bytes(name.encode("gb18030"), "text/html; charset=gb2312")
    assert d.text == name


def test_byte_order_marks_win_and_are_removed():
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "charset=gbk").text == TEXT
    d = decode_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    assert d.text == TEXT and d.encoding == "utf-16-le"


def test_registry_hint_is_used_for_undeclared_bytes():
    big5 = "關於分解落實政府工作報告的通知".encode("big5")
    assert decode_bytes(big5, None, "big5").text == "關於分解落實政府工作報告的通知"


def test_undeclared_big5_is_detected():
    text = "各位代表：現在，我代表市人民政府，向大會報告工作，請予審議，並請各位政協委員提出意見。" * 3
    assert decode_bytes(text.encode("big5")).text == text


def test_empty_input_is_a_typed_error():
    with pytest.raises(UnreadableInputError):
        decode_bytes(b"")


def test_charset_names():
    assert canonical_charset("GBK") == canonical_charset("gb2312") == "gb18030"
    assert canonical_charset("UTF8") == "utf-8"
    assert canonical_charset("no-such-charset") is None
    assert declared_charset(b"", "text/html;charset=\"utf-8\"") == "utf-8"


def test_a_latin1_header_does_not_hide_gbk():
    d = decode_bytes(TEXT.encode("gbk"), "text/html; charset=ISO-8859-1")
    assert d.text == TEXT and d.declared_was_wrong
    assert decode_bytes("Café".encode("latin-1"), "text/html; charset=ISO-8859-1").text == "Café"
