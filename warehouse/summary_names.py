"""The dimension names stored in the summary rows the whole-country reads scan: the
jurisdiction's name and level, its parent's code and name and the indicator's name in
``summary_measured_targets`` (v_targets, the named query targets), the jurisdiction's and
the ancestor's name and level and the indicator's name in ``summary_target_gap``
(v_target_gap, the named query target-gap).

Joined at query time, these look-ups were most of those reads at national scale (1.28M
probes each, nested loops over Memoize). A row's names are written after the row (the load's
refresh of a place, a moved jurisdiction's refresh, a rebuild), by UPDATE rather than in the
INSERTs: migrations 0006 and 0010 run those INSERTs before 0011 adds these columns. They change
only when the registry renames or moves a jurisdiction or the taxonomy renames an indicator;
the load's dimension step then rewrites the rows that show that name
(``warehouse.bookkeeping.seed_dimensions`` → ``summaries.refresh_renamed``).
"""

from __future__ import annotations

from sqlalchemy import Connection

from warehouse.writes import in_list, run

# {rows}: which summary_measured_targets rows. The names v_targets joined (its jurisdiction,
# that one's parent) and the query targets (the indicator); SET (...) = (SELECT ...): SQLite
# >= 3.15 and PostgreSQL.
_MEASURED_TARGETS = """
UPDATE summary_measured_targets
SET (jurisdiction_name, jurisdiction_level, parent_code, parent_name, indicator_name) = (
    SELECT j.name, j.level, j.parent_code, pj.name,
           (SELECT i.name FROM indicators i WHERE i.code = summary_measured_targets.indicator_code)
    FROM jurisdictions j
    LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
    WHERE j.code = summary_measured_targets.jurisdiction_code)
WHERE {rows}
"""
# {rows}: which summary_target_gap rows. The names v_target_gap and the query target-gap joined.
_TARGET_GAP = """
UPDATE summary_target_gap
SET (jurisdiction_name, level, ancestor_name, ancestor_level, indicator_name) = (
    SELECT j.name, j.level, aj.name, aj.level,
           (SELECT i.name FROM indicators i WHERE i.code = summary_target_gap.indicator_code)
    FROM jurisdictions j, jurisdictions aj
    WHERE j.code = summary_target_gap.jurisdiction_code AND aj.code = summary_target_gap.ancestor_code)
WHERE {rows}
"""


def fill_measured_targets(conn: Connection, rows: str, params: dict | None = None) -> None:
    """The names of the summary_measured_targets rows matched by ``rows`` (SQL condition)."""
    run(conn, _MEASURED_TARGETS.format(rows=rows), params or {})


def fill_target_gap(conn: Connection, rows: str, params: dict | None = None) -> None:
    """The names of the summary_target_gap rows matched by ``rows`` (SQL condition)."""
    run(conn, _TARGET_GAP.format(rows=rows), params or {})


def refresh_jurisdictions(conn: Connection, codes: list[str]) -> None:
    """The rows showing these jurisdictions' names, levels or parents (renamed or moved):
    their own targets, their children's (the parent's name), and every target-gap row with
    one of them on either side."""
    if not codes:
        return
    marks, params = in_list("c", sorted(set(codes)))
    fill_measured_targets(conn, f"jurisdiction_code IN (SELECT code FROM jurisdictions "
                                f"WHERE code IN ({marks}) OR parent_code IN ({marks}))", params)
    fill_target_gap(conn, f"jurisdiction_code IN ({marks})", params)
    fill_target_gap(conn, f"ancestor_code IN ({marks})", params)


def refresh_indicators(conn: Connection, codes: list[str]) -> None:
    """The rows showing these indicators' names (renamed by the taxonomy). Rare: the
    measured targets have no index led by the indicator, so this reads that table whole."""
    if not codes:
        return
    marks, params = in_list("c", sorted(set(codes)))
    fill_measured_targets(conn, f"indicator_code IN ({marks})", params)
    fill_target_gap(conn, f"indicator_code IN ({marks})", params)


def fill_all(conn: Connection) -> None:
    """Every row's names: a rebuild, or migration 0011 which adds the columns. PostgreSQL
    reads the jurisdictions by a join (UPDATE ... FROM), not a subquery per row. Rewritten
    rows leave the tables' order: on PostgreSQL the caller CLUSTERs them."""
    if conn.dialect.name != "postgresql":
        fill_measured_targets(conn, "1 = 1")
        fill_target_gap(conn, "1 = 1")
        return
    # one rewrite of each row; the indicators (a few dozen rows) by their key
    run(conn, """
        UPDATE summary_measured_targets t
        SET jurisdiction_name = j.name, jurisdiction_level = j.level, parent_code = j.parent_code,
            parent_name = pj.name,
            indicator_name = (SELECT i.name FROM indicators i WHERE i.code = t.indicator_code)
        FROM jurisdictions j
        LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
        WHERE j.code = t.jurisdiction_code""")
    run(conn, """
        UPDATE summary_target_gap g
        SET jurisdiction_name = j.name, level = j.level, ancestor_name = aj.name, ancestor_level = aj.level,
            indicator_name = (SELECT i.name FROM indicators i WHERE i.code = g.indicator_code)
        FROM jurisdictions j, jurisdictions aj
        WHERE j.code = g.jurisdiction_code AND aj.code = g.ancestor_code""")
