"""Bytes → text, trusting a declared charset only as far as the bytes agree with it.

Portals declare charsets that are wrong surprisingly often (GBK pages served as
``charset=utf-8``, a ``<meta charset>`` left over from a template). The order of trust:

1. a byte-order mark (it cannot be an accident);
2. valid UTF-8 with non-ASCII text (GBK bytes are almost never valid UTF-8);
3. the declared charset (HTTP header, then ``<meta charset>``), if the bytes decode under it;
4. the registry hint, if the bytes decode under it;
5. charset-normalizer's best guess;
6. GB18030 with replacement characters, and a note that characters were lost.

GBK and GB2312 are read as GB18030, their superset, so a page that uses a character
outside GB2312 (common in names) still decodes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from core.errors import UnreadableInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gbk">
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)

# Names that mean "GB18030 or a subset of it".
_GB_FAMILY = {"gbk", "gb2312", "gb_2312", "gb-2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030"}


_MULTIBYTE = {"gb18030", "big5", "big5hkscs", "euc_jp", "shift_jis", "euc_kr"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec the text was read with
    declared: str | None  # what the header or <meta> said, normalised; None if nothing
    detected: str | None  # what the bytes say (BOM, UTF-8 validity, charset-normalizer)

    @property
    def declared_was_wrong(self) -> bool:
        return self.declared is not None and self.declared != self.encoding


def canonical_charset(name: str | None) -> str | None:
    """A charset label as a Python codec name, GB family folded into gb18030; None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_FAMILY else codec


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The charset a response declares: HTTP header first, then the page's <meta>."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and canonical_charset(m.group(1)):
            return canonical_charset(m.group(1))
    m = _META_CHARSET.search(data[:4096])
    if m:
        return canonical_charset(m.group(1).decode("ascii", "ignore"))
    return None


def _single_byte(encoding: str) -> bool:
    """Latin-1 and friends decode any bytes, so declaring one proves nothing: servers send
    ``charset=ISO-8859-1`` by default for pages that are really GBK."""
    return encoding in ("ascii", "latin-1", "iso8859-1") or encoding.startswith(("cp125", "iso8859", "koi8", "mac-"))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return canonical_charset(best.encoding) if best is not None else None


def decode_bytes(data: bytes, content_type: str | None = None, hint: str | None = None) -> Decoded:
    """Decode a page or text attachment. Raises UnreadableInputError for empty input."""
    if not data:
        raise UnreadableInputError("empty input: no bytes to decode", reason="empty")
    declared = declared_charset(data, content_type)

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            return Decoded(text, encoding, declared, encoding)

    if not data.isascii():
        text = _strict(data, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", declared, "utf-8")

    for candidate in (declared, canonical_charset(hint)):
        if candidate and not (_single_byte(candidate) and not data.isascii()):
            text = _strict(data, candidate)
            if text is not None:
                detected = "ascii" if data.isascii() else None
                return Decoded(text, candidate, declared, detected)

    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii", declared, "ascii")

    guess = _normalizer_guess(data)
    # A single-byte guess (cp1252, koi8...) for undeclared bytes from a Chinese portal is
    # almost always wrong; GB18030 is tried before it.
    # UTF-16/32 without a BOM is never guessed: short byte runs "decode" as anything.
    order = [guess] if guess in _MULTIBYTE else []
    order += ["gb18030", declared or ""]
    order += [guess] if guess and guess not in _MULTIBYTE and not guess.startswith("utf-") else []
    for candidate in [c for c in order if c]:
        text = _strict(data, candidate)
        if text is not None:
            return Decoded(text, candidate, declared, guess)
    # Nothing decodes cleanly: most Chinese pages are GB-family; keep what we can.
    return Decoded(data.decode("gb18030", errors="replace"), "gb18030", declared, guess)
