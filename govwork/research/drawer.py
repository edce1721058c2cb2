"""Another process drawing some of a report's charts, beside the one building them.

vl-convert draws a chart in ~0.1 s and holds the GIL while it does, so a thread cannot draw
beside the Python that builds the specs; a process can, on another core.
The drawing process starts vl-convert's JavaScript runtime at once (~0.4 s, while the caller
builds its specs), then reads a JSON list of Vega-Lite specs from stdin and writes the JSON
list of their SVGs to stdout. The same spec gives the same SVG in any process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

# The drawing process's program: given with ``-c``, as ``-m govwork.research.drawer`` would first
# import govwork.research (pandas, SQLAlchemy: ~1 s). It starts the JavaScript runtime at once,
# while the caller builds its specs; its output is ASCII JSON, whatever the locale.
PROGRAM = """
import json, sys, vl_convert
vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 0}]},
                            "encoding": {"x": {"field": "x", "type": "quantitative"}}})
json.dump([vl_convert.vegalite_to_svg(spec) for spec in json.load(sys.stdin.buffer)], sys.stdout)
"""


class Drawer:
    """The drawing process, started at once; ``start(specs)`` hands it specs (once) and
    ``result()`` waits for their SVGs: None when it could not draw them all (the caller draws
    them itself, so a bad spec raises vl-convert's own error there)."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", PROGRAM], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._svgs: list[str] | None = None
        self._thread: threading.Thread | None = None

    def start(self, specs: list[dict]) -> None:
        """Send ``specs``; they are drawn while the caller goes on (``result`` waits)."""
        try:
            payload = json.dumps(specs).encode("ascii")
        except (TypeError, ValueError):
            payload = None
        self._thread = threading.Thread(target=self._exchange, args=(payload, len(specs)), daemon=True)
        self._thread.start()

    def _exchange(self, payload: bytes | None, count: int) -> None:
        if payload is None:
            self.stop()
            return
        try:
            out, _ = self._proc.communicate(payload)
            svgs = json.loads(out) if self._proc.returncode == 0 else None
        except (OSError, ValueError):
            svgs = None
        if isinstance(svgs, list) and len(svgs) == count and all(isinstance(s, str) for s in svgs):
            self._svgs = svgs

    def result(self) -> list[str] | None:
        if self._thread is not None:
            self._thread.join()
        return self._svgs

    def stop(self) -> None:
        """End the process (not needed, or the caller stopped early)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
