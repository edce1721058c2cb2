"""Great Expectations' Data Docs for a batch: its validation pages and the index, each suite's
page only when it is missing or was rendered from other suites; page views with their Jinja
templates compiled once per machine instead of once per page builder.

GX makes a new Jinja environment for every page builder of every ``build_data_docs``, so
each batch compiled the same ~50 templates again (half the rendering time). These views
are GX's own, with Jinja's file bytecode cache (a per-user directory under the system temp
dir, keyed by template name and source checksum, so a GX upgrade is never served a stale
template); the pages they render are the same. ``validate._context`` names them in the
site's configuration, GX's documented way to choose a site's views.

A suite's page shows the suite, nothing of a batch (two batches' pages differ only in the
logo's cache-busting time), yet every batch rendered it again: ~37 ms CPU of a 5-document
batch's ~140 ms of Data Docs. ``build_site`` asks GX for an incremental build (its
``resource_identifiers``) of the batch's validation results and of the suite pages the site's
record (``SUITE_PAGES``: suite -> what rendered it) does not show as rendered from the same
``expectations/`` files and GX release.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import great_expectations as gx
from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier
from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import FileSystemBytecodeCache


@functools.cache
def _bytecode_cache() -> FileSystemBytecodeCache:
    return FileSystemBytecodeCache()


class CachedPageView(DefaultJinjaPageView):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = _bytecode_cache()


class CachedIndexPageView(DefaultJinjaIndexPageView):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = _bytecode_cache()


def site_views() -> dict:
    """The parts of a ``SiteBuilder`` configuration that choose these views."""
    page = {"module_name": __name__, "class_name": CachedPageView.__name__}
    index = {"module_name": __name__, "class_name": CachedIndexPageView.__name__}
    return {
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "view": index},
        "site_section_builders": {name: {"view": page} for name in ("expectations", "validations", "profiling")},
    }


SUITE_PAGES = ".govwork-suite-pages.json"  # in the site's directory: suite name -> what rendered its page


def build_site(ctx, site_dir: Path, suite_names: list[str], suites_fingerprint: str) -> None:
    """Render the batch's validation pages and the index, and the pages of the batch's suites
    that are missing or were rendered from other suites or another GX release."""
    rendered_by = f"{suites_fingerprint}|{gx.__version__}"
    record = site_dir / SUITE_PAGES
    try:
        rendered = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        rendered = {}
    stale = [name for name in suite_names
             if rendered.get(name) != rendered_by or not (site_dir / "expectations" / f"{name}.html").exists()]
    # Every key of the results store is this batch's: the context lives for one batch.
    wanted = [*ctx.validation_results_store.list_keys(), *(ExpectationSuiteIdentifier(name=n) for n in stale)]
    ctx.build_data_docs(resource_identifiers=wanted)
    if stale:
        rendered.update((name, rendered_by) for name in stale)
        tmp = record.with_name(f"{record.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rendered, sort_keys=True), encoding="utf-8")
        os.replace(tmp, record)
