"""``summary_target_gap``: v_target_gap's rows (each preferred numeric target beside every
ancestor's like target), kept by the load so the view is a scan of one table and the named
query target-gap reads it in its index's order instead of sorting a million rows.

A row pairs a target of jurisdiction J with one ancestor A of J in one year: it changes when
J's targets of that year change (J's own rows, every ancestor) or A's (the rows whose
ancestor is A, J any descendant), or when the hierarchy above J changes. ``refresh_places``
recomputes both sides of a jurisdiction-year, ``refresh_moved`` every row of a moved
jurisdiction and its descendants. The rows are those the view computed at query time before
(same joins over v_measured_targets' rows: tests/warehouse/test_target_gap_and_series_summaries.py).
"""

from __future__ import annotations

from sqlalchemy import Connection

from warehouse import summary_names
from warehouse.writes import in_list, in_pairs, run

# (jurisdiction_code, ancestor_code, depth) for the jurisdictions matched by {roots} (a
# condition on `jurisdictions`): each one's parent at depth 1, grandparent at 2 …
_ANCESTORS_OF = """
ancestors (jurisdiction_code, ancestor_code, depth) AS (
    SELECT code, parent_code, 1 FROM jurisdictions WHERE parent_code IS NOT NULL AND {roots}
    UNION ALL
    SELECT a.jurisdiction_code, j.parent_code, a.depth + 1
    FROM ancestors a JOIN jurisdictions j ON j.code = a.ancestor_code
    WHERE j.parent_code IS NOT NULL AND a.depth < 10
)"""
# the same pairs for every descendant of the jurisdictions matched by {roots} (a condition
# on `jurisdictions`' parent_code), with that root as the ancestor (a loaded ancestor's side)
_DESCENDANTS_OF = """
WITH RECURSIVE ancestors (jurisdiction_code, ancestor_code, depth) AS (
    SELECT code, parent_code, 1 FROM jurisdictions WHERE {roots}
    UNION ALL
    SELECT j.code, a.ancestor_code, a.depth + 1
    FROM ancestors a JOIN jurisdictions j ON j.parent_code = a.jurisdiction_code
    WHERE a.depth < 10
)
SELECT jurisdiction_code, ancestor_code, depth FROM ancestors"""
_PAIRS_PER_STATEMENT = 300

# {ancestors}: a CTE `ancestors (jurisdiction_code, ancestor_code, depth)` (every pair in a
# rebuild, the pairs found first in a refresh); {targets}: a condition on the targets `t`.
# Ordered by the named query's key, so a rebuild writes the table in the order it is read.
_FILL = """
WITH RECURSIVE {ancestors}
INSERT INTO summary_target_gap
    (jurisdiction_code, year, period, indicator_code, measure, basis, quantity, low, high, qualifier,
     value_unit, raw, doc_key, depth, ancestor_code, pairing, ancestor_low, ancestor_high,
     ancestor_qualifier, ancestor_value_unit, ancestor_raw, ancestor_doc_key, compared, difference,
     difference_low, difference_high)
SELECT t.jurisdiction_code, t.year, t.period, t.indicator_code, t.measure, t.basis, t.quantity,
       t.low, t.high, t.qualifier, t.value_unit, t.raw, t.doc_key, a.depth, a.ancestor_code,
       CASE WHEN p.target_id IS NOT NULL THEN 'paired'
            WHEN EXISTS (SELECT 1 FROM summary_measured_targets o
                         WHERE o.jurisdiction_code = a.ancestor_code AND o.year = t.year
                           AND o.period = t.period AND o.indicator_code = t.indicator_code)
                THEN 'unlike_quantity'
            ELSE 'not_stated' END,
       p.low, p.high, p.qualifier, p.value_unit, p.raw, p.doc_key,
       CASE WHEN p.target_id IS NULL THEN NULL
            WHEN t.is_range = 1 OR p.is_range = 1 THEN 'bounds'
            ELSE 'value' END,
       CASE WHEN p.target_id IS NOT NULL AND t.is_range = 0 AND p.is_range = 0
            THEN t.value_low - p.value_low END,
       t.value_low - p.value_low,
       t.value_high - p.value_high
FROM summary_measured_targets t
JOIN ancestors a ON a.jurisdiction_code = t.jurisdiction_code
-- the ancestor's like target: at most one row has preference 1 for the key
LEFT JOIN summary_measured_targets p
       ON p.jurisdiction_code = a.ancestor_code AND p.year = t.year AND p.period = t.period
      AND p.indicator_code = t.indicator_code AND p.quantity = t.quantity
      AND p.preference = 1 AND p.measure <> 'qualitative'
WHERE t.preference = 1 AND t.indicator_code IS NOT NULL AND t.measure <> 'qualitative' AND {targets}
ORDER BY t.indicator_code, t.year, t.jurisdiction_code, t.period, t.quantity, a.depth
"""

