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
# The challenge families seen in front of Chinese portals, by the marks their pages carry:
# 瑞数 Ruishu ($_ts, a <meta> payload, 412), 加速乐 Jiasule (__jsl_clearance, 521),
# Alibaba Cloud WAF (acw_sc__v2).
_FAMILIES = (
    ("ruishu", re.compile(rb"\$_ts\s*=|\$_ts\.|FSSBBIl1UgzbN7N|4hP44ZykCTt5")),
    ("jiasule", re.compile(rb"__jsl_clearance")),
    ("aliyun_waf", re.compile(rb"acw_sc__v2")),
)


def challenge_reason(status: int, body: bytes) -> str | None:
    """Why this answer is an anti-bot page (``anti_bot:<family>:http_<status>``), or None
    if it looks like real content. The family is ``unknown`` when no mark is recognised."""
    if status in CHALLENGE_STATUSES or (
        status in (200, 202, 403, 503) and len(body) < _MAX_CHALLENGE_SIZE and _MARKERS.search(body)
    ):
        family = next((name for name, mark in _FAMILIES if mark.search(body[:_MAX_CHALLENGE_SIZE])), "unknown")
        page = "" if status in CHALLENGE_STATUSES else "challenge_page_"
        return f"anti_bot:{family}:{page}http_{status}"
    return None
