"""The HTML report on the seed corpus: its content (parsed HTML) and how headless Chromium
renders it (DOM after rendering, and a screenshot)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from govwork.research import write_report
from govwork.research.queries import read_frame
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
    assert soup.find("script") is None and soup.find("link") is None and soup.find("img") is None
    assert not [tag for tag in soup.find_all(src=True)]
    assert "url(" not in html and "@import" not in html
    assert not list(report_path.parent.glob("*.tmp"))


def test_report_targets_section(report_path):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    charts = soup.select("#targets ~ .charts svg")
    titles = [svg.find("title").get_text() for svg in charts]
    assert any("gdp_growth" in t for t in titles), titles
    gdp_chart = next(svg for svg in charts if "gdp_growth" in svg.find("title").get_text())
    points = {c.find("title").get_text() for c in gdp_chart.find_all("circle")}
    # Gansu 2018 ≈6%, Wuhan 2020 7.5–7.8%, Gansu 2026 ≈5.5%, Dingxi 2026 6.5%
    assert {"甘肃省 2018: ≈6% (about)", "武汉市 2020: 7.5–7.8% (range)", "甘肃省 2026: ≈5.5% (about)",
            "定西市 2026: 6.5% (exact)"} <= points
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
    from PIL import Image

    static = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    dom = run_chromium(tmp_path, "--dump-dom", report_path.as_uri()).stdout
    rendered = BeautifulSoup(dom, "html.parser")
    assert rendered.title.get_text().startswith("govwork report")
    svgs = rendered.find_all("svg")
    assert len(svgs) == len(static.find_all("svg")) >= 3
    assert rendered.find_all("circle") and rendered.find_all("rect", class_="bar")
    for table_id in ("targets-table", "task-counts-table", "coverage-matrix", "validation-table"):
        assert rendered.find(id=table_id) is not None, table_id
    assert "定西市" in rendered.find(id="targets-table").get_text()

    shot = tmp_path / "report.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars",
                 report_path.as_uri())
    with Image.open(shot) as image:
        assert image.size == (1280, 2400)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 100  # text, charts and coloured cells, not a blank page


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires it"):
        chromium()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        chromium()