EVERY_ROW = _FILL.format(ancestors=_ANCESTORS_OF.format(roots="1 = 1"), targets="1 = 1")


def _fill(conn: Connection, pairs: list[tuple], targets: str, params: dict) -> None:
    """The rows of these (jurisdiction, ancestor, depth) pairs, found first and passed as
    VALUES: the planner then knows how few they are and reads the targets by their index (a
    recursive CTE inside the statement is estimated at hundreds of times its size, and the
    plan sorted every target of the year)."""
    for start in range(0, len(pairs), _PAIRS_PER_STATEMENT):
        chunk = pairs[start:start + _PAIRS_PER_STATEMENT]
        values = {f"{k}{i}": v for i, pair in enumerate(chunk) for k, v in zip(("pj", "pa", "pd"), pair)}
        rows = ", ".join(f"(:pj{i}, :pa{i}, CAST(:pd{i} AS INTEGER))" for i in range(len(chunk)))
        run(conn, _FILL.format(ancestors=f"ancestors (jurisdiction_code, ancestor_code, depth) AS (VALUES {rows})",
                               targets=targets), {**params, **values})


def refresh_places(conn: Connection, places: list[tuple[str, int]]) -> None:
    """The rows of jurisdiction-years whose targets changed: their own targets beside each
    ancestor's, and their descendants' targets beside theirs (summary_measured_targets of
    those places already refreshed). A statement per year, not per place: a row is one
    (target, ancestor) pair of one year, and the pairs both sides of a year name are
    written once."""
    own, params = in_pairs(conn, "jurisdiction_code", "year", places, "p")
    as_ancestor, _ = in_pairs(conn, "ancestor_code", "year", places, "p")
    run(conn, f"DELETE FROM summary_target_gap WHERE {own}", params)
    run(conn, f"DELETE FROM summary_target_gap WHERE {as_ancestor}", params)
    codes = sorted({code for code, _ in places})
    up: dict[str, list[tuple]] = {}  # jurisdiction -> its (jurisdiction, ancestor, depth) pairs
    for pair in _ancestor_pairs(conn, codes):
        up.setdefault(pair[0], []).append(pair)
    down: dict[str, list[tuple]] = {}  # ancestor -> its descendants' pairs
    marks, roots = in_list("c", codes)
    for pair in run(conn, _DESCENDANTS_OF.format(roots=f"parent_code IN ({marks})"), roots):
        down.setdefault(pair[1], []).append(tuple(pair))
    for year in sorted({year for _, year in places}):
        here = [code for code, y in places if y == year]
        pairs = {(j, a): d for code in here for j, a, d in up.get(code, []) + down.get(code, [])}
        _fill(conn, [(j, a, d) for (j, a), d in sorted(pairs.items())], "t.year = :y", {"y": year})
    summary_names.fill_target_gap(conn, own, params)
    summary_names.fill_target_gap(conn, as_ancestor, params)


def refresh_moved(conn: Connection, codes: list[str]) -> None:
    """Every row of jurisdictions the registry gave a new parent and of their descendants
    (their ancestors changed), every year."""
    below = descendants_and_self(conn, codes)
    if below:
        marks, params = in_list("c", below)
        run(conn, f"DELETE FROM summary_target_gap WHERE jurisdiction_code IN ({marks})", params)
        _fill(conn, _ancestor_pairs(conn, below), "1 = 1", {})
        summary_names.fill_target_gap(conn, f"jurisdiction_code IN ({marks})", params)


def descendants_and_self(conn: Connection, codes: list[str]) -> list[str]:
    """These jurisdictions and every one below them."""
    if not codes:
        return []
    marks, params = in_list("c", sorted(set(codes)))
    rows = run(conn, f"""
        WITH RECURSIVE below (code, depth) AS (
            SELECT code, 0 FROM jurisdictions WHERE code IN ({marks})
            UNION ALL
            SELECT j.code, b.depth + 1 FROM below b JOIN jurisdictions j ON j.parent_code = b.code
            WHERE b.depth < 10
        )
        SELECT DISTINCT code FROM below""", params)
    return sorted(code for (code,) in rows)


def _ancestor_pairs(conn: Connection, codes: list[str]) -> list[tuple]:
    """(jurisdiction, ancestor, depth) for each of these jurisdictions' ancestors."""
    marks, params = in_list("c", sorted(set(codes)))
    return [tuple(r) for r in run(conn, "WITH RECURSIVE " + _ANCESTORS_OF.format(roots=f"code IN ({marks})")
                                  + " SELECT jurisdiction_code, ancestor_code, depth FROM ancestors", params)]


def ancestors_of(conn: Connection, codes: list[str]) -> list[str]:
    """The ancestors of these jurisdictions (whose refresh rewrites rows these share)."""
    if not codes:
        return []
    return sorted({ancestor for _, ancestor, _ in _ancestor_pairs(conn, codes)})
