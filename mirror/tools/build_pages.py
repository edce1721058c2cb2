"""Build the snapshot's HTML pages from the real seed texts.

    .venv/bin/python mirror/tools/build_pages.py [--shared ../shared] [--check]

Every article page carries a seed (or the reference work report) verbatim: each line of
the text becomes one element (``<p>`` or ``<li>``) inside the page region it belongs to
(breadcrumb, title, metadata block, body, footer), escaped but otherwise unchanged, so
the page's text is the captured text. ``PAGES`` below says, for each page, which seed
lines go into which region; lines outside every region are blank lines of the capture.
Everything else on a page (navigation, headers, listing pages, the metadata of pages whose
capture has none, distractor links) was made for the snapshot and is listed in
``mirror/README.md``.

``--check`` rebuilds in memory and fails if a committed file differs (used by the tests).
"""

from __future__ import annotations

import argparse
import html
import sys
from dataclasses import dataclass, field
from pathlib import Path

MIRROR = Path(__file__).resolve().parent.parent
SITES = MIRROR / "sites"
DEFAULT_SHARED = MIRROR.parent.parent / "shared"

SEEDS = {
    "000": "seeds/000_d7185299d2cdb861.txt",
    "001": "seeds/001_f3db35dbe1c27f80.txt",
    "002": "seeds/002_95db6609db29eed6.txt",
    "003": "seeds/003_4af362a320864ba1.txt",
    "004": "seeds/004_8660fcbe30035db3.txt",
    "gansu-2026-work-report": "reference/gansu-2026-work-report.txt",
}


@dataclass
class Region:
    """Seed lines ``first..last`` (1-based, inclusive) rendered inside ``selector``."""

    name: str
    selector: str
    first: int
    last: int
    tag: str = "p"
    links: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> (text to link, href)


@dataclass
class Page:
    host: str
    path: str
    seed: str
    charset: str  # what the page's <meta> declares
    encoding: str  # what the bytes are
    template: str
    title: str  # the page's <title>; made for the snapshot where the capture has none
    regions: list[Region]
    extra: dict[str, str] = field(default_factory=dict)


XXGK = "xxgk.gansu.gov.cn"
GATE = "big5.gansu.gov.cn"
GATE_PREFIX = "/gate/big5/www.gansu.gov.cn"
DINGXI = "www.dingxi.gov.cn"
DINGXI_NPC = "rd.dingxi.gov.cn"
WUHAN = "www.wuhan.gov.cn"
YISHUI = "www.yishui.gov.cn"

GANSU2018_PDF = "/gsszf/c100055/201802/P020180214392851236417.pdf"
GANSU2026_ANNEX1 = f"{GATE_PREFIX}/gsszf/c100054/202602/P020260202580144928101.pdf"
GANSU2026_ANNEX2 = f"{GATE_PREFIX}/gsszf/c100054/202602/P020260202580145106937.pdf"
GANSU2026_NOTICE_PDF = f"{GATE_PREFIX}/gsszf/c100054/202602/P020260202580143712450.pdf"

