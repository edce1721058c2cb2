"""Typed errors. Every failure a user or a document can cause is one of these, so the
CLI can print a readable message and the pipeline can record a reason instead of a
traceback."""


class GovworkError(Exception):
    """Base of every expected failure; ``reason`` is a short machine-readable code."""

    reason = "error"

    def __init__(self, message: str, *, reason: str | None = None):
        super().__init__(message)
        if reason:
            self.reason = reason


class ConfigError(GovworkError):
    reason = "config"


class UsageError(GovworkError):
    """A mistake in how a command was called: an unknown jurisdiction, a bad option value.
    ``exit_code`` 2 is the README's "usage mistake" (the CLI reads it)."""

    reason = "usage"
    exit_code = 2


class SettingsError(ConfigError):
    """An environment variable with a bad value; the message has one line per mistake.
    A usage mistake (exit code 2), not unreadable input."""

    reason = "settings"
    exit_code = 2


class RegistryError(GovworkError):
    reason = "registry"


class ParserMissingError(ConfigError):
    """A parser the parser list names cannot be imported: a broken installation, not a bad
    document, so it stops the run instead of failing every document one by one."""

    reason = "parser_missing"


class FetchError(GovworkError):
    """A URL could not be fetched (after retries where retrying makes sense)."""

    reason = "fetch_failed"


class ParseError(GovworkError):
    """A document could not be read into records. Deterministic: retrying will not help."""

    reason = "parse_failed"


class UnreadableInputError(ParseError):
    """Bytes that are not a document we can read (binary junk, empty, wrong type)."""

    reason = "unreadable"


class LoadError(GovworkError):
    reason = "load_failed"
