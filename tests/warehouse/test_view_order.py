"""View dependencies are stated, not implied by file names (issue 12's db/views item):
every view that reads another says so, views are created dependencies first whatever
their names, and warehouse.views never imports warehouse.db (the circle is broken)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.errors import ConfigError
from warehouse import views


def test_every_view_states_the_views_it_reads():
    assert views.undeclared_dependencies() == {}
    assert views.definitions()["v_task_counts"].declared == {"v_document_counts"}


def test_views_come_after_the_views_they_read():
    order = views.view_names()
    for name, d in views.definitions().items():
        for dep in d.declared | d.read:
            assert order.index(dep) < order.index(name), (dep, name)


def test_order_follows_dependencies_not_file_names(tmp_path):
    (tmp_path / "v_a.sql").write_text("-- depends on: v_z\nCREATE VIEW v_a AS SELECT * FROM v_z;\n")
    (tmp_path / "v_z.sql").write_text("CREATE VIEW v_z AS SELECT 1 AS x;\n")
    (tmp_path / "v_m.sql").write_text("-- v_a is mentioned in a comment only\nCREATE VIEW v_m AS SELECT * FROM v_a;\n")
    defs = views._definitions(tmp_path)
    assert defs["v_m"].read == {"v_a"} and defs["v_m"].declared == set()  # read, not stated: a test would say so
    (tmp_path / "v_b.sql").write_text("-- depends on: v_nowhere\nCREATE VIEW v_b AS SELECT 1 AS x;\n")
    with pytest.raises(ConfigError, match="v_nowhere"):
        views._definitions(tmp_path)


def test_views_does_not_import_db():
    tree = ast.parse(Path(views.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and m.startswith("warehouse.db") for m in imported)
