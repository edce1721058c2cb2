"""``govwork parse``: once as a user runs it (a real subprocess of the installed entry
point), the rest in-process through typer's runner on an app with only this command."""

import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from govwork.cli import EXIT_INPUT
from govwork.cli import parse as parse_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "examples"


def run_cli(*args: str):
    app = typer.Typer()
    parse_cli.register(app)

    @app.callback()
    def _root() -> None:  # keeps "parse" a sub-command, as in the real app
        pass

    return CliRunner().invoke(app, list(args))


def test_real_entry_point_prints_json():
    ok = subprocess.run(
        [sys.executable, "-c", "from govwork.cli import main; main()", "parse",
         str(EXAMPLES / "interpretation" / "yishui-2023.txt"), "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    doc = json.loads(ok.stdout)
    assert doc["meta"]["kind"] == "interpretation" and doc["meta"]["jurisdiction_code"] == "371323"
    assert sum(c["count"] for c in doc["declared_counts"] if c["part"]) == 91


def test_summary_and_options():
    run = run_cli("parse", str(EXAMPLES / "breakdown" / "gansu-2026-notice.txt"),
                  "--kind", "breakdown", "--jurisdiction", "620000", "--year", "2026")
    assert run.exit_code == 0, run.output
    assert "甘政发〔2026〕7号" in run.output and "2026-01-30" in run.output and "200" in run.output


def test_json_options_reach_the_document():
    run = run_cli("parse", str(EXAMPLES / "breakdown" / "gansu-2026-notice.txt"), "--jurisdiction", "621100",
                  "--year", "2025", "--json")
    assert run.exit_code == 0, run.output
    meta = json.loads(run.stdout)["meta"]
    assert (meta["jurisdiction_code"], meta["year"]) == ("621100", 2025)


def test_unreadable_input_is_one_line_and_exit_code_3(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    for path in (junk, tmp_path / "missing.txt"):
        run = run_cli("parse", str(path), "--json")
        assert run.exit_code == EXIT_INPUT
        assert run.stdout == ""  # nothing half-printed for a pipe to read
        assert run.stderr.startswith("error:") and run.stderr.count("\n") == 1
        assert isinstance(run.exception, SystemExit) and "Traceback" not in run.output


def test_bad_kind_is_a_usage_error():
    run = run_cli("parse", str(EXAMPLES / "interpretation" / "yishui-2023.txt"), "--kind", "novel")
    assert run.exit_code == 2
