"""The source registry: jurisdictions (GB/T 2260 code, name, level, parent) and the
sources their documents come from, kept as data (one YAML file per jurisdiction under
``jurisdictions/``). Adding a jurisdiction is adding a file, not changing code."""

from core.registry.loader import DEFAULT_DIR, load_registry
from core.registry.model import (
    ArticleRules,
    CandidateRule,
    Jurisdiction,
    Listing,
    Pagination,
    Politeness,
    Registry,
    Source,
)

__all__ = [
    "DEFAULT_DIR",
    "ArticleRules",
    "CandidateRule",
    "Jurisdiction",
    "Listing",
    "Pagination",
    "Politeness",
    "Registry",
    "Source",
    "load_registry",
]
