"""The load's transactions: a batch of documents in one transaction, a savepoint each.

A document's writes commit together or not at all, and one failing document never stops
the others: each document runs inside ``SAVEPOINT``; one that raises is rolled back to its
savepoint (nothing of it stays) and the batch goes on; the rest commit together. One commit
(and one write lock) per batch instead of one per document: in SQLite's WAL mode each commit
was a sync of the log, most of a small document's load.

Work shared by a batch's documents (the summary tables of the documents it changed) runs
once, after them, in the batch's transaction (``finish``); if it fails, the batch goes the
way of a batch that cannot go on (below), and each document's transaction runs it for that
document alone.

If the batch's transaction itself cannot go on (its commit fails, or a document's error
took the whole transaction with it, as some SQLite errors do), every document of the batch
is loaded again in a transaction of its own, as before batches. A deadlock or a busy
database (another loader) runs the whole batch again, a few times, then falls back the same
way.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Sequence, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from warehouse.db import write_lock
from warehouse.writes import run

log = logging.getLogger(__name__)
RETRIES = 3  # a deadlock between two loaders is retried; the loser waits and sees the winner's rows
T = TypeVar("T")
Work = Callable[..., Any]  # work(conn, *item) -> what the document's load did
Done = list[Any]  # per item, what work returned or the exception that rolled it back
Finish = Callable[[Connection, Done], None]  # finish(conn, done), after the items, same transaction


def is_retryable(exc: BaseException) -> bool:
    """A deadlock or a busy database: SQLAlchemy's wrapped error, or the driver's own (the
    statements of ``warehouse.writes.run`` raise those)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    return code in ("40P01", "40001") or "database is locked" in str(orig)


class _BatchFailed(Exception):
    """The batch's transaction cannot go on: its documents are loaded one transaction each."""


def _retried(engine: Engine, body: Callable[[Connection], T]) -> T:
    """``body(conn)`` in a transaction holding the write lock, run again on a deadlock or a
    busy database (a few times, waiting longer each time); a batch that cannot go on is
    never retried."""
    for attempt in range(1, RETRIES + 1):
        try:
            with engine.begin() as conn:
                write_lock(conn)  # concurrent loaders take turns (PostgreSQL; SQLite does by itself)
                return body(conn)
        except Exception as exc:
            if attempt == RETRIES or isinstance(exc, _BatchFailed) or not is_retryable(exc):
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def in_own_transaction(engine: Engine, work: Work, item: tuple, finish: Finish | None = None) -> Any:
    """``work(conn, *item)`` (then ``finish(conn, [its result])``) in a transaction of its
    own, retried on a deadlock."""
    def body(conn: Connection) -> Any:
        done = work(conn, *item)
        if finish is not None:
            finish(conn, [done])
        return done

    return _retried(engine, body)


def _in_savepoints(engine: Engine, items: Sequence[tuple], work: Work, name: Callable,
                   finish: Finish | None) -> Done:
    def body(conn: Connection) -> Done:
        done = [_one(conn, item, work, name) for item in items]
        if finish is not None:
            finish(conn, done)
        return done

    try:
        return _retried(engine, body)
    except _BatchFailed:
        raise
    except Exception as exc:  # not retryable, or still failing after the retries
        raise _BatchFailed(str(exc)) from exc


def _one(conn: Connection, item: tuple, work: Work, name: Callable) -> Any:
    run(conn, "SAVEPOINT govwork_document")
    try:
        done = work(conn, *item)
    except Exception as exc:  # one document never stops the others
        if is_retryable(exc):
            raise  # the whole batch waits its turn and runs again
        log.exception("loading %s failed", name(item))
        try:
            run(conn, "ROLLBACK TO SAVEPOINT govwork_document")
        except Exception as lost:  # e.g. SQLite rolled the whole transaction back
            raise _BatchFailed(str(lost)) from exc
        done = exc
    run(conn, "RELEASE SAVEPOINT govwork_document")
    return done


def each_in_savepoint(engine: Engine, items: Sequence[tuple], work: Work,
                      name: Callable[[tuple], str] = str, finish: Finish | None = None) -> Done:
    """``work(conn, *item)`` for every item, in order, in one transaction with a savepoint
    each, then ``finish(conn, done)`` in that transaction; per item, what ``work`` returned
    or the exception that rolled it back (``finish`` skips those). ``name``: what the log
    calls an item."""
    try:
        return _in_savepoints(engine, items, work, name, finish)
    except _BatchFailed:
        log.warning("a batch of %d documents failed as a whole; loading them one by one", len(items))
    done: Done = []
    for item in items:
        try:
            done.append(in_own_transaction(engine, work, item, finish))
        except Exception as exc:  # one document never stops the others
            log.exception("loading %s failed", name(item))
            done.append(exc)
    return done
