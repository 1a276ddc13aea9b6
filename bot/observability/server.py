"""Serve one bot's metrics at /metrics over HTTP, in a thread of prometheus-client."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, start_http_server


@dataclass(slots=True)
class MetricsServer:
    """A running /metrics endpoint; `port` is the one bound (useful when 0 was asked)."""

    httpd: WSGIServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return int(self.httpd.server_port)

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve_metrics(registry: CollectorRegistry, *, host: str, port: int) -> MetricsServer:
    """Start serving `registry` on host:port (0 picks a free port)."""
    httpd, thread = start_http_server(port, addr=host, registry=registry)
    return MetricsServer(httpd, thread)
