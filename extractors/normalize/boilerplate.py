"""Page chrome and metadata blocks that captures and HTML pages carry around the text.

``is_chrome`` tells whole lines that are portal furniture (breadcrumbs, share and
print buttons, QR-code prompts, comment boxes, copyright and ICP lines). ``parse_meta_line``
reads key–value metadata lines (``发布日期: 2023-03-06``, ``∙【字 号】武政办〔2020〕1号``,
``- 时间:2026-02-02``) into a dict. The pipeline drops both kinds of line: they describe the page,
and different sources print different ones, so keeping them would make two captures of
one document differ. Both work on normalised (simplified, half-width) lines.
"""

from __future__ import annotations

import re

# Whole-line furniture. Anchored patterns for short lines; each is a portal idiom.
_CHROME = [
    r"(当前位置|您所在的位置|您的位置|所在位置)[:：]?.*",
    r">+\s*\S.*|.*首页\s*(>|>>|»|›).*",
    r".*扫一扫.*(手机|分享|打开).*|扫一扫",
    r"分享到[:：]?.*|发布评论|我要评论|网友评论|评论\s*\(\d*\)",
    r"\[?\s*打印本页.*|.*关闭窗口.*|【?\s*(打印|关闭|收藏|返回顶部)\s*】?",
    r"【?字号[:：].*|字号[:：]?\s*\[.*|.*视力保护色.*",
    r"(下载|打印|全屏|收藏|加大|还原|减小|大|中|小|】|【)",
    r".*(公务邮|无障碍浏览|长者模式|适老化).*",
    r"(手机版|微信|微博|网站地图|English|繁體|繁体|简体|簡體|RSS)(\s*\|?\s*(手机版|微信|微博|网站地图|English|繁體|繁体|简体|簡體|RSS))*",
    r"登录\s*\|\s*注册.*",
    r".*(Copyright|版权所有|ICP备|公网安备|网站标识码).*",
    r"(承办|主办|技术支持|协办)[:：].*",
    r"(E-?mail|电子邮箱)[:：].*",
    r"(责任编辑|编辑|审核|校对)[:：].{0,12}",
    r"(公开程序|正文|文章属性|相关链接|相关文件|相关稿件)",
]
_CHROME_LINE = re.compile("|".join(f"(?:{p})" for p in _CHROME), re.I)
_MAX_CHROME_LEN = 80  # furniture lines are short; a long line is content

# Metadata keys → what they mean. Keys may be printed with spaces (索  引  号).
_META_KEYS = {
    "时间": "published_date", "发布时间": "published_date", "发布日期": "published_date",
    "公布日期": "published_date", "日期": "published_date",
    "来源": "source", "信息来源": "source",
    "发布机构": "issuer", "发文机关": "issuer", "制定机关": "issuer", "发布单位": "issuer",
    "文号": "doc_number", "发文字号": "doc_number", "字号": "doc_number",
    "成文日期": "written_date", "施行日期": "effective_date",
    "索引号": "index_no", "主题词": "keywords", "主题分类": "topic", "公开方式": "disclosure",
    "有效性": "validity", "时效性": "validity", "效力等级": "level", "浏览次数": "views",
    "分类": "topic", "体裁分类": "topic", "作者": "author",
}
_SPACED = lambda key: r"\s*".join(map(re.escape, key))  # noqa: E731
_KEY_ALT = "|".join(_SPACED(k) for k in sorted(_META_KEYS, key=len, reverse=True))
_KEY_AT = re.compile(rf"(?:【\s*(?P<k1>{_KEY_ALT})\s*】|(?P<k2>{_KEY_ALT})\s*[:：])")
_BULLET = re.compile(r"^[-∙·•*]\s*")

DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")


def iso_date(value: str) -> str | None:
    m = DATE.search(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_chrome(line: str) -> bool:
    return len(line) <= _MAX_CHROME_LEN and _CHROME_LINE.fullmatch(line.strip()) is not None


def parse_meta_line(line: str) -> dict[str, str] | None:
    """The key–value pairs of a metadata line, or None if the line is not one.

    A metadata line starts with a known key; values run to the next key. Empty values
    are dropped; dates become ISO; ``字号`` counts only when its value is a 文号.
    """
    text = _BULLET.sub("", line.replace("\t", " ").strip())
    if len(text) > 200 or not _KEY_AT.match(text):  # most lines: no key at the start
        return None
    keys = list(_KEY_AT.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(text)
        key = re.sub(r"\s+", "", m.group("k1") or m.group("k2"))
        value = text[m.end():end].strip()
        field = _META_KEYS[key]
        if not value or value in ("[ ]", "[]"):
            continue
        if field.endswith("_date"):
            value = iso_date(value) or value
        if field == "doc_number" and not re.search(r"\d+号", value):
            continue
        out.setdefault(field, value)
    return out