PAGES: list[Page] = [
    Page(
        host=GATE,
        path=f"{GATE_PREFIX}/gsszf/c100054/202602/1758243.shtml",
        seed="000",
        charset="big5",  # wrong on purpose: the gateway sends UTF-8
        encoding="utf-8",
        template="gateway",
        title="甘肅省人民政府關(guān)于分解落實(shí)《政府工作報(bào)告》主要目標(biāo)和重點(diǎn)工作的通知",
        regions=[
            Region("meta", "ul.article-meta", 1, 2, tag="li"),
            Region(
                "body",
                "#zoom",
                3,
                56,
                links={
                    10: ("1.2026年《政府工作報(bào)告》主要目標(biāo)分解表", GANSU2026_ANNEX1),
                    11: ("2.2026年《政府工作報(bào)告》重點(diǎn)工作分解表", GANSU2026_ANNEX2),
                },
            ),
            Region(
                "attachments",
                "div.attachments",
                57,
                60,
                links={57: ("甘肅省人民政府關(guān)于分解落實(shí)《政府工作報(bào)告》主要目標(biāo)和重點(diǎn)工作的通知.PDF", GANSU2026_NOTICE_PDF)},
            ),
        ],
    ),
    Page(
        host=YISHUI,
        path="/info/1567/89123.htm",
        seed="001",
        charset="utf-8",
        encoding="utf-8",
        template="yishui",
        title="文字解读┃关于对沂水县《<政府工作报告>重点工作分工方案》的解读-沂水县人民政府",
        regions=[
            Region("nav", "div.top-links", 1, 3),
            Region("breadcrumb", "div.position", 4, 4),
            Region("title", "td.titlestyle", 6, 6, tag=""),
            Region("meta", "div.xxgk-meta", 8, 11),
            Region("body", "#vsb_content", 13, 54),
            Region("footer", "div.footer", 55, 64),
        ],
    ),
    Page(
        host=DINGXI,
        path="/art/2026/1/29/art_23_1856321.html",
        seed="002",
        charset="utf-8",
        encoding="utf-8",
        template="dingxi",
        title="定西市人民政府工作报告 定西市人民政府",
        regions=[
            Region("breadcrumb", "div.position", 1, 2),
            Region("title", "div.article h1", 3, 3, tag=""),
            Region("meta", "div.article-meta", 6, 6),
            Region("body", "#zoom", 9, 185),
            Region("tools", "div.article-tools", 186, 188),
        ],
    ),
    Page(
        host=DINGXI_NPC,
        path="/dxrd/hyzl/202601/t20260123_51842.shtml",
        seed="002",
        charset="utf-8",
        encoding="utf-8",
        template="dingxi_npc",
        title="政府工作报告_定西人大网",
        regions=[Region("body", ".article-content", 9, 185)],
    ),
    Page(
        host=XXGK,
        path="/gsszf/c100055/201802/1023518.shtml",
        seed="003",
        charset="gbk",
        encoding="gbk",
        template="xxgk",
        title="甘肃省人民政府关于分解下达2018年全省经济社会发展主要指标和重点工作任务的通知",
        regions=[Region("body", "#zoom", 1, 216)],
        extra={
            "index_no": "620000/2018-00047",
            "issuer": "甘肃省人民政府",
            "written": "2018-02-13",
            "published": "2018-02-14",
            "doc_number": "",
            "attachment_href": GANSU2018_PDF,
            "attachment_title": "2018年全省经济社会发展主要指标分解表和2018年省政府重点工作任务分解表.pdf",
        },
    ),
    Page(
        host=XXGK,
        path="/gsszf/c100055/202602/1757016.shtml",
        seed="gansu-2026-work-report",
        charset="gbk",
        encoding="gbk",
        template="xxgk",
        title="2026年甘肃省政府工作报告",
        regions=[
            Region("toolbar", "div.toolbar", 1, 9),
            Region("title", "div.article h1", 10, 10, tag=""),
            Region("body", "#zoom", 11, 95),
            Region("related", "div.related", 96, 96),
        ],
        extra={
            "index_no": "620000/2026-00112",
            "issuer": "甘肃省人民政府",
            "written": "2026-01-27",
            "published": "2026-02-10",
            "doc_number": "",
        },
    ),
    Page(
        host=WUHAN,
        path="/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml",
        seed="004",
        charset="utf-8",
        encoding="utf-8",
        template="wuhan",
        title="市人民政府办公厅关于印发2020年市《政府工作报告》确定的主要目标任务责任分解方案的通知",
        regions=[
            Region("meta", "div.article-meta", 1, 8),
            Region("label", "div.zw-label", 9, 9),
            Region("body", ".TRS_Editor", 10, 60),
            Region("comment", "div.comment", 61, 61),
        ],
    ),
]


# --- listing pages (made for the snapshot) ------------------------------------------------
# (date, title, href) — one real candidate per document, the rest are other notices the
# crawler must ignore (some mention the work report on purpose: 图解, 热议, 落实情况, 决议).

