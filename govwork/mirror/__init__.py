"""The bundled snapshot mirror of the portals (``mirror/``) and its HTTP server."""

from govwork.mirror.server import MirrorServer, RequestRecord, serve

__all__ = ["MirrorServer", "RequestRecord", "serve"]
