"""A parse batch shared with helper processes, on every core.

The stage's own process parses the batch from the front, as the serial stage does, and
yields each result in order; ``workers - 1`` helper processes take chunks from the back
(a shared pair of bounds under one lock), parse them and send the results back. Where they
meet, the stage's process waits for the helpers' results in order. So the stage's process
never waits for a helper to start (0.5-0.6 s of CPU to import the parsers, spent on the
other core while this one parses), and the two ends meet within one chunk of each other.

Helpers parse exactly as the stage's process does (``govwork.parsing``), write the same
parsed files, and return the same ``ParseResult`` dicts; the stage's process alone writes
the parse cache, in order. A helper that dies or fails, or helpers that cannot be started,
leave their part to the stage's process: the batch is finished serially, with a logged
reason. Helpers are started by a fork server (never ``fork``: the stage runs inside the
Airflow runner and ``govwork run``, which have threads), preloaded with the parsers, from
a thread, so the first ``Process.start`` (which waits for the fork server's imports) does
not hold up the parse.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import multiprocessing
import multiprocessing.forkserver
import queue
import sys
import threading
from typing import TYPE_CHECKING, Iterator

from core.config import Settings
from core.records import collector_paused
from extractors.parsers import PARSER_PATHS

if TYPE_CHECKING:
    from govwork.parsing import ReadingRules

log = logging.getLogger("govwork.stages")

# Documents a helper takes at a time: ~5 ms a document on the bench corpus, so a chunk is
# ~20-40 ms of work against ~0.1 ms to send it back; the two ends meet within one chunk.
CHUNK = 4
# Below this many documents to parse, a batch stays serial: a helper's start costs ~0.45 s of
# CPU (an interpreter, the parsers' imports: 0.36 s measured) and, on this shared 2-core
# machine, 0.5-2 s before it takes its first chunk; ~100 documents (~5 ms each) are parsed
# by then, so a smaller batch would pay the start for (nearly) nothing.
MIN_DOCUMENTS = 100
_PRELOAD = ["govwork.parse_helpers", "govwork.parsing", *(path.split(":")[0] for path in PARSER_PATHS)]
_POLL_S = 0.5  # how often the stage's process, waiting for a result, checks the helpers are alive


def _preload() -> list[str]:
    """What the fork server imports once for every helper: the parsers, and the main module
    when it was run with ``-m``. A process multiprocessing starts imports its parent's main
    module (without running its ``__main__`` block); already imported in the fork server, it
    costs a helper nothing instead of its imports (``-m bench.throughput``: 0.15 s of CPU). A
    main module run by path (a console script) cannot be preloaded (multiprocessing 3.11
    never passes its path to the fork server) and is imported by each helper."""
    main_spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    main = getattr(main_spec, "name", None)
    return _PRELOAD + ([main] if main and not main.endswith("__main__") else [])


class HelpersFailed(Exception):
    """The helpers cannot finish their part: the stage's process parses the rest."""


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_preload())
    return ctx


def start_server() -> None:
    """Start the fork server now, in the background: its imports (0.3-0.5 s of CPU, on the
    other core) then overlap what the stage does before ``parse_shared`` (reading the
    registry for the reading rules) instead of following it. A fork server that cannot
    start is ``parse_shared``'s to report."""
    def run() -> None:
        try:
            _context()
            multiprocessing.forkserver.ensure_running()
        except BaseException:  # noqa: BLE001 - parse_shared meets it again, and says so
            pass

    threading.Thread(target=run, name="govwork-parse-server-start", daemon=True).start()