LISTINGS: dict[tuple[str, str], dict] = {
    (XXGK, "/gsszf/c100055/list.shtml"): {
        "template": "xxgk_list",
        "pages": 2,
        "items": [
            ("2026-02-12", "甘肃省人民政府关于命名2025年度全省文明单位的决定", "/gsszf/c100055/202602/1757302.shtml"),
            ("2026-02-10", "2026年甘肃省政府工作报告", "/gsszf/c100055/202602/1757016.shtml"),
            ("2026-02-10", "图解：2026年甘肃省政府工作报告", "/gsszf/c100055/202602/1757021.shtml"),
            ("2026-02-05", "甘肃省人民政府办公厅关于印发甘肃省数据要素市场化配置改革实施方案的通知", "/gsszf/c100055/202602/1756544.shtml"),
            ("2026-01-28", "甘肃省人民政府关于2025年度甘肃省科学技术奖励的决定", "/gsszf/c100055/202601/1755920.shtml"),
        ],
    },
    (XXGK, "/gsszf/c100055/list_2.shtml"): {
        "template": "xxgk_list",
        "pages": 2,
        "items": [
            ("2018-03-02", "甘肃省人民政府办公厅关于印发甘肃省2018年节能减排工作要点的通知", "/gsszf/c100055/201803/1024190.shtml"),
            ("2018-02-14", "甘肃省人民政府关于分解下达2018年全省经济社会发展主要指标和重点工作任务的通知", "/gsszf/c100055/201802/1023518.shtml"),
            ("2018-02-08", "甘肃省人民政府办公厅关于做好2018年春节期间有关工作的通知", "/gsszf/c100055/201802/1023307.shtml"),
            ("2018-01-31", "关于2017年省政府工作报告重点工作落实情况的通报", "/gsszf/c100055/201801/1022875.shtml"),
        ],
    },
    (GATE, f"{GATE_PREFIX}/gsszf/c100054/zcwj.shtml"): {
        "template": "gateway_list",
        "items": [
            ("2026-02-02", "甘肅省人民政府關(guān)于分解落實(shí)《政府工作報(bào)告》主要目標(biāo)和重點(diǎn)工作的通知", f"{GATE_PREFIX}/gsszf/c100054/202602/1758243.shtml"),
            ("2026-01-30", "甘肅省人民政府辦公廳關(guān)于做好2026年春節(jié)期間有關(guān)工作的通知", f"{GATE_PREFIX}/gsszf/c100054/202601/1757911.shtml"),
            ("2026-01-26", "甘肅省人民政府關(guān)于公布第六批省級(jí)非物質(zhì)文化遺產(chǎn)代表性項(xiàng)目名錄的通知", f"{GATE_PREFIX}/gsszf/c100054/202601/1757588.shtml"),
        ],
    },
    (DINGXI, "/col/col23/index.html"): {
        "template": "dingxi_list",
        "next": "/col/col23/index_2.html",
        "items": [
            ("2026-02-03", "定西市召开2026年一季度经济运行调度会", "/art/2026/2/3/art_23_1857010.html"),
            ("2026-02-01", "我市开展春节前安全生产大检查", "/art/2026/2/1/art_23_1856877.html"),
            ("2026-01-31", "图解：2026年定西市政府工作报告", "/art/2026/1/31/art_23_1856702.html"),
        ],
    },
    (DINGXI, "/col/col23/index_2.html"): {
        "template": "dingxi_list",
        "prev": "/col/col23/index.html",
        "items": [
            ("2026-01-29", "定西市人民政府工作报告", "/art/2026/1/29/art_23_1856321.html"),
            ("2026-01-27", "定西市第五届人民代表大会第六次会议胜利闭幕", "/art/2026/1/27/art_23_1856190.html"),
            ("2026-01-21", "代表委员热议政府工作报告", "/art/2026/1/21/art_23_1855803.html"),
        ],
    },
    (DINGXI_NPC, "/dxrd/hyzl/index.shtml"): {
        "template": "npc_list",
        "items": [
            ("2026-01-23", "政府工作报告（2026年1月20日在定西市第五届人民代表大会第六次会议上）", "/dxrd/hyzl/202601/t20260123_51842.shtml"),
            ("2026-01-23", "定西市第五届人民代表大会第六次会议关于政府工作报告的决议", "/dxrd/hyzl/202601/t20260123_51840.shtml"),
            ("2026-01-23", "关于定西市2025年国民经济和社会发展计划执行情况与2026年计划草案的报告", "/dxrd/hyzl/202601/t20260123_51838.shtml"),
        ],
    },
    (WUHAN, "/zwgk/xxgk/zfwj/bgtwj/index.shtml"): {
        "template": "wuhan_list",
        "pages": 2,
        "items": [
            ("2020-03-02", "市人民政府办公厅关于印发武汉市支持中小微企业共渡难关若干措施的通知", "/zwgk/xxgk/zfwj/bgtwj/202003/t20200302_962417.shtml"),
            ("2020-02-10", "市人民政府办公厅关于做好疫情防控期间市场供应保障工作的通知", "/zwgk/xxgk/zfwj/bgtwj/202002/t20200210_884102.shtml"),
        ],
    },
    (WUHAN, "/zwgk/xxgk/zfwj/bgtwj/index_1.shtml"): {
        "template": "wuhan_list",
        "pages": 2,
        "items": [
            ("2020-01-23", "市人民政府办公厅关于印发2020年市《政府工作报告》确定的主要目标任务责任分解方案的通知", "/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml"),
            ("2020-01-15", "市人民政府办公厅关于印发武汉市2020年为民办实事项目的通知", "/zwgk/xxgk/zfwj/bgtwj/202001/t20200115_829734.shtml"),
            ("2020-01-08", "市人民政府办公厅关于2019年市《政府工作报告》确定的主要目标任务完成情况的通报", "/zwgk/xxgk/zfwj/bgtwj/202001/t20200108_821356.shtml"),
        ],
    },
    (YISHUI, "/zwgk/zcjd/wzjd.htm"): {
        "template": "yishui_list",
        "next": "/zwgk/zcjd/wzjd/2.htm",
        "items": [
            ("2023-04-12", "文字解读┃关于《沂水县城乡环境卫生综合整治实施方案》的解读", "/info/1567/89710.htm"),
            ("2023-03-20", "图解┃2023年沂水县政府工作报告", "/info/1567/89402.htm"),
        ],
    },
    (YISHUI, "/zwgk/zcjd/wzjd/2.htm"): {
        "template": "yishui_list",
        "prev": "/zwgk/zcjd/wzjd.htm",
        "items": [
            ("2023-03-06", "文字解读┃关于对沂水县《<政府工作报告>重点工作分工方案》的解读", "/info/1567/89123.htm"),
            ("2023-02-15", "文字解读┃关于《沂水县2023年农业生产扶持政策》的解读", "/info/1567/88760.htm"),
        ],
    },
}

