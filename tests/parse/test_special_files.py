"""``govwork parse`` on special files (issue 14, item 10): /dev/zero, a FIFO nobody writes
to, a directory and a file over the cap end in one clear line and exit code 3, quickly,
as real subprocesses (a FIFO that was opened for blocking reads would hang the test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import UnreadableInputError
from extractors.localfile import read_regular_file
from govwork.cli import EXIT_INPUT

ROOT = Path(__file__).resolve().parents[2]


def _parse(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from govwork.cli import main; main()", "parse", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "directory"])
def test_special_files_are_refused_with_exit_code_3(special, tmp_path):
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
    elif special == "directory":
        path = tmp_path
    done = _parse(path)
    assert done.returncode == EXIT_INPUT, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.startswith("error:") and done.stderr.count("\n") == 1
    assert "[not_a_regular_file]" in done.stderr


def test_a_file_over_the_cap_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UnreadableInputError) as err:
        read_regular_file(big, max_bytes=1024)
    assert err.value.reason == "too_large"
    assert read_regular_file(big, max_bytes=4096) == b"x" * 2048
