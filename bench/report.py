"""The benchmark's table: one row per figure, with its goal and whether it is met."""

from __future__ import annotations

from bench.report_bi import rows as bi_rows


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _row(area: str, figure: str, value: str, *, goal: str = "", met: bool | None = None, note: str = "") -> dict:
    return {"area": area, "figure": figure, "value": value, "goal": goal,
            "status": "" if met is None else ("met" if met else "not met"), "note": note}


def summary_rows(report: dict) -> list[dict]:
    goals = report["goals"]
    rows: list[dict] = []
    runs = report["settings"]["runs"]

    job = report.get("job")
    if job:
        ok = "all runs exit 0" if job["all_exit_ok"] else "some runs exited non-zero: see runs[].first/rerun"
        wh = job.get("warehouse") or {}
        loaded = f"; {wh.get('current_documents')} documents, {wh.get('targets')} targets, {wh.get('tasks')} tasks loaded" if wh else "; nothing loaded"
        floor_note = (f"floor {_s(job.get('floor_fresh_s'))}: the same {job.get('dag_runs_fresh')} DAG runs, "
                      f"{job.get('task_instances_fresh')} task instances, empty tasks, fresh metadata DB")
        rows.append(_row("main job", "`govwork run`, fresh home", _s(job["first_s"]), note=ok + loaded))
        if job.get("fresh_vs_floor") is not None:
            rows.append(_row("main job", "fresh run / Airflow's floor", f"×{job['fresh_vs_floor']:.2f}",
                             goal=f"≤ ×{goals['job_fresh_vs_floor']}", met=job["fresh_vs_floor"] <= goals["job_fresh_vs_floor"],
                             note=floor_note))
        if job.get("rerun_s") is not None:
            same = "warehouse unchanged" if job["rerun_same_warehouse"] else "warehouse CHANGED on re-run"
            rerun_floor = f"floor {_s(job.get('floor_rerun_s'))}: the fresh run's DAG runs, empty tasks, migrated DB"
            rows.append(_row("main job", "`govwork run` again, same home", _s(job["rerun_s"]),
                             note=f"{same}; {job.get('dag_runs_rerun')} DAG run(s): runs known unchanged left out"))
            rows.append(_row("main job", "re-run / Airflow's floor", f"×{job['rerun_vs_floor']:.2f}",
                             goal=f"≤ ×{goals['job_rerun_vs_floor']}", met=job["rerun_vs_floor"] <= goals["job_rerun_vs_floor"],
                             note=rerun_floor))
            rows.append(_row("main job", "`govwork run --force` again (every DAG run made)", _s(job["forced_s"]),
                             note=f"×{job['forced_vs_floor']:.2f} of the same floor"))
            rows.append(_row("main job", "re-run / first run", _pct(job["rerun_fraction"]),
                             goal=f"< {goals['rerun_fraction']:.0%}", met=job["rerun_fraction"] < goals["rerun_fraction"]))

    tp = report.get("throughput")
    if tp:
        for size in sorted((k for k in tp if k.isdigit()), key=int):
            t = tp[size]
            n = len(t["runs"])
            area = f"corpus {size} docs"
            b = t.get("baselines") or {}
            raw = (f"; raw read (bytes, decode, regex) {1000 * b['raw_read_s'] / int(size):.2f} ms/doc, "
                   f"pipeline ×{t['vs_raw_read']:.0f} of it") if b.get("raw_read_s") else ""
            rows.append(_row(area, "parse+validate+load", f"{t['docs_per_s']:.1f} docs/s",
                             goal=f"≥ {goals['docs_per_s']:.0f} docs/s", met=t["docs_per_s"] >= goals["docs_per_s"],
                             note=f"{t['ms_per_doc']:.1f} ms/doc; median of {n}; parse on "
                                  f"{t.get('parse_workers', 1)} process(es){raw}"))
            if t.get("parse_vs_bs4_html") is not None:
                rows.append(_row(area, f"parse stage / bs4+lxml, {t['html_documents']} HTML pages",
                                 f"×{t['parse_vs_bs4_html']:.1f}", goal=f"≤ ×{goals['parse_vs_bs4_html']:.0f}",
                                 met=t["parse_vs_bs4_html"] <= goals["parse_vs_bs4_html"],
                                 note=f"parse {b['parse_stage_html_s']:.2f} s vs BeautifulSoup(lxml)+get_text {b['bs4_lxml_html_s']:.2f} s"))
            rows.append(_row(area, "parse / validate / load",
                             f"{t['parse_s']:.1f} / {t['validate_s']:.1f} / {t['load_s']:.1f} s"))
            rows.append(_row(area, "validation share", _pct(t["validation_share"]),
                             goal=f"< {goals['validation_share']:.0%}",
                             met=t["validation_share"] < goals["validation_share"]))
            vb = t.get("validate_breakdown") or {}
            if vb.get("read_parsed_s") is not None:
                rows.append(_row(area, "validate = read parsed JSON + GX",
                                 f"{vb['read_parsed_s']:.1f} + {vb['gx_and_data_docs_s']:.1f} s",
                                 note="timed again apart, after the run (diagnostic)"))
            statuses = t["runs"][0]["validation_status"]
            rows.append(_row(area, "validation outcomes (run 1)",
                             ", ".join(f"{v} {k}" for k, v in sorted(statuses.items()))))
        rc = tp.get("registry_cost")
        if rc:
            own, full = rc["own_registry"], rc["full_registry"]
            for r, note in ((own, "the corpus's jurisdictions only"),
                            (full, "load re-seeds dimensions from the registry; parse reads it per document")):
                rows.append(_row("registry size cost", f"7 docs, registry of {r['registry_jurisdictions']}: parse / load",
                                 f"{r['parse_s']:.2f} / {r['load_s']:.2f} s", note=note))
        if "cost_ratio" in tp:
            c = tp["cost_ratio"]
            stages = ", ".join(f"{k} ×{v}" for k, v in c["by_stage"].items())
            rows.append(_row("corpus scaling", f"cost per doc at {c['sizes'][1]} / at {c['sizes'][0]}",
                             f"×{c['ms_per_doc_ratio']:.2f}", note=stages))

    rr = report.get("rerun")
    if rr:
        for label, text in (("registry_politeness", "registry politeness"), ("no_delay", "min_delay 0")):
            r = rr.get(label)
            if not r:
                continue
            area = f"re-run ({text})"
            rows.append(_row(area, "first run crawl→views", _s(r["first_s"])))
            rows.append(_row(area, "re-run, mirror unchanged", _s(r["rerun_s"]),
                             note="by stage: " + ", ".join(f"{k} {v:.2f}" for k, v in r["rerun_by_stage_s"].items())))
            rows.append(_row(area, "re-run / first run", _pct(r["rerun_fraction"]),
                             goal=f"< {goals['rerun_fraction']:.0%}", met=r["rerun_fraction"] < goals["rerun_fraction"],
                             note=f"dominant stage: {r['rerun_dominant_stage']}"))

    dg = report.get("dags")
    if dg:
        n = dg["generated_registry_jurisdictions"]
        for label, text in (("bundled", "bundled registry (7)"), ("generated", f"generated registry ({n})")):
            for cache in ("cold", "warm"):
                d = dg[f"{label}_{cache}"]
                goal_here = label == "generated" and cache == "cold"
                errors = f"; {len(d['import_errors'])} import error(s)" if d["import_errors"] else ""
                rows.append(_row(f"DAGs, {text}", f"DagBag parse, {cache} cache", _s(d["dagbag_s"]),
                                 goal=f"< {goals['dag_import_s']:g} s" if goal_here else "",
                                 met=(d["dagbag_s"] < goals["dag_import_s"] and not d["import_errors"]) if goal_here else None,
                                 note=f"{d['dags']} DAGs{errors}"))
                rows.append(_row(f"DAGs, {text}", f"DAG files import, {cache} cache", _s(d["dag_files_s"]),
                                 goal=f"< {goals['dag_import_s']:g} s" if goal_here else "",
                                 met=d["dag_files_s"] < goals["dag_import_s"] if goal_here else None,
                                 note=f"process {d['process_wall_s']:.1f} s incl. Airflow import {d['airflow_import_s']:.1f} s"))
        for cache in ("cold", "warm"):
            r = dg[f"ratio_{cache}"]
            rows.append(_row("DAGs, ratio", f"generated / bundled, {cache} cache",
                             f"DagBag ×{r['dagbag']:.2f}", note=f"DAG files ×{r['dag_files']:.2f}"))
    if report.get("bi"):
        rows.extend(bi_rows(report["bi"]))
    for r in rows:
        r.setdefault("runs", runs)
    return rows


def render(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"govwork benchmark (medians of {report['settings']['runs']} run(s); "
                        f"{report['machine']['cpus']} CPUs)", title_justify="left")
    for header in ("area", "figure", "value", "goal", "status", "note"):
        table.add_column(header, overflow="fold")
    for r in report["summary"]:
        status = {"met": "[green]met[/]", "not met": "[red]not met[/]"}.get(r["status"], "")
        table.add_row(r["area"], r["figure"], r["value"], r["goal"], status, r["note"])
    console = Console()
    if not console.is_terminal:  # a pipe or a file: rich would wrap at 80 columns
        console = Console(width=160)
    console.print(table)