ROBOTS = {
    XXGK: "User-agent: *\nDisallow: /search/\nDisallow: /irs/\n",
    GATE: "User-agent: *\nDisallow: /gate/big5/www.gansu.gov.cn/search/\n",
    DINGXI: "User-agent: *\nDisallow: /module/\nDisallow: /jrobot/\n",
    DINGXI_NPC: "User-agent: *\nAllow: /\n",
    WUHAN: "User-agent: *\nDisallow: /so/\n",
    YISHUI: "User-agent: *\nDisallow: /system/\n",
}


# --- rendering ----------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def render_region(region: Region, lines: list[str]) -> str:
    """The region's lines, one element each, text unchanged (a link wraps part of a line)."""
    out = []
    for number in range(region.first, region.last + 1):
        line = lines[number - 1]
        if number in region.links:
            text, href = region.links[number]
            before, found, after = line.partition(text)
            if not found:
                raise ValueError(f"line {number} does not contain {text!r}")
            inner = f'{esc(before)}<a href="{esc(href)}" target="_blank">{esc(text)}</a>{esc(after)}'
        else:
            inner = esc(line)
        out.append(f"<{region.tag}>{inner}</{region.tag}>" if region.tag else inner)
    return "\n".join(out)


def head(title: str, charset: str, css: str) -> str:
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" href="{css}">\n'
        "</head>\n"
    )


