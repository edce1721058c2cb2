"""The BI section of the benchmark's table: each view and named query beside the 1 s goal
and beside the baseline SQL (before the rewrite) measured in the same run."""

from __future__ import annotations


def _ms(seconds: float | None, timeout: float | None = None) -> str:
    if seconds is None:
        return f"> {timeout:.0f} s (cancelled)" if timeout else "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def rows(report: dict) -> list[dict]:
    """One row per view / named query and filter, plus the warehouse's build figures."""
    scale, goal = report["scale"], report["goal_s"]
    area = f"BI warehouse, scale {scale:g}"
    n = report["rows"]
    built = report["seconds"]
    out = [{"area": area, "figure": "generated (COPY) → summaries rebuilt",
            "value": (f"{built['copy_s']:.0f} s → {built['summary_rebuild_s']:.0f} s" if "copy_s" in built
                      else "generated before (--database)"),
            "goal": "", "status": "",
            "note": (f"{n.get('documents', 0):,} documents, {n.get('tasks', 0):,} tasks, {n.get('task_units', 0):,} "
                     f"task-unit rows, {n.get('targets', 0):,} targets; {n.get('database_bytes', 0) / 1e9:.2f} GB")}]
    s = report["seconds"]
    out.append({"area": area, "figure": "load's summary refresh for one changed breakdown",
                "value": _ms(s.get("summary_refresh_one_document_s")), "goal": "", "status": "",
                "note": "inside the document's load transaction"})
    out.append({"area": area, "figure": "refresh_views again (views current: kept)",
                "value": _ms(s.get("refresh_views_again_s")), "goal": "", "status": "", "note": ""})
    by_key = {(r["item"], r["filter"], r["baseline"]): r for r in report["results"]}
    for (item, filt, baseline), r in by_key.items():
        if baseline:
            continue
        base = by_key.get((item, filt, True), {})
        now, before = r.get("median_s"), base.get("median_s")
        ratio = f"×{before / now:,.0f} faster" if now and before else ""
        note = f"before: {_ms(before, base.get('timed_out_after_s'))}"
        note += f" ({ratio})" if ratio else ""
        if r.get("findings"):
            note += "; plan: " + ", ".join(r["findings"])
        out.append({"area": area, "figure": f"{r['kind']} {item} ({filt})",
                    "value": _ms(now, r.get("timed_out_after_s")), "goal": f"< {goal:g} s",
                    "status": "" if now is None and not r.get("timed_out_after_s") else
                    ("met" if now is not None and now < goal else "not met"),
                    "note": note + (f"; {r['rows']:,} rows" if r.get("rows") is not None else "")})
    return out
