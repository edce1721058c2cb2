"""Bytes of a fetched page → text, through ``extractors.decode`` (the parse stage's
decoder), so the crawler and the parser agree on what a page says."""

from __future__ import annotations

from extractors.decode import decode_bytes


def decode(data: bytes, content_type: str | None, hint: str | None) -> tuple[str, str]:
    """(text, encoding used). Raises ``UnreadableInputError`` for empty input."""
    decoded = decode_bytes(data, content_type=content_type, hint=hint)
    return decoded.text, decoded.encoding