SHARE = (
    '<div class="share">分享到：<a class="wx" href="javascript:void(0)">微信</a>'
    '<a class="wb" href="javascript:void(0)">微博</a><a class="qz" href="javascript:void(0)">QQ空间</a></div>\n'
)
QR = '<div class="qrcode"><img src="/images/qrcode.png" alt=""><p>扫一扫在手机打开当前页面</p></div>\n'
COMMENT = (
    '<div class="pl-box"><h4>发布评论</h4><textarea name="content"></textarea>'
    '<button type="button">提交</button></div>\n'
)


def render_page(page: Page, lines: list[str]) -> str:
    r = {reg.name: render_region(reg, lines) for reg in page.regions}
    e = page.extra
    t = page.template
    if t == "gateway":
        return (
            head(page.title, page.charset, "/gate/big5/www.gansu.gov.cn/css/article.css")
            + "<body>\n<div class=\"gate-bar\">繁體(tǐ) | <a href=\"http://www.gansu.gov.cn\">簡(jiǎn)體(tǐ)</a></div>\n"
            + '<div class="position">當(dāng)前位置：<a href="/gate/big5/www.gansu.gov.cn/">首頁(yè)</a> &gt; '
            + '<a href="/gate/big5/www.gansu.gov.cn/gsszf/c100054/zcwj.shtml">政策文件</a></div>\n'
            + f'<div class="article">\n<h1>{esc(page.title)}</h1>\n'
            + f'<ul class="article-meta">\n{r["meta"]}\n</ul>\n'
            + f'<div id="zoom">\n{r["body"]}\n</div>\n'
            + f'<div class="attachments">\n{r["attachments"]}\n</div>\n'
            + SHARE + QR + "</div>\n"
            + '<div class="footer">主辦(bàn)：甘肅省人民政府辦(bàn)公廳 版權(quán)所有</div>\n</body>\n</html>\n'
        )
    if t == "yishui":
        return (
            head(page.title, page.charset, "/style/style.css")
            + f'<body>\n<div class="top-links">\n{r["nav"]}\n</div>\n'
            + f'<div class="position">\n{r["breadcrumb"]}\n</div>\n'
            + '<form name="_newscontent_fromname">\n<table class="article" width="100%">\n'
            + f'<tr><td class="titlestyle">{r["title"]}</td></tr>\n'
            + f'<tr><td><div class="xxgk-meta">\n{r["meta"]}\n</div></td></tr>\n'
            + f'<tr><td><div id="vsb_content">\n{r["body"]}\n</div></td></tr>\n'
            + "</table>\n</form>\n"
            + SHARE + COMMENT
            + f'<div class="footer">\n{r["footer"]}\n</div>\n</body>\n</html>\n'
        )
    if t == "dingxi":
        return (
            head(page.title, page.charset, "/images/gk.css")
            + '<body>\n<div class="header"><a href="/">定西市人民政府</a> <a href="/col/col23/index.html">定西要闻</a></div>\n'
            + f'<div class="position">\n{r["breadcrumb"]}\n</div>\n'
            + f'<div class="article">\n<h1>{r["title"]}</h1>\n'
            + f'<div class="article-meta">\n{r["meta"]}\n</div>\n'
            + f'<div id="zoom">\n{r["body"]}\n</div>\n'
            + f'<div class="article-tools">\n{r["tools"]}\n</div>\n</div>\n'
            + QR
            + '<div class="footer">主办：定西市人民政府办公室 陇ICP备05001245号 网站标识码6211000001</div>\n</body>\n</html>\n'
        )
    if t == "dingxi_npc":
        return (
            head(page.title, page.charset, "/dxrd/css/style.css")
            + '<body>\n<div class="header">定西人大网</div>\n'
            + '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/dxrd/hyzl/index.shtml">会议资料</a> &gt; 正文</div>\n'
            + '<div class="content">\n<h1>政府工作报告</h1>\n'
            + '<div class="article-meta">发布时间：2026-01-23 来源：市人大常委会办公室 浏览次数：</div>\n'
            + f'<div class="article-content">\n{r["body"]}\n</div>\n</div>\n'
            + SHARE + QR
            + '<div class="footer">定西市人大常委会办公室主办 版权所有</div>\n</body>\n</html>\n'
        )
    if t == "xxgk":
        attachment = ""
        if e.get("attachment_href"):
            attachment = (
                '<div class="attachments">附件：<a href="{}" target="_blank">{}</a></div>\n'.format(
                    esc(e["attachment_href"]), esc(e["attachment_title"])
                )
            )
        title_html = r["title"] if "title" in r else esc(page.title)
        toolbar = f'<div class="toolbar">\n{r["toolbar"]}\n</div>\n' if "toolbar" in r else ""
        related = f'<div class="related">\n{r["related"]}\n</div>\n' if "related" in r else ""
        return (
            head(page.title, page.charset, "/gsszf/css/xxgk.css")
            + '<body>\n<div class="header">甘肃省政府信息公开</div>\n'
            + '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/gsszf/c100055/list.shtml">省政府文件</a></div>\n'
            + '<table class="xxgk-meta">\n'
            + f'<tr><td>索引号：</td><td>{e["index_no"]}</td><td>发布机构：</td><td>{e["issuer"]}</td></tr>\n'
            + f'<tr><td>成文日期：</td><td>{e["written"]}</td><td>发布日期：</td><td>{e["published"]}</td></tr>\n'
            + f'<tr><td>文号：</td><td>{e["doc_number"]}</td><td>主题分类：</td><td>综合政务</td></tr>\n'
            + "</table>\n"
            + toolbar
            + f'<div class="article">\n<h1>{title_html}</h1>\n'
            + f'<div id="zoom">\n{r["body"]}\n</div>\n'
            + attachment
            + related
            + "</div>\n"
            + SHARE + QR
            + '<div class="footer">甘肃省人民政府办公厅主办 网站标识码6200000001 陇ICP备05000512号</div>\n</body>\n</html>\n'
        )
    if t == "wuhan":
        return (
            head(page.title, page.charset, "/images/wh-article.css")
            + '<body>\n<div class="header"><a href="/">武汉市人民政府门户网站</a></div>\n'
            + '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
            + '<a href="/zwgk/xxgk/zfwj/bgtwj/index.shtml">市政府办公厅文件</a></div>\n'
            + f'<div class="article">\n<h2>{esc(page.title)}</h2>\n'
            + f'<div class="article-meta">\n{r["meta"]}\n</div>\n'
            + f'<div class="zw-label">\n{r["label"]}\n</div>\n'
            + f'<div class="TRS_Editor">\n{r["body"]}\n</div>\n</div>\n'
            + SHARE + QR
            + f'<div class="comment">\n{r["comment"]}\n</div>\n'
            + '<div class="footer">主办：武汉市人民政府办公厅 鄂ICP备05003321号</div>\n</body>\n</html>\n'
        )
    raise ValueError(f"unknown template {t}")


