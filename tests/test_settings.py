"""Settings are validated when read (issue 14, item 13): one clear line per mistake, exit
code 2, no traceback; an unknown jurisdiction in crawl/backfill is a usage mistake too;
passwords never shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.config import Settings, mask_url
from core.errors import SettingsError
from govwork.cli import EXIT_USAGE, _register_all, app

ROOT = Path(__file__).resolve().parents[1]

BAD = {
    "GOVWORK_MIN_DELAY": ("abc", "setting GOVWORK_MIN_DELAY: must be a number of seconds (got 'abc')"),
    "WAREHOUSE_URL": ("garbage", "setting WAREHOUSE_URL: must be a database URL such as sqlite:///PATH or "
                                 "postgresql+psycopg2://USER@HOST/DB (got 'garbage')"),
    "GOVWORK_MIRROR_URL": ("ftp://x", "setting GOVWORK_MIRROR_URL: must look like http://127.0.0.1:8765 (got 'ftp://x')"),
    "GOVWORK_PARSE_WORKERS": ("two", "setting GOVWORK_PARSE_WORKERS: must be a whole number (got 'two')"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_setting_is_one_line(name, tmp_path):
    value, line = BAD[name]
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"GOVWORK_HOME": str(tmp_path), name: value})
    assert str(err.value) == line


def test_several_mistakes_give_one_line_each_and_no_password(tmp_path):
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"WAREHOUSE_URL": "mysql://reader:s3cret@db/x", "GOVWORK_MIN_DELAY": "-1"})
    lines = str(err.value).splitlines()
    assert lines == [
        "setting WAREHOUSE_URL: mysql is not supported; govwork uses SQLite or PostgreSQL (got 'mysql://reader:***@db/x')",
        "setting GOVWORK_MIN_DELAY: must be a number of seconds between 0 and 3600 (got '-1')",
    ]


def test_good_settings_and_defaults(tmp_path):
    s = Settings.from_env({"GOVWORK_HOME": str(tmp_path), "GOVWORK_MIN_DELAY": "0.5",
                           "WAREHOUSE_URL": "postgresql+psycopg2://u:p@127.0.0.1/w", "GOVWORK_MIRROR_URL": ""})
    assert (s.min_delay, s.mirror_url, s.raw_dir) == (0.5, None, tmp_path.resolve() / "raw")
    assert s.warehouse_url == "postgresql+psycopg2://u:p@127.0.0.1/w"


def test_paths_alone_are_read_as_pydantic_reads_them(tmp_path):
    """Settings made of path variables only skip pydantic; they come out as it makes them."""
    from core.config import _PATH_VARIABLES, _VARIABLES, _checked
    from core.environment import _Environment

    assert _PATH_VARIABLES < set(_VARIABLES) and list(_VARIABLES) == list(_Environment.model_fields)
    odd = [str(tmp_path), "relative/dir", "~/x", " spaced ", "a/../b/", "甘肃/数据", "/"]
    for value in odd:
        given = {name: value for name in _PATH_VARIABLES}
        by_pydantic = {k: v for k, v in _Environment(**given).model_dump().items() if v is not None}
        assert _checked(given) == by_pydantic


def test_reading_path_settings_imports_no_pydantic(tmp_path):
    code = ("import sys\nfrom core.config import Settings\n"
            f"Settings.from_env({{'GOVWORK_HOME': {str(tmp_path)!r}}})\n"
            "print(sorted(m for m in ('pydantic', 'pydantic_settings') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_mask_url():
    assert mask_url("postgresql+psycopg2://govwork:pa:ss@127.0.0.1:5432/w") == "postgresql+psycopg2://govwork:***@127.0.0.1:5432/w"
    assert mask_url("sqlite:////tmp/w.sqlite") == "sqlite:////tmp/w.sqlite"
    assert mask_url("http://user@host/x") == "http://user@host/x"


def _cli(args: list[str], env: dict[str, str]):
    _register_all()
    return CliRunner().invoke(app, args, env=env)


@pytest.mark.parametrize("command", [["load"], ["crawl"], ["quarantine", "list"], ["migrate"]])
def test_commands_exit_2_on_a_bad_setting(command, tmp_path):
    run = _cli(command, {"GOVWORK_HOME": str(tmp_path), "GOVWORK_MIN_DELAY": "abc"})
    assert run.exit_code == EXIT_USAGE, run.output
    assert "Traceback" not in run.output and run.exception is None or isinstance(run.exception, SystemExit)
    assert "setting GOVWORK_MIN_DELAY: must be a number of seconds (got 'abc')" in run.stderr


def test_unknown_jurisdiction_is_a_usage_mistake(tmp_path):
    env = {"GOVWORK_HOME": str(tmp_path)}
    crawl = _cli(["crawl", "--jurisdiction", "999999"], env)
    assert crawl.exit_code == EXIT_USAGE and "unknown jurisdiction '999999'" in crawl.stderr
    backfill = _cli(["backfill", "--from", "2020", "--to", "2020", "--jurisdiction", "999999"], env)
    assert backfill.exit_code == EXIT_USAGE and "999999" in backfill.stderr


def test_the_real_command_prints_one_line_per_mistake(tmp_path):
    done = subprocess.run([sys.executable, "-c", "from govwork.cli import main; main()", "load"],
                          env={"PATH": "/usr/bin:/bin", "GOVWORK_HOME": str(tmp_path), "COLUMNS": "40",
                               "WAREHOUSE_URL": "garbage", "GOVWORK_MIN_DELAY": "abc"},
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == EXIT_USAGE
    assert done.stderr.splitlines() == [
        "error: " + BAD["WAREHOUSE_URL"][1],
        BAD["GOVWORK_MIN_DELAY"][1],
    ]


def test_parse_workers_is_a_number_of_processes(tmp_path):
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"GOVWORK_HOME": str(tmp_path), "GOVWORK_PARSE_WORKERS": "0"})
    assert str(err.value) == "setting GOVWORK_PARSE_WORKERS: must be a number of processes between 1 and 256 (got '0')"
    assert Settings.from_env({"GOVWORK_HOME": str(tmp_path), "GOVWORK_PARSE_WORKERS": "3"}).parse_workers == 3
