"""Each CMS dialect over real HTTP against the snapshot mirror: rows read where the
system puts them, pagination followed past page 1, body and attachments found, per-site
numbered classes matched by prefix. Then pages no dialect knows (the fallback), and the
loud failures: a listing without rows, an article without a body, caps."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from core.registry import load_registry
from extractors.crawl import run_crawl
from extractors.crawl.dialects import LISTING_READERS, ListingPage
from extractors.crawl.dialects.fallback import detect
from extractors.rawstore import RawStore
from govwork.mirror import serve
from govwork.mirror.site import MIRROR_ROOT, load_sites
from tests.crawl.faults_registry import settings_for

SITES = load_sites()


def crawl_one(tmp_path, mirror_server, code):
    start = len(mirror_server.log)
    report = run_crawl(settings_for(tmp_path, mirror_server.base_url), load_registry(), jurisdiction=code)
    return report, mirror_server.log[start:]


def listing_page(host, path, page_no=1):
    return ListingPage(url=f"http://{host}{path}", text=SITES[host].files[path].decode(_enc(host)), page_no=page_no)


def _enc(host):
    return "gbk" if host == "xxgk.gansu.gov.cn" else "utf-8"


# --- Hanweb ---------------------------------------------------------------------------


def test_hanweb_rows_are_cdata_records_and_pages_come_from_dataproxy(tmp_path, mirror_server):
    page = listing_page("www.dingxi.gov.cn", "/col/col3/index.html")
    assert BeautifulSoup(page.text, "lxml").select("a[href*='/art/']") == []  # no row is an HTML element
    listing = load_registry().source("dingxi-portal").listings[0]
    assert len(LISTING_READERS["hanweb"]().rows(page, listing)) == 3
    report, log = crawl_one(tmp_path, mirror_server, "621100")
    proxy = [r for r in log if r.host == "www.dingxi.gov.cn" and "dataproxy.jsp" in r.path]
    assert len(proxy) == 1 and "columnid=3" in proxy[0].path and "startrecord=4" in proxy[0].path
    (doc,) = [d for d in report.documents if d.source_id == "dingxi-portal"]
    assert doc.url == "https://www.dingxi.gov.cn/art/2026/1/29/art_3_1876612.html" and doc.outcome == "fetched"
    assert doc.page_meta["title"] == "定西市人民政府工作报告" and doc.page_meta["publish_date"] == "2026-01-29"


# --- TRS -------------------------------------------------------------------------------


def test_trs_rows_are_written_by_script_and_create_page_html_is_followed(tmp_path, mirror_server):
    page = listing_page("www.wuhan.gov.cn", "/zwgk/xxgk/zfwj/bgtwj/index.shtml")
    assert BeautifulSoup(page.text, "lxml").select("a[href*='.shtml']") == []  # rows exist only in <script>
    report, log = crawl_one(tmp_path, mirror_server, "420100")
    pages = [r.path for r in log if r.path.startswith("/zwgk/xxgk/zfwj/bgtwj/index")]
    assert pages == ["/zwgk/xxgk/zfwj/bgtwj/index.shtml", "/zwgk/xxgk/zfwj/bgtwj/index_1.shtml"]  # and no index_2
    (doc,) = report.documents
    assert doc.url.endswith("/bgtwj/202001/t20200123_836251.shtml")  # on page 2
    assert doc.page_meta["doc_number"] == "武政办〔2020〕1号"  # from div.sub


def test_trs_attachments_outside_the_body_are_fetched(tmp_path, mirror_server):
    html = SITES["xxgk.gansu.gov.cn"].files["/gsszf/c100055/201802/1023518.shtml"].decode("gbk")
    soup = BeautifulSoup(html, "lxml")
    link = soup.select_one("#articleFJ a[href$='.pdf']")
    assert link is not None and link.find_parent(class_="trs_editor_view") is None
    report, log = crawl_one(tmp_path, mirror_server, "620000")
    (notice,) = [d for d in report.documents if d.kind == "breakdown" and d.year == 2018]
    (pdf,) = notice.attachments
    assert pdf.outcome == "fetched" and pdf.url.endswith("/201802/P020180214392851236417.pdf")
    assert any(r.path == "/gsszf/c100055/list_1.shtml" for r in log)  # the 2018 notice is on page 2


# --- VSB -------------------------------------------------------------------------------


def test_vsb_numbered_classes_match_by_prefix_on_two_sites(tmp_path, mirror_server):
    reader = LISTING_READERS["vsb"]()
    numbers = set()
    for host, path in (("www.yishui.gov.cn", "/zwgk/zcjd/wzjd.htm"), ("www.linyi.gov.cn", "/zwgk/zfwj.htm")):
        page = listing_page(host, path)
        rows = reader.rows(page, load_registry().sources_for("371323")[0].listings[0])
        assert len(rows) == 2 and all(r.date_text for r in rows)
        numbers |= {c for a in page.soup.find_all("a", class_=True) for c in a["class"]}
    assert {"c1022523", "c1045870"} <= numbers  # two sites, two numbers, one reader
    report, log = crawl_one(tmp_path, mirror_server, "371323")
    assert [r.path for r in log if r.path.startswith("/zwgk/")] == ["/zwgk/zcjd/wzjd.htm", "/zwgk/zcjd/wzjd/1.htm"]
    (doc,) = report.documents
    assert doc.url.endswith("/info/9168/352651.htm") and doc.outcome == "fetched"
    assert doc.page_meta["issuer"] == "沂水县人民政府办公室"


def test_detect_names_each_bundled_site_by_its_markup():
    for host, site in SITES.items():
        for path, body in site.files.items():
            if path.endswith((".htm", ".html", ".shtml")) and site.cms != "html":
                assert detect(body.decode(_enc(host))) == site.cms, (host, path)


# --- pages no dialect knows, and loud failures ----------------------------------------

ODD_LIST = """\
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ listing.title }}</title></head><body>
<div id="app"></div>
<script>window.__LIST__ = {"total": {{ rows|length }}, "list": [
{%- for row in rows if not row.cdata %}
  {"title": "{{ row.title }}", "url": "{{ row.href }}", "date": "{{ row.date }}"}{% if not loop.last %},{% endif %}
{%- endfor %}]};</script>
<div class="more"><![CDATA[{% for row in rows if row.cdata %}<a href="{{ row.href }}">{{ row.title }}</a>{% endfor %}]]></div>
</body></html>
"""
BARE_ARTICLE = """\
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body>
<h1>{{ page.title }}</h1><section class="main-text" data-region="body">
{{ r.body }}
</section></body></html>
"""
TEXT = "标题行\n\n第一段正文。\n第二段正文。\n"


def _spec(host, listing_template, rows, articles, cms="html", **listing):
    return {
        "host": host, "cms": cms, "charset": "utf-8", "site": {"name": host, "footer": "test", "number": 4410021},
        "listings": [{"path": "/list.html", "title": "列表", "template": listing_template, "rows": rows, **listing}],
        "articles": [{"path": p, "text": "tiny.txt", "title": t, "template": tpl, "regions": {"body": [3, 4]}}
                     for p, t, tpl in articles],
    }


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    import yaml

    root = tmp_path_factory.mktemp("mirror")
    shutil.copytree(MIRROR_ROOT / "templates", root / "templates")
    (root / "templates" / "odd_list.html.j2").write_text(ODD_LIST, encoding="utf-8")
    (root / "templates" / "bare_article.html.j2").write_text(BARE_ARTICLE, encoding="utf-8")
    (root / "texts").mkdir()
    (root / "texts" / "tiny.txt").write_text(TEXT, encoding="utf-8")
    (root / "spec").mkdir()
    wr = "2026年测试市政府工作报告"
    specs = [
        _spec("www.oddcms.test", "odd",
              [["2026-01-20", wr, "/zwgk/content/post_4402881.html"],
               {"date": "2026-01-21", "title": "关于分解落实2026年《政府工作报告》重点工作的通知",
                "href": "/zwgk/202601/t20260121_4403.shtml", "cdata": True},
               ["2026-01-19", "测试市召开全市经济工作会议", "/zwgk/content/post_4402800.html"]],
              [("/zwgk/content/post_4402881.html", wr, "html"), ("/zwgk/202601/t20260121_4403.shtml", "分解通知", "html")]),
        _spec("www.redesign.test", "odd", [["2026-01-20", wr, "/zwgk/content/post_1.html"]], []),
        _spec("www.nobody.test", "html", [["2026-01-20", wr, "/a/202601/t20260120_2.html"]],
              [("/a/202601/t20260120_2.html", wr, "bare")]),
        _spec("www.many.test", "trs",
              [[f"2026-01-{d:02d}", f"{2000 + d}年测试县政府工作报告", f"/a/202601/t202601{d:02d}_{d}.shtml"] for d in range(1, 8)],
              [], cms="trs", per_page=3),
    ]
    for s in specs:
        (root / "spec" / f"{s['host']}.yaml").write_text(yaml.safe_dump(s, allow_unicode=True), encoding="utf-8")
    registry = tmp_path_factory.mktemp("registry")
    source = textwrap.dedent("""\
      - id: {id}
        name: {id}
        base_url: http://{host}
        cms: {cms}
        unverified: made for this test
        years: [2026]
        listings:
          - url: http://{host}/list.html
            kinds: [work_report, breakdown]
    """)
    entries = {
        "990200-odd.yaml": ("990200", [("odd", "www.oddcms.test", "auto"), ("redesign", "www.redesign.test", "html"),
                                       ("nobody", "www.nobody.test", "html")]),
        "990300-many.yaml": ("990300", [("many", "www.many.test", "trs")]),
    }
    for name, (code, sources) in entries.items():
        body = "".join(textwrap.indent(source.format(id=i, host=h, cms=c), "  ") for i, h, c in sources)
        (registry / name).write_text(f'code: "{code}"\nname: 测试{code}\nlevel: province\nparent: null\nsources:\n{body}',
                                     encoding="utf-8")
    many = (registry / "990300-many.yaml").read_text(encoding="utf-8")
    many = many.replace("        kinds: [work_report, breakdown]\n",
                        "        kinds: [work_report, breakdown]\n        max_pages: 2\n", 1)
    many += "      - url: http://www.many.test/list.html\n        kinds: [work_report]\n        max_candidates: 2\n"
    (registry / "990300-many.yaml").write_text(many, encoding="utf-8")
    with serve(root=root) as server:
        yield server, load_registry(registry), registry


def test_the_fallback_finds_article_urls_in_script_text_and_cdata(odd, tmp_path):
    server, registry, _ = odd
    report = run_crawl(settings_for(tmp_path, server.base_url), registry, jurisdiction="990200")
    found = {(d.source_id, d.kind, d.url.rsplit("/", 1)[-1], d.outcome) for d in report.documents}
    assert ("odd", "work_report", "post_4402881.html", "fetched") in found  # a JSON row in <script>
    assert ("odd", "breakdown", "t20260121_4403.shtml", "fetched") in found  # an anchor inside CDATA
    assert not any("post_4402800" in d.url for d in report.documents)  # a row that is no candidate


def test_an_empty_listing_and_a_missing_body_are_failures_and_exit_1(odd, tmp_path):
    server, registry, registry_dir = odd
    report = run_crawl(settings_for(tmp_path, server.base_url), registry, jurisdiction="990200")
    (empty,) = [p for p in report.pages if p["outcome"] == "empty_listing"]
    assert empty["source_id"] == "redesign" and "has the site changed" in empty["reason"]
    (nobody,) = [d for d in report.documents if d.source_id == "nobody"]
    assert (nobody.outcome, nobody.reason) == ("failed", "no_body")
    assert report.summary["990200"]["empty_listing"] == 1 and report.summary["990200"]["no_body"] == 1
    assert not report.ok
    rows = RawStore(settings_for(tmp_path, server.base_url).raw_dir).manifest()
    assert any(r["reason"].startswith("empty_listing") and r["url"] == "http://www.redesign.test/list.html" for r in rows if r["reason"])
    assert any(r["reason"] == "no_body" and r["url"] == nobody.url for r in rows)
    # and from the command line: exit 1, both named
    from tests.crawl.test_cli import _crawl_app

    env = {"GOVWORK_HOME": str(tmp_path / "cli"), "GOVWORK_MIN_DELAY": "0", "GOVWORK_MIRROR_URL": "",
           "GOVWORK_REGISTRY_DIR": str(registry_dir)}
    result = CliRunner().invoke(_crawl_app(), ["crawl", "--mirror", server.base_url, "-j", "990200", "--json"], env=env)
    assert result.exit_code == 1, result.output
    assert "empty_listing" in result.stderr and "no_body" in result.stderr
    assert {json.loads(x)["reason"] for x in result.stdout.splitlines()} >= {"no_body"}


def test_caps_on_pages_and_candidates_are_recorded(odd, tmp_path):
    server, registry, _ = odd
    report = run_crawl(settings_for(tmp_path, server.base_url), registry, jurisdiction="990300")
    caps = sorted(p["reason"].split(":")[0] for p in report.pages if p["outcome"] == "capped")
    assert caps == ["max_candidates=2", "max_pages=2"]
    assert report.summary["990300"]["capped"] == 2
    assert len({d.url for d in report.documents}) == 6  # 2 pages x 3 rows; the second listing adds none new
    assert report.ok  # a cap the registry set is recorded, not a failure


# --- small variants the snapshot does not show -----------------------------------------


def _listing(**kw):
    from core.registry.model import Listing

    return Listing(url="http://x.test/col/index.shtml", kinds=("work_report",), **kw)


def test_trs_six_argument_create_page_html_and_its_last_page():
    reader = LISTING_READERS["trs"]()
    page = ListingPage("http://x.test/col/index_2.shtml", '<script>createPageHTML("page_div", 4, 2, "index", "shtml", 57);</script>', 3)
    assert reader.next_page(page, _listing()) == "http://x.test/col/index_3.shtml"
    last = ListingPage("http://x.test/col/index_3.shtml", "<script>createPageHTML(4, 3, 'index', 'shtml');</script>", 4)
    assert reader.next_page(last, _listing()) is None


def test_hanweb_stops_at_the_declared_total_and_a_registry_pattern_wins():
    reader = LISTING_READERS["hanweb"]()
    store = ('<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?columnid=9&unitid=1"></a>]]>'
             "</nextgroup><recordset>" + "".join(
                 f'<record><![CDATA[<li><a href="/art/2026/1/{i}/art_9_{i}.html">第{i}条</a></li>]]></record>' for i in range(1, 4)
             ) + "</recordset><totalrecord>5</totalrecord><perpage>2</perpage></datastore>")
    page = ListingPage("http://x.test/col/col9/index.html", store, 1)
    assert reader.next_page(page, _listing()).endswith("columnid=9&unitid=1&startrecord=4&endrecord=9&perpage=2")
    done = ListingPage("http://x.test/module/web/jpage/dataproxy.jsp", store, 2, rows_so_far=2)
    assert reader.next_page(done, _listing()) is None  # 2 + 3 rows = the declared 5
    from core.registry.model import Pagination

    paged = _listing(pagination=Pagination(pattern="index.html?uid=123&pageNum={n}"))
    assert reader.next_page(page, paged) == "http://x.test/col/index.html?uid=123&pageNum=2"


def test_vsb_next_by_text_when_the_class_differs():
    page = ListingPage("http://x.test/list.htm", '<a href="list/7.htm" class="next-link">下一页</a>', 1)
    assert LISTING_READERS["vsb"]().next_page(page, _listing()) == "http://x.test/list/7.htm"


@pytest.mark.parametrize("status, body, reason", [
    (412, b"<script>$_ts=window['$_ts'];</script>", "anti_bot:ruishu:http_412"),
    (521, b"<script>document.cookie='__jsl_clearance=1'</script>", "anti_bot:jiasule:http_521"),
    (200, b"<html><script>var arg1='x';document.cookie='acw_sc__v2='+x;location.reload()</script>",
     "anti_bot:aliyun_waf:challenge_page_http_200"),
    (412, b"<html>please wait</html>", "anti_bot:unknown:http_412"),
    (200, b"<html><div id='zoom'>an article</div></html>", None),
])
def test_challenge_families_are_named(status, body, reason):
    from extractors.crawl.antibot import challenge_reason

    assert challenge_reason(status, body) == reason


def test_a_trs_article_reads_its_body_and_the_attachments_beside_it():
    from extractors.crawl.article import read_article

    page = """<html><head><meta name="ArticleTitle" content="关于印发分解方案的通知"></head><body>
    <div class="sub"><ul><li>发文字号：鄂政办发〔2026〕3号</li><li>发布日期：2026-02-03</li></ul></div>
    <div class="view TRS_UEDITOR trs_paper_default trs_editor_view"><p>正文第一段。</p></div>
    <div id="articleFJ"><p><a href="./P020260203123.ceb">附件1.ceb</a></p><p><a href="./P020260203124.pdf">附件2</a></p></div>
    </body></html>"""
    info = read_article(page, load_registry().source("hubei-portal").article, "https://www.hubei.gov.cn/zfwj/ezf/202602/t20260203_1.shtml", "trs")
    assert info.body_found
    assert info.page_meta["title"] == "关于印发分解方案的通知" and info.page_meta["publish_date"] == "2026-02-03"
    assert info.page_meta["doc_number"] == "鄂政办发〔2026〕3号"  # 发文字号 in div.sub
    assert [u.rsplit("/", 1)[-1] for _, u in info.attachments] == ["P020260203123.ceb", "P020260203124.pdf"]
    assert not read_article(page.replace("trs_editor_view", "x").replace("TRS_UEDITOR", "y"),
                            load_registry().source("hubei-portal").article, "https://www.hubei.gov.cn/a.shtml", "trs").body_found
