"""The HTML report on the seed corpus: its content (parsed HTML) and how headless Chromium
renders it (DOM after rendering, and a screenshot)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from govwork.research import write_report
from warehouse.named_queries import read_frame
from tests.shared_inputs import require_reference

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def report_path(seed_db, tmp_path_factory) -> Path:
    engine, settings = seed_db
    out = tmp_path_factory.mktemp("report") / "nested" / "report.html"
    assert write_report(engine, out, settings) == out
    return out


def _rows(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]


def test_report_is_self_contained(report_path):
    html = report_path.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("link") is None and soup.find("img") is None and soup.find("iframe") is None
    assert not [tag for tag in soup.find_all(src=True)]
    scripts = soup.find_all("script")
    assert len(scripts) == 1  # the table sorter, inline
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\(", scripts[0].get_text())
    assert "url(" not in html and "@import" not in html
    assert not list(report_path.parent.glob("*.tmp"))


def test_report_header_counts_say_what_they_count(report_path, seed_db):
    engine, _ = seed_db
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.find(id="summary").get_text(" ", strip=True).split())
    docs = read_frame(engine, "SELECT status, jurisdiction_code FROM documents")
    targets = read_frame(engine, "SELECT COUNT(*) AS n FROM v_targets").n[0]
    statuses = ", ".join(f"{n} {status}" for status, n in docs.status.value_counts().items())
    places = docs.jurisdiction_code.nunique()  # the seeds' 4 and the examples written for other layouts
    assert places == 7
    assert f"{len(docs)} documents from {places} jurisdictions (documents by validation status: {statuses})" in text
    assert f"they state {targets} targets" in text


def _translate(tag) -> tuple[float, float]:
    x, y = re.search(r"translate\(([-\d.]+),([-\d.]+)\)", tag["transform"]).groups()
    return float(x), float(y)


def _marks(svg, role: str) -> dict[str, list]:
    """aria-label -> the marks of one kind (point, rule mark, text mark, line mark)."""
    found: dict[str, list] = {}
    for tag in svg.find_all(attrs={"aria-roledescription": role}):
        found.setdefault(tag["aria-label"], []).append(tag)
    return found


def test_series_chart_draws_time_and_qualifiers_right(report_path):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one('#series ~ .charts figure.series-chart[data-indicator="gdp_growth"] svg')
    assert svg is not None
    points = _marks(svg, "point")
    # Gansu 2018 ≈6%, Wuhan 2020 7.5–7.8%, Gansu 2026 ≈5.5%, Dingxi 2026 6.5%, Gansu's 2025 actual 5.8%
    expected = {"甘肃省 2018 target: ≈6% (about)", "武汉市 2020 target: 7.5–7.8% (range)",
                "甘肃省 2026 target: ≈5.5% (about)", "定西市 2026 target: 6.5% (exact)",
                "甘肃省 2025 actual: 5.8% (reported in 2026)"}
    assert expected <= set(points)
    x2018 = _translate(points["甘肃省 2018 target: ≈6% (about)"][0])[0]
    x2020 = _translate(points["武汉市 2020 target: 7.5–7.8% (range)"][0])[0]
    x2026 = _translate(points["甘肃省 2026 target: ≈5.5% (about)"][0])[0]
    assert (x2020 - x2018) / (x2026 - x2018) == pytest.approx(2 / 8)  # years at their true distance
    # no line across the years without a target: Gansu's 2018 and 2026 are separate one-point paths
    for label, paths in _marks(svg, "line mark").items():
        if label.startswith("甘肃省"):
            assert all("L" not in p["d"] for p in paths), label
    # the qualifier is on the mark, not in a tooltip
    texts = {t["aria-label"]: t.get_text() for t in svg.find_all(attrs={"aria-roledescription": "text mark"})}
    assert texts["甘肃省 2018 target: ≈6% (about)"] == "≈6"
    assert texts["武汉市 2020 target: 7.5–7.8% (range)"] == "7.5–7.8"
    assert texts["甘肃省 2025 actual: 5.8% (reported in 2026)"] == "actual 5.8"
    # Wuhan's range is a bar from 7.5 to 7.8 at least 8 px wide and long enough to see
    bar = _marks(svg, "rule mark")["武汉市 2020 target: 7.5–7.8% (range)"][0]
    assert float(bar["stroke-width"]) >= 8 and abs(float(bar["y2"])) > 10


def test_target_gap_chart_and_table(report_path):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one('#hierarchy ~ .charts figure.gap-chart[data-indicator="gdp_growth"] svg')
    assert svg is not None
    assert "定西市 vs 甘肃省 · 2026 (+1)" in svg.get_text()
    points = set(_marks(svg, "point"))
    assert {"定西市 2026 gdp_growth: 6.5%", "甘肃省 2026 gdp_growth: ≈5.5%"} <= points
    rows = _rows(soup.find(id="target-gap-table"))
    header = rows[0]
    gdp = next(r for r in rows if r[:4] == ["定西市", "2026", "2026", "gdp_growth"])
    assert gdp[header.index("pairing")] == "paired" and gdp[header.index("difference")] == "+1"
    rd = next(r for r in rows if r[3] == "rd_expenditure_growth")
    assert rd[header.index("pairing")] == "unlike_quantity" and rd[header.index("difference")] == ""
    series = _rows(soup.find(id="series-table"))
    gansu = [r for r in series if r[:2] == ["甘肃省", "gdp_growth"]]
    assert [r[2] for r in gansu] == [str(y) for y in range(2018, 2027)]
    assert [r[3] for r in gansu if r[2] in ("2019", "2024")] == ["no_document", "no_document"]


def test_report_targets_table(report_path):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    rows = _rows(soup.find(id="targets-table"))
    dingxi = [r for r in rows if r[:3] == ["定西市", "2026", "gdp_growth"]]
    assert dingxi and dingxi[0][4] == "6.5%" and dingxi[0][6:8] == ["甘肃省", "≈5.5%"]


def test_report_task_counts_units_coverage(report_path):
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    counts = _rows(soup.find(id="task-counts-table"))
    assert ["武汉市", "2020", "breakdown", "tasks", "(whole document)", "268", "21", "incomplete", "7.8%"] in counts
    assert ["沂水县", "2023", "interpretation", "tasks", "(whole document)", "91", "", "declared_only", ""] in counts
    assert len([r for r in counts if r[0] == "沂水县" and r[3] == "tasks" and r[4] != "(whole document)"]) == 8
    task_chart = soup.select_one("#tasks ~ .charts svg")
    assert task_chart is not None and "武汉市 2020 breakdown" in task_chart.get_text()

    unit_tables = soup.select("table.lead-units-table")
    gansu = next(t for t in unit_tables if "省发展改革委" in t.get_text())
    assert _rows(gansu)[1][:3] == ["1", "省发展改革委", "39"]

    matrix = _rows(soup.find(id="coverage-matrix"))
    header = matrix[0]
    wuhan = next(r for r in matrix if r[0].startswith("武汉市") and r[1].startswith("breakdown"))
    assert wuhan[header.index("2020")] == "incomplete 21/268"
    yishui = next(r for r in matrix if r[0].startswith("沂水县") and r[1].startswith("interpretation"))
    assert yishui[header.index("2023")] == "present"


def test_report_validation_links(report_path, seed_db):
    engine, settings = seed_db
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    table = soup.find(id="validation-table")
    docs = read_frame(engine, "SELECT doc_key, status FROM documents")
    assert len(table.find_all("tr")) - 1 == len(docs)
    data_docs = {a["href"] for a in table.select("a.data-docs")}
    assert len(data_docs) == 1
    target = (report_path.parent / data_docs.pop()).resolve()
    assert target == (settings.reports_dir / "data_docs" / "index.html").resolve() and target.exists()
    sources = read_frame(engine, "SELECT DISTINCT url FROM provenances")
    assert {a["href"] for a in table.select("a.source")} == set(sources.url)
    text = table.get_text(" ", strip=True)
    assert "420100:breakdown:2020" in text and "21 of 268" in text


# --- headless Chromium --------------------------------------------------------------------------


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    message = "headless Chromium is not installed (Debian: apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI=true requires it")
    pytest.skip(message)


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=True)


@pytest.mark.chromium
def test_report_renders_in_headless_chromium(report_path, tmp_path):
    require_reference()  # pairs with the Gansu 2026 work report: third-party text, read from ../shared
    from PIL import Image

    static = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    dom = run_chromium(tmp_path, "--dump-dom", report_path.as_uri()).stdout
    rendered = BeautifulSoup(dom, "html.parser")
    assert rendered.title.get_text().startswith("govwork report")
    svgs = rendered.find_all("svg")
    assert len(svgs) == len(static.find_all("svg")) >= 3
    assert rendered.select("figure.series-chart") and rendered.select("figure.gap-chart")
    for table_id in ("series-table", "target-gap-table", "targets-table", "task-counts-table", "coverage-matrix",
                     "validation-table"):
        assert rendered.find(id=table_id) is not None, table_id
    assert "定西市" in rendered.find(id="targets-table").get_text()
    # the script ran: a filter box above every sortable table
    assert len(rendered.select("input.table-filter")) == len(static.select("table.data")) >= 6

    shot = tmp_path / "report.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars",
                 report_path.as_uri())
    with Image.open(shot) as image:
        assert image.size == (1280, 2400)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 100  # text, charts and coloured cells, not a blank page


# Clicks a header, filters a table and measures the validation table, in the page itself;
# the results land in the DOM that --dump-dom prints.
PROBE = """<script>
window.addEventListener("load", function () {
  var out = {};
  var table = document.getElementById("targets-table");
  var year = table.tHead.rows[0].cells[1];
  year.click(); year.click();  // descending
  out.years = Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[1].textContent.trim(); });
  var filter = table.previousElementSibling;
  filter.value = "定西市 gdp_growth";
  filter.dispatchEvent(new Event("input"));
  out.visible = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hidden; })
    .map(function (r) { return r.cells[0].textContent.trim() + " " + r.cells[2].textContent.trim(); });
  var validation = document.getElementById("validation-table");
  out.page = document.documentElement.clientWidth;
  out.table = validation.getBoundingClientRect().right;
  out.title = validation.tBodies[0].rows[0].cells[1].getBoundingClientRect().width;
  out.sources = validation.tBodies[0].rows[0].cells[5].getBoundingClientRect().right;
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify(out);
  document.body.appendChild(probe);
});
</script>"""


@pytest.mark.chromium
def test_tables_sort_filter_and_fit_in_headless_chromium(report_path, tmp_path):
    import json

    probed = tmp_path / "probed.html"
    probed.write_text(report_path.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = run_chromium(tmp_path, "--window-size=1280,900", "--dump-dom", probed.as_uri()).stdout
    out = json.loads(BeautifulSoup(dom, "html.parser").find(id="probe").get_text())
    years = [int(y) for y in out["years"]]
    assert years == sorted(years, reverse=True) and years[0] == 2026 and years[-1] == 2018
    assert out["visible"] == ["定西市 gdp_growth"]
    # the validation table stays within the page and its title column is readable
    assert out["table"] <= out["page"] and out["sources"] <= out["page"]
    assert out["title"] >= 150


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires it"):
        chromium()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        chromium()



def test_charts_are_kept_by_spec_and_reused(seed_db, tmp_path):
    """The report keeps each rendered chart under its spec's hash (cache_dir/charts), and a
    second report over the same warehouse reuses them instead of rendering again."""
    engine, settings = seed_db
    settings = settings.with_(cache_dir=tmp_path / "cache")
    first = write_report(engine, tmp_path / "first.html", settings)
    kept = sorted((tmp_path / "cache" / "charts").glob("*.svg"))
    drawn = BeautifulSoup(first.read_text(encoding="utf-8"), "lxml").find_all("svg")
    assert kept and len(kept) <= len(drawn)
    assert kept[0].read_text(encoding="utf-8") in first.read_text(encoding="utf-8")
    # a kept chart that differs from what vl-convert would draw shows that it was reused
    kept[0].write_text('<svg id="kept-chart-reused"></svg>', encoding="utf-8")
    again = write_report(engine, tmp_path / "again.html", settings)
    assert 'id="kept-chart-reused"' in again.read_text(encoding="utf-8")
    assert again.read_text(encoding="utf-8").count("<svg") == first.read_text(encoding="utf-8").count("<svg")


def test_report_over_the_same_inputs_is_kept(seed_db, tmp_path):
    """A second report from the same warehouse answers, code and Data Docs keeps the file
    as it is (no chart drawn, no page rendered); a change in the warehouse renders it again."""
    import sqlite3

    from sqlalchemy import text

    from warehouse.db import engine_for

    _, settings = seed_db
    copy = tmp_path / "warehouse.sqlite"  # the seed warehouse is shared: change a copy
    with sqlite3.connect(settings.warehouse_url.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # a file copy could miss what is still in the write-ahead log
    engine = engine_for(f"sqlite:///{copy}")
    settings = settings.with_(warehouse_url=f"sqlite:///{copy}", cache_dir=tmp_path / "cache")
    out = tmp_path / "report.html"
    write_report(engine, out, settings)
    out.write_text(out.read_text(encoding="utf-8") + "<!-- kept -->", encoding="utf-8")
    write_report(engine, out, settings)
    assert out.read_text(encoding="utf-8").endswith("<!-- kept -->")
    with engine.begin() as conn:
        conn.execute(text("UPDATE jurisdictions SET name = name || '新' WHERE code = "
                          "(SELECT jurisdiction_code FROM documents LIMIT 1)"))
    write_report(engine, out, settings)
    html = out.read_text(encoding="utf-8")
    assert not html.endswith("<!-- kept -->") and "新" in html
