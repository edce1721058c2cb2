"""Recognise an anti-bot challenge instead of a document.

Portals behind commercial bot gateways answer a plain HTTP client with a small page
whose only job is to run JavaScript (set a clearance cookie, reload). Such an answer is
``blocked``: it is never stored as a document and never retried.
"""

from __future__ import annotations

import re

CHALLENGE_STATUSES = {412, 521}  # what the gateways in front of Chinese portals send
_MARKERS = re.compile(
    rb"\$_ts\s*=|__jsl_clearance|document\.cookie\s*=.{0,200}location\.(reload|href)|"
    rb"acw_sc__v2|<title>\s*(\xe5\xae\x89\xe5\x85\xa8\xe9\xaa\x8c\xe8\xaf\x81)",  # <title>安全验证
    re.S,
)
_MAX_CHALLENGE_SIZE = 64_000


def challenge_reason(status: int, body: bytes) -> str | None:
    """Why this answer is an anti-bot page, or None if it looks like real content."""
    if status in CHALLENGE_STATUSES:
        return f"anti_bot:http_{status}"
    if status in (200, 202, 403, 503) and len(body) < _MAX_CHALLENGE_SIZE and _MARKERS.search(body):
        return f"anti_bot:challenge_page_http_{status}"
    return None
