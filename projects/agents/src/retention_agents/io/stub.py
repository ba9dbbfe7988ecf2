"""A stand-in HTTP service for fault drills: answers each path as it is told (status, body,
delay, failures before it recovers) and counts the requests, so a drill can prove that retries
are bounded. Binds 127.0.0.1 on a free port."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-able, or a str sent as it is (to send something that is not JSON)
    delay_s: float = 0.0
    #: Answer 503 to this many requests first, then `status`/`body`.
    fail_first: int = 0


class StubService:
    def __init__(self, replies: dict[str, Reply]) -> None:
        self.replies = replies
        self.requests: dict[str, int] = {}
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                return

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with stub._lock:
                    seen = stub.requests[self.path] = stub.requests.get(self.path, 0) + 1
                reply = stub.replies.get(self.path, Reply(404, {"detail": "no such path"}))
                time.sleep(reply.delay_s)
                status, body = (
                    (503, {"detail": "warming up"}) if seen <= reply.fail_first else
                    (reply.status, reply.body)
                )  # fmt: skip
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out first
                    return

            do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> StubService:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
