"""HTTP plumbing: a ThreadingHTTPServer routing Bot API calls, file downloads and control actions.

Runs in a background thread; each request gets its own thread so long polls and injected timeouts
never hold up other calls.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from emulator.errors import FILE_NOT_FOUND, UNAUTHORIZED, ApiError
from emulator.params import parse_request

if TYPE_CHECKING:
    from emulator.core import BotAPIEmulator

DROP = None  # handler outcome meaning: close the connection without answering (injected timeout)
Outcome = tuple[int, dict[str, Any] | list[Any]] | None


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: BotAPIEmulator) -> None:
        self.emulator = emulator
        super().__init__(address, RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (cancelled long polls, injected timeouts) are normal here, not errors."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class RequestHandler(BaseHTTPRequestHandler):
    """One HTTP request: ``/bot<token>/<method>``, ``/file/bot<token>/<path>`` or ``/_emulator/<action>``."""

    protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx pool expects
    # one buffered write per response and no Nagle: avoids 40 ms delayed-ACK stalls per request
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    server: EmulatorHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.emulator.log_requests:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _route(self) -> None:
        emulator = self.server.emulator
        try:
            body = self._read_body()
            split = urlsplit(self.path)
            path = unquote(split.path)
            if path.startswith("/file/bot"):
                token, _, file_path = path[len("/file/bot") :].partition("/")
                self._send_file(token, file_path)
                return
            if path.startswith("/bot"):
                token, _, method = path[len("/bot") :].partition("/")
                if token != emulator.token:
                    self._send_json(UNAUTHORIZED.code, UNAUTHORIZED.to_json())
                    return
                try:
                    params = parse_request(self.headers.get("Content-Type"), body, split.query)
                except ApiError as error:
                    self._send_json(error.code, error.to_json())
                    return
                outcome = emulator.handle_api(method.strip("/"), params)
            elif path.startswith("/_emulator/"):
                outcome = emulator.control_http.handle(
                    path[len("/_emulator/") :].strip("/"), body, split.query, self.command
                )
            else:
                outcome = (404, {"ok": False, "error_code": 404, "description": "Not Found"})
        except Exception:  # a bug in the emulator must not kill the server thread silently
            traceback.print_exc(file=sys.stderr)
            outcome = (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
        if outcome is DROP:
            self.close_connection = True
            return
        self._send_json(*outcome)

    def _send_file(self, token: str, file_path: str) -> None:
        emulator = self.server.emulator
        if token != emulator.token:
            self._send_json(UNAUTHORIZED.code, UNAUTHORIZED.to_json())
            return
        stored = emulator.file_for_path(file_path)
        if stored is None:
            self._send_json(FILE_NOT_FOUND.code, FILE_NOT_FOUND.to_json())
            return
        data, mime = stored
        self.send_response(200)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_json(self, status: int, body: dict[str, Any] | list[Any]) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. a cancelled long poll)


class ServerThread:
    """Owns the server and the thread running ``serve_forever``."""

    def __init__(self, emulator: BotAPIEmulator, host: str, port: int) -> None:
        self.httpd = EmulatorHTTPServer((host, port), emulator)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="bot-api-emulator", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
