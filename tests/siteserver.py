"""A static web server for a built site, as the hospital's nginx serves it (docs/site.md):

- under a path prefix (`/planpress/`, as site.base_url says), or at the root;
- a file's precompressed copy `<file>.gz` when the browser accepts gzip (nginx `gzip_static on`),
  with the original's type and `Content-Encoding: gzip`;
- the site's 404.html, with status 404, for any path that is not a file, inside the prefix or
  not (nginx `error_page 404 /planpress/404.html`);
- every response's bytes (status line, headers and body) counted per path, for measuring what a
  browser transfers.

Standard library only: the tests and bench/ both use it.
"""

from __future__ import annotations

import contextlib
import http.server
import mimetypes
import os
import posixpath
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
         ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".pdf": "application/pdf",
         ".map": "application/json"}


CHUNK = 16384


class Traffic:
    """Bytes sent, in order: [(path, bytes)], a request's headers and each piece of its body;
    `requests` the paths requested."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []
        self.requests: list[str] = []

    def add(self, path: str, count: int, request: bool = False) -> None:
        with self.lock:
            self.sent.append((path, count))
            if request:
                self.requests.append(path)

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.sent[mark:])


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and nginx use it
    folder: Path
    prefix: str
    traffic: Traffic

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_HEAD(self):  # noqa: N802 - the base class's name
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        file = self._file(path)
        status = 200
        if file is None:
            status, file = 404, self.folder / "404.html"
        headers = {"Content-Type": TYPES.get(file.suffix, mimetypes.guess_type(file.name)[0] or "application/octet-stream")}
        compressed = file.with_name(file.name + ".gz")
        if "gzip" in self.headers.get("Accept-Encoding", "") and compressed.is_file():
            file = compressed
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        data = file.read_bytes() if file.is_file() else b"404"
        headers["Content-Length"] = str(len(data))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.traffic.add(path, len(self._headers_sent), request=True)
        if body:  # counted as it goes out: a large file on a slow client takes a while
            for start in range(0, len(data), CHUNK):
                self.wfile.write(data[start:start + CHUNK])
                self.traffic.add(path, len(data[start:start + CHUNK]))

    def end_headers(self):
        # What the status line and headers take on the wire (before they are flushed and cleared).
        self._headers_sent = b"".join(self._headers_buffer) + b"\r\n"
        super().end_headers()

    def _file(self, path: str) -> Path | None:
        if not path.startswith(self.prefix):
            return None
        relative = posixpath.normpath(path[len(self.prefix):]).lstrip("/")
        if relative in ("", "."):
            relative = ""
        if relative.startswith(".."):
            return None
        target = self.folder / relative
        if path.endswith("/") or target.is_dir():
            if not path.endswith("/"):
                return None  # nginx would redirect; the site links directories with their slash
            target = target / "index.html"
        return target if target.is_file() and os.path.realpath(target).startswith(os.path.realpath(self.folder)) else None


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a browser closing a connection
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[tuple[str, Traffic]]:
    """Serve `folder` under `prefix` on 127.0.0.1 at a free port; yields (site URL, traffic)."""
    traffic = Traffic()
    handler = type("Handler", (_Handler,), {"folder": Path(folder), "prefix": prefix, "traffic": traffic})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}", traffic
    finally:
        server.shutdown()
        server.server_close()