def render_listing(host: str, path: str, spec: dict, page_no: int) -> str:
    t = spec["template"]
    li = []
    for date, title, href in spec["items"]:
        if t == "yishui_list":
            li.append(
                f'<tr><td><a class="c-title" href="{esc(href)}" title="{esc(title)}">{esc(title)}</a></td>'
                f'<td class="timestyle">{date}</td></tr>'
            )
        else:
            # TRS listings cut long titles short on screen; the full title is in title=""
            shown = title if t != "wuhan_list" or len(title) <= 30 else title[:28] + "..."
            li.append(f'<li><a href="{esc(href)}" target="_blank" title="{esc(title)}">{esc(shown)}</a><span>{date}</span></li>')
    items = "\n".join(li)
    if t == "xxgk_list":
        return (
            head("省政府文件", "gbk", "/gsszf/css/xxgk.css")
            + '<body>\n<div class="header">甘肃省政府信息公开</div>\n'
            + '<div class="position">当前位置：<a href="/">首页</a> &gt; 省政府文件</div>\n'
            + f'<ul class="xxgk-list">\n{items}\n</ul>\n'
            + f'<div class="page"><script>createPageHTML({spec["pages"]}, {page_no - 1}, "list", "shtml");</script></div>\n'
            + '<ul class="links"><li><a href="/gsszf/c100056/list.shtml">省政府办公厅文件</a></li></ul>\n'
            + "</body>\n</html>\n"
        )
    if t == "gateway_list":
        return (
            head("政策文件", "big5", "/gate/big5/www.gansu.gov.cn/css/list.css")
            + '<body>\n<div class="gate-bar">繁體(tǐ)</div>\n'
            + f'<ul class="list">\n{items}\n</ul>\n</body>\n</html>\n'
        )
    if t in ("dingxi_list", "yishui_list"):
        nav = []
        if spec.get("prev"):
            nav.append(f'<a href="{spec["prev"]}">{"上一页" if t == "dingxi_list" else "上页"}</a>')
        if spec.get("next"):
            nav.append(f'<a href="{spec["next"]}">{"下一页" if t == "dingxi_list" else "下页"}</a>')
        nav_html = '<div class="pagination">' + " ".join(nav) + "</div>\n"
        if t == "dingxi_list":
            return (
                head("定西要闻 定西市人民政府", "utf-8", "/images/gk.css")
                + '<body>\n<div class="header"><a href="/">定西市人民政府</a></div>\n'
                + f'<div class="news-list"><ul>\n{items}\n</ul></div>\n{nav_html}</body>\n</html>\n'
            )
        return (
            head("文字解读-沂水县人民政府", "utf-8", "/style/style.css")
            + '<body>\n<div class="position">您所在的位置: 首页 &gt;&gt; 政务公开 &gt;&gt; 政策解读 &gt;&gt; 文字解读</div>\n'
            + f'<table class="winstyle-list">\n{items}\n</table>\n{nav_html}'
            + '<div class="footer"><p>扫一扫在手机打开当前页面</p>Copyright©沂水县人民政府</div>\n</body>\n</html>\n'
        )
    if t == "npc_list":
        return (
            head("会议资料_定西人大网", "utf-8", "/dxrd/css/style.css")
            + f'<body>\n<div class="header">定西人大网</div>\n<ul class="list">\n{items}\n</ul>\n</body>\n</html>\n'
        )
    if t == "wuhan_list":
        return (
            head("市政府办公厅文件", "utf-8", "/images/wh-list.css")
            + '<body>\n<div class="header"><a href="/">武汉市人民政府门户网站</a></div>\n'
            + f'<ul class="info-list">\n{items}\n</ul>\n'
            + f'<div class="page"><script>createPageHTML({spec["pages"]}, {page_no - 1}, "index", "shtml");</script></div>\n'
            + "</body>\n</html>\n"
        )
    raise ValueError(f"unknown listing template {t}")