def parse_shared(settings: Settings, docs: list[dict], rules: list[ReadingRules], workers: int) -> Iterator[dict]:
    """The ``ParseResult`` dict of each of ``docs`` (read by its ``rules``), in order, parsed by
    this process from the front and ``workers - 1`` helpers from the back."""
    ctx = _context()
    bounds = ctx.Array("q", [0, len(docs)])  # [next the stage's process takes, first a helper took]
    results = ctx.Queue()
    helpers: list = []

    def start_helpers() -> None:
        try:
            for _ in range(workers - 1):
                helper = ctx.Process(target=_help, args=(settings, docs, rules, bounds, results),
                                     name="govwork-parse-helper", daemon=True)
                helper.start()
                helpers.append(helper)
        except BaseException as exc:  # noqa: BLE001 - the stage's process goes on alone
            log.warning("parse helpers could not start (%r): the batch is parsed in this process", exc)

    starter = threading.Thread(target=start_helpers, name="govwork-parse-helpers-start", daemon=True)
    starter.start()
    received: dict[int, dict] = {}
    failed = False
    here = 0
    try:
        for i, doc in enumerate(docs):
            if not failed:
                with bounds.get_lock():
                    mine = i < bounds[1]
                    if mine:
                        bounds[0] = i + 1
                if not mine:
                    try:
                        yield _wait_for(i, received, results, helpers, starter)
                        continue
                    except HelpersFailed as exc:
                        failed = True
                        with bounds.get_lock():
                            bounds[0] = len(docs)  # the helpers left take nothing more
                        log.warning("parse helpers failed (%s): parsing the rest of the batch in this process", exc)
            if i in received:  # sent before the failure
                yield received.pop(i)
                continue
            here += 1
            yield _parse_one(settings, doc, rules[i])
    finally:
        with bounds.get_lock():
            bounds[0] = len(docs)  # nothing left to take: a helper ends after its chunk, or as it starts
        # Nobody waits for the helpers: they end by themselves (and, being daemons, with this
        # process); a helper still starting when the batch is done only costs its start.
        log.info("parsed %d document(s): %d in this process, %d by %d helper process(es)",
                 len(docs), here, len(docs) - here, len(helpers))


def _wait_for(i: int, received: dict[int, dict], results, helpers: list, starter: threading.Thread) -> dict:
    """The result of document ``i``, which a helper took."""
    all_ended_before = False
    while i not in received:
        try:
            first, chunk = results.get(timeout=_POLL_S)
        except queue.Empty:
            ended = [h for h in helpers if h.exitcode is not None]
            if any(h.exitcode != 0 for h in ended):
                raise HelpersFailed(", ".join(f"{h.name} pid {h.pid} exit code {h.exitcode}" for h in ended)) from None
            all_ended = not starter.is_alive() and len(ended) == len(helpers)
            if all_ended and all_ended_before:  # a poll after the last one ended: nothing is on its way
                raise HelpersFailed(f"every helper ended without sending document {i}") from None
            all_ended_before = all_ended
            continue
        if isinstance(chunk, logging.LogRecord):
            logging.getLogger(chunk.name).handle(chunk)
        elif isinstance(chunk, str):
            raise HelpersFailed(chunk)
        else:
            received.update(zip(range(first, first + len(chunk)), chunk))
    return received.pop(i)


def _help(settings: Settings, docs: list[dict], rules: list[ReadingRules], bounds, results) -> None:
    """A helper process: take chunks from the back until the two ends meet."""
    gc.freeze()  # the fork server's imports live as long as this process: out of the collector's sight
    logging.getLogger().addHandler(logging.handlers.QueueHandler(_LogQueue(results)))  # to the stage's log
    logging.getLogger().setLevel(logging.WARNING)
    while True:
        with bounds.get_lock():
            first = max(bounds[0], bounds[1] - CHUNK)
            last = bounds[1]
            if first >= last:
                return
            bounds[1] = first
        try:
            chunk = [_parse_one(settings, doc, doc_rules) for doc, doc_rules in zip(docs[first:last], rules[first:last])]
        except BaseException as exc:  # noqa: BLE001 - a ConfigError, say: the stage's process meets it again
            results.put((first, f"documents {first}-{last - 1}: {type(exc).__name__}: {exc}"))
            return
        results.put((first, chunk))


def _parse_one(settings: Settings, doc: dict, rules: ReadingRules) -> dict:
    from govwork.parsing import parse_found_document  # preloaded in a helper; the stage's process loads it on first use

    with collector_paused():  # as the serial stage: collected once, after each document
        return parse_found_document(settings, doc, lambda _doc: rules)


class _LogQueue:
    """What a helper logs (a crash's traceback), sent to the stage's process as a record."""

    def __init__(self, results):
        self.results = results

    def put_nowait(self, record: logging.LogRecord) -> None:
        self.results.put((-1, record))
