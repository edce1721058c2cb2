"""The pipeline's stage functions: crawl → parse → validate → load → refresh views, and
quarantine release.

The CLI and the Airflow DAGs call these and only these. Each takes ``Settings`` and
plain, JSON-able inputs, and returns plain, JSON-able results, so a stage's output can
travel through XCom and a stage can be re-run on its own (re-parse without re-crawl,
re-validate a quarantined document after a parser fix).

This is where the layers below meet: the stages read the registry, the raw store, the
parsed store and the taxonomy and hand what they read to the extractors, the Great
Expectations runner and the loader, none of which reaches for another's data itself.
Importing this module imports all of them but the parsers (``govwork.parsing``: pdfplumber,
the value readers …, ~0.3 s), loaded when the first document that is not remembered is parsed, so
a re-run whose parse results are all remembered never loads them; the CLI imports it inside
its commands, so ``govwork --help`` stays cheap.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import sys
from typing import Callable, Iterable, Iterator

from core.config import Settings
from core.errors import GovworkError
from core.records import FoundDocument, ParsedDocument, ParseResult, collector_paused, from_dict, source_rank, to_dict
from core.registry import Registry, load_registry
from expectations.validate import suites_fingerprint, validate_documents
from extractors.crawl.dialects import ARTICLE_DIALECTS
from extractors.parse_cache import ResultCache, key_for
from extractors.parsedstore import Handover, ParsedStore
from extractors.taxonomy import load_indicators
from govwork import parse_helpers
# the crawl stage lives apart, so a crawl task loads the crawler alone: re-exported here
from govwork.crawl_stage import crawl, crawl_report, found_in_store  # noqa: F401
from govwork.manifest_offers import manifest_to_offer
from warehouse.db import engine_for, refresh_views as refresh
from warehouse.dimensions import expected_rows, indicator_rows, jurisdiction_rows
from warehouse.load import LoadInputs, load_batch
from warehouse.quarantine import held, mark_released

log = logging.getLogger(__name__)
# Documents the validate stage decoded, for the load stage of the same process (the bench, the
# CLI's `govwork load`); 32 MB of parsed JSON is ~1,300 documents and ~100 MB decoded.
_VALIDATED = Handover(budget=32 * 2**20)
_SETTLED_MODULES = 0  # how many modules were loaded at the last ``_settle_imports``
# A batch at least this large has its decoded documents frozen out of the collector's sight
# (``validate``); a DAG run's few documents are not worth it.
_FREEZE_DOCUMENTS = 100


def _settle_imports() -> None:
    """Put everything loaded so far out of the cycle collector's sight (``gc.freeze``), when
    modules were imported since the last call: they live as long as the process. A full
    collection during a batch stage otherwise walked every object of GX, pandas and SciPy
    too (0.3 s when one fell in a 500-document parse stage); the Airflow runner does the
    same after its warm-up (plugins/govwork_airflow/runner.py). Frozen objects are still
    freed when nothing refers to them; cycles of garbage are not, so the young generations
    are collected first (cheap: not a full collection) and only garbage that outlived them
    stays."""
    global _SETTLED_MODULES
    if len(sys.modules) != _SETTLED_MODULES:
        _SETTLED_MODULES = len(sys.modules)
        gc.collect(1)
        gc.freeze()


# --- parse ------------------------------------------------------------------------------


def parse(settings: Settings, found: dict) -> dict:
    """Parse one found document from the raw store into the parsed store; a ``ParseResult``
    dict. Never raises for a bad document: a deterministic failure comes back as
    ``status="failed"`` with a typed reason. (A parser missing from the installation is
    a ``ParserMissingError``: it stops the run.)

    Unchanged bytes read by unchanged parsing code give the remembered result without
    parsing again (``extractors.parse_cache``): a re-run over an unchanged portal is cheap."""
    return _parse(settings, found, load_registry)


def parse_each(settings: Settings, found_docs: Iterable[dict]) -> Iterator[dict]:
    """``parse`` for each document in turn, the registry read at most once, when the first
    document that is not remembered needs it. ``load_registry`` checks every registry file
    (one stat each) to see an edit: 12 ms a call at 3,200 jurisdictions, more than a
    document's parse, so a batch asks once.

    A batch with at least ``parse_helpers.MIN_DOCUMENTS`` documents to parse is parsed on
    ``settings.parse_workers`` processes (``govwork.parse_helpers``), results in the same
    order; a smaller one (the DAG's one-document tasks) is parsed here alone, as before."""
    registry = functools.cache(load_registry)
    _settle_imports()
    if settings.parse_workers > 1:
        found_docs = list(found_docs)
        if len(found_docs) >= parse_helpers.MIN_DOCUMENTS:
            yield from _parse_shared(settings, found_docs, registry)
            return
    for found in found_docs:
        yield _parse(settings, found, registry)


def _parse(settings: Settings, found: dict, registry: Callable[[], Registry]) -> dict:
    cache = ResultCache(settings.cache_dir / "parse")
    key = key_for(found)
    result = cache.get(key)
    if result is None:
        from govwork.parsing import remembered  # the parsers: on the first document not remembered

        with collector_paused():  # a parse allocates much and leaves little: collected once, after it
            result = _parse_found(settings, found, registry)
        if remembered(result):
            cache.put(key, result)
    return result


def _parse_shared(settings: Settings, found_docs: list[dict], registry: Callable[[], Registry]) -> Iterator[dict]:
    """``_parse`` for each document, those not remembered parsed on several processes when
    there are enough of them; the cache written here, in order, as ``_parse`` writes it."""
    cache = ResultCache(settings.cache_dir / "parse")
    keys = [key_for(found) for found in found_docs]
    results = [cache.get(key) for key in keys]
    to_parse = [found for found, result in zip(found_docs, results) if result is None]
    shared = None
    if len(to_parse) >= parse_helpers.MIN_DOCUMENTS:
        parse_helpers.start_server()  # booting while the registry is read below
        try:
            rules = [reading_rules(registry(), from_dict(FoundDocument, found)) for found in to_parse]
        except Exception:  # noqa: BLE001 - the serial parse below meets it again and reports it as always
            rules = None
        if rules is not None:
            shared = parse_helpers.parse_shared(settings, to_parse, rules, settings.parse_workers)
    for found, key, result in zip(found_docs, keys, results):
        if result is None and shared is not None:
            from govwork.parsing import remembered  # loaded by now: this process parses its part too

            result = next(shared)
            if remembered(result):
                cache.put(key, result)
        yield result if result is not None else _parse(settings, found, registry)


def reading_rules(registry: Registry, found: FoundDocument) -> tuple[tuple[str, ...], str | None]:
    """(body selectors, encoding hint) of the registry source a document was found at: the
    source's own selectors, then where its CMS dialect keeps a body; nothing for a source
    the registry does not know (the inbox, a removed source)."""
    jurisdiction = registry.find(found.jurisdiction_code)
    for source in jurisdiction.sources if jurisdiction else ():
        if source.id == found.source_id:
            dialect = ARTICLE_DIALECTS.get(source.cms, ARTICLE_DIALECTS["html"])
            return tuple(source.article.body) + tuple(dialect.body), source.encoding
    return (), None


def _parse_found(settings: Settings, found: dict, registry: Callable[[], Registry]) -> dict:
    from govwork.parsing import parse_found_document  # the parsers (pdfplumber, the value readers …): not for remembered results

    return parse_found_document(settings, found, lambda doc: reading_rules(registry(), doc))


def parsed_store_results(settings: Settings) -> list[dict]:
    """One ``parsed`` ParseResult dict per document in the parsed store (what ``govwork load``
    and ``govwork validate`` take), oldest file first."""
    return [to_dict(r) for r in ParsedStore(settings.parsed_dir).results()]


# --- validate, load, views --------------------------------------------------------------


def _version_of(result: dict) -> tuple:
    return (result["doc_key"], result["text_sha256"], result.get("parser_version") or result["parsed_path"])


def _preferred(parse_results: list[dict]) -> dict[tuple, dict]:
    """Per document version (doc_key, text hash, parser version) among the parsed results,
    the one whose source ranks first: the file validation judges. The others are the same
    text from other sources; the loader takes the version's metadata from the same one."""
    best: dict[tuple, dict] = {}
    for r in parse_results:
        if r["status"] == "parsed":
            version = _version_of(r)
            if version not in best or source_rank(r) < source_rank(best[version]):
                best[version] = r
    return best


def validate(settings: Settings, parse_results: list[dict]) -> list[dict]:
    """Run the Great Expectations suites over the parsed documents, in one batch; one outcome
    per parsed result, in order. Results that are one document version (the same text from
    several sources) share the outcome of the version's first-ranked source, so which source
    came first in the batch never changes an outcome.

    A document's outcome depends only on its parsed content and the suites, so an outcome
    already computed for the same parsed file and the same ``expectations/`` is reused:
    an unchanged re-run starts no Great Expectations context at all."""
    _settle_imports()
    store = ParsedStore(settings.parsed_dir)
    cache = ResultCache(settings.cache_dir / "validate")
    suites = suites_fingerprint()
    preferred = _preferred(parse_results)
    keys: dict[tuple, str] = {}  # version -> cache key of its judged file
    todo: dict[str, tuple[str, bytes, tuple]] = {}  # cache key -> (parsed path, its bytes, file identity)
    outcomes: dict[str, dict] = {}
    for version, r in preferred.items():
        content, identity = store.read(r["parsed_path"])  # read once: hashed, and parsed if not remembered
        key = hashlib.sha256(content + suites.encode()).hexdigest()
        keys[version] = key
        remembered = cache.get(key)
        if remembered is None:
            todo[key] = (r["parsed_path"], content, identity)
        else:
            outcomes[key] = remembered
    docs = []
    freeze = len(todo) >= _FREEZE_DOCUMENTS
    if freeze:
        gc.collect(1)  # young garbage is not frozen with the documents below (cheap: not a full collection)
    # One collection after the batch is read, judged and its outcomes written (validate_documents
    # pauses it too): re-enabled between them, it walked everything just read, and again as
    # the outcomes' dictionaries were built (~0.1 s CPU of a 500-document batch).
    with collector_paused():
        for path, content, identity in todo.values():
            docs.append(store.get(path, content))
            _VALIDATED.offer(path, identity, docs[-1], len(content))  # the load stage takes it, unread
        if freeze:
            # The documents outlive the batch (the load takes them): the collection after it
            # walked them all (~40 ms CPU at 500 documents, and again as they aged). Acyclic,
            # they are still freed by reference counting when the load drops them.
            gc.freeze()
        fresh = validate_documents(docs, data_docs_dir=settings.reports_dir / "data_docs")
        for key, outcome in zip(todo, fresh):
            outcomes[key] = to_dict(outcome)
        cache.put_many([(key, outcomes[key]) for key in todo])
    return [outcomes[keys[_version_of(r)]] for r in parse_results if r["status"] == "parsed"]


def load_inputs(settings: Settings) -> LoadInputs:
    """What the loader writes besides the documents: the raw store's manifest rows the
    warehouse may not hold yet (``govwork.manifest_offers``), the registry's jurisdictions and
    expected documents, the taxonomy's indicators."""
    inputs = LoadInputs(manifest=manifest_to_offer(settings), indicators=indicator_rows(load_indicators()))
    try:
        registry = load_registry()
    except GovworkError as exc:
        inputs.notes.append(f"registry not loaded, jurisdictions seeded from documents only: {exc}")
    else:
        inputs.jurisdictions, inputs.expected = jurisdiction_rows(registry), expected_rows(registry)
    return inputs


def load(settings: Settings, parse_results: list[dict], outcomes: list[dict]) -> dict:
    """Load validated documents (one transaction each), quarantine critical failures,
    and record every parse failure with its reason."""
    _settle_imports()
    store = ParsedStore(settings.parsed_dir)
    documents: dict[str, ParsedDocument] = {}
    # Paused for the whole stage: documents and rows by the thousand, and a collection after
    # each document read walked every one read before it.
    with collector_paused():
        for r in parse_results:
            if r["status"] == "parsed" and r["parsed_path"] not in documents:
                documents[r["parsed_path"]] = _VALIDATED.take(r["parsed_path"]) or store.get(r["parsed_path"])
        engine = engine_for(settings.warehouse_url)
        return to_dict(load_batch(engine, parse_results, documents, outcomes, load_inputs(settings)))


def refresh_views(settings: Settings) -> dict:
    return refresh(engine_for(settings.warehouse_url))


# --- quarantine -------------------------------------------------------------------------


def release_quarantine(settings: Settings, *, doc_key: str | None = None) -> dict:
    """Re-validate held document versions (all, or one document's) from their parsed JSON
    (which a re-parse after a parser fix replaced) and load those that now pass; no
    re-crawl. Returns {released, still_held, missing, load: the load summary or None}."""
    engine = engine_for(settings.warehouse_url)
    store = ParsedStore(settings.parsed_dir)
    items = [r for r in held(engine, doc_key=doc_key) if r["origin"] == "validation"]
    missing = [r["doc_key"] for r in items if not store.has(r["parsed_path"])]
    items = [r for r in items if r["doc_key"] not in missing]
    results = [to_dict(ParseResult.parsed(store.get(r["parsed_path"]), r["parsed_path"])) for r in items]
    if not results:
        return {"released": [], "still_held": [], "missing": missing, "load": None}
    summary = load(settings, results, validate(settings, results))
    done = {(d["doc_key"], d["text_sha256"]) for d in summary["documents"]
            if d.get("action") in ("loaded", "released", "unchanged", "updated") and d.get("status") != "quarantined"}
    # A re-parse by a newer parser loads as a new version: the held one is handled too.
    released = [r for r in items if (r["doc_key"], r["text_sha256"]) in done]
    mark_released(engine, [r["id"] for r in released])
    return {"released": [r["doc_key"] for r in released],
            "still_held": [r["doc_key"] for r in items if (r["doc_key"], r["text_sha256"]) not in done],
            "missing": missing, "load": summary}
