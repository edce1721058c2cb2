"""The bundled snapshot mirror of the portals (``mirror/``) and its HTTP server."""

from govwork.mirror.faults import FAULT_HOST
from govwork.mirror.server import MirrorServer, RequestRecord, serve

__all__ = ["FAULT_HOST", "MirrorServer", "RequestRecord", "serve"]
