"""Great Expectations' Data Docs page views with their Jinja templates compiled once per
machine instead of once per page builder.

GX makes a new Jinja environment for every page builder of every ``build_data_docs``, so
each batch compiled the same ~50 templates again (half the rendering time). These views
are GX's own, with Jinja's file bytecode cache (a per-user directory under the system temp
dir, keyed by template name and source checksum, so a GX upgrade is never served a stale
template); the pages they render are the same. ``validate._context`` names them in the
site's configuration, GX's documented way to choose a site's views.
"""

from __future__ import annotations

import functools

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