def seed_lines(shared: Path, seed: str) -> list[str]:
    return (shared / SEEDS[seed]).read_text(encoding="utf-8").split("\n")


def build(shared: Path) -> dict[Path, bytes]:
    """Every generated file: path under mirror/sites -> bytes as served."""
    files: dict[Path, bytes] = {}
    for page in PAGES:
        text = render_page(page, seed_lines(shared, page.seed))
        files[SITES / page.host / page.path.lstrip("/")] = text.encode(page.encoding)
    for (host, path), spec in LISTINGS.items():
        encoding = "gbk" if host == XXGK else "utf-8"
        page_no = 2 if ("_2." in path or "/2.htm" in path or "index_1." in path) else 1
        files[SITES / host / path.lstrip("/")] = render_listing(host, path, spec, page_no).encode(encoding)
    for host, text in ROBOTS.items():
        files[SITES / host / "robots.txt"] = text.encode("ascii")
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ directory with seeds/ and reference/")
    ap.add_argument("--check", action="store_true", help="fail if a committed page differs from a rebuild")
    args = ap.parse_args()
    files = build(args.shared)
    stale = [p for p, data in files.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"differs from a rebuild: {p.relative_to(MIRROR)}", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(files[p])
        print(f"wrote {p.relative_to(MIRROR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
