"""The documented one-liners: every view as a pandas DataFrame."""

from __future__ import annotations

import pandas as pd
import pytest

import govwork.research as gr
from warehouse.named_queries import UnknownQueryError
from warehouse.views import view_names


def test_every_view_is_one_line_away(seed_db):
    engine, _ = seed_db
    assert gr.relations(engine)["views"] == sorted(view_names())
    for view in view_names():
        frame = gr.frame(view, engine)
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, view
        # the same as plain pandas, for people without govwork
        assert frame.shape == pd.read_sql_table(view, engine).shape
    targets = gr.frame("v_targets", engine)
    assert {"jurisdiction_code", "indicator_code", "low", "high", "qualifier"} <= set(targets.columns)


def test_frame_reads_the_environment_like_the_cli(seed_db, monkeypatch):
    engine, _ = seed_db
    monkeypatch.setenv("WAREHOUSE_URL", engine.url.render_as_string(hide_password=False))
    assert len(gr.frame("v_coverage")) == len(gr.frame("v_coverage", engine))


def test_unknown_view_lists_what_there_is(seed_db):
    engine, _ = seed_db
    with pytest.raises(UnknownQueryError, match="v_targets"):
        gr.frame("v_target", engine)
