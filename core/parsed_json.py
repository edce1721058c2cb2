"""A parsed document's JSON bytes, written and read by msgspec (issue 15).

``core.records.to_json`` (the standard library's encoder, compact, non-ASCII as is) is the
rule; msgspec writes the same bytes ten times faster (0.29 s → 0.03 s CPU for the 500
documents of the bench corpus), except for floats: Python writes exponents for magnitudes
under 1e-4 or from 1e16 (``1e+16``, ``9.9999e-05``) and ``NaN``/``Infinity``, where msgspec
writes ``1e16``, ``0.000099999`` and ``null``. A document with such a float takes the rule.
The record fields that hold floats are ``Target.low``, ``Target.high`` and ``Actual.value``
(tests/parse/test_fast_paths.py fails if another appears).

Reading back, msgspec decodes the bytes straight into the records (0.30 s → 0.13 s CPU for
the bench corpus's 500 files, where ``json.loads`` and ``records.from_dict`` build every
dictionary first). It is not the rule either: it turns an integer in a float field into a
float, ignores fields it does not know and fills missing ones, where ``from_dict`` keeps
the JSON's values and refuses unknown fields. So its document is taken only when it writes
back the very bytes it was read from (what ``parsed_json`` wrote for it); any other file
is read by the rule.
"""

from __future__ import annotations

import json

import msgspec

from core.records import ParsedDocument, from_dict, to_json

_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(ParsedDocument)


def parsed_json(doc: ParsedDocument) -> bytes:
    """``to_json(doc).encode("utf-8")``, by the faster encoder when that gives the same bytes."""
    if all(_written_alike(t.low) and _written_alike(t.high) for t in doc.targets) and all(
        _written_alike(a.value) for a in doc.actuals
    ):
        return _ENCODER.encode(doc)
    return to_json(doc).encode("utf-8")


def _written_alike(value: object) -> bool:
    """True when msgspec and ``json`` write ``value`` the same: not a float, or a finite one
    ``repr`` writes without an exponent."""
    if type(value) is not float:
        return True
    return value == 0.0 or 1e-4 <= abs(value) < 1e16  # False for NaN and the infinities


def parsed_document(data: bytes) -> ParsedDocument:
    """``from_dict(ParsedDocument, json.loads(data))``, by msgspec when that gives a document
    that writes back to ``data``. Raises ``ValueError``/``TypeError`` for a file that is no
    parsed document, as the rule does."""
    try:
        doc = _DECODER.decode(data)
    except (msgspec.DecodeError, ValueError, TypeError):
        doc = None  # not for the fast reader (NaN, a string where a number goes, ...): the rule says
    if doc is not None and parsed_json(doc) == data:
        return doc
    return from_dict(ParsedDocument, json.loads(data))
