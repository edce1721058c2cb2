"""The bundled snapshot mirror of the portals (``mirror/``) and its HTTP server."""

__all__ = ["MirrorServer", "RequestRecord", "serve"]


def __getattr__(name: str):
    if name in __all__:
        # the server (jinja2, yaml, http.server) on first use: importing govwork.mirror.paths stays cheap
        from govwork.mirror import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
