"""A real SMTP server (aiosmtpd) and a stub of GOV.UK Notify's HTTP API, both on 127.0.0.1,
recording what arrives."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.support.servers import free_port

# A Notify API key is "<name>-<service id>-<secret>"; the JWT is signed with the secret.
NOTIFY_SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
NOTIFY_SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
NOTIFY_API_KEY = f"test_key-{NOTIFY_SERVICE_ID}-{NOTIFY_SECRET}"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope) -> str:
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _accepting(username: str, password: str):
    def authenticate(_server, _session, _envelope, _mechanism, auth_data) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode())
        return AuthResult(success=given == (username, password))

    return authenticate


class SmtpServer:
    """`with SmtpServer() as smtp:` then `smtp.url` to send to, `smtp.messages` to read."""

    def __init__(self, *, login: tuple[str, str] | None = None) -> None:
        self._inbox = _Inbox()
        self.port = free_port()
        # Without TLS, to keep the test server simple; SmtpSender logs in only when asked.
        auth = ({"authenticator": _accepting(*login), "auth_require_tls": False,
                 "auth_required": True} if login else {})
        self._controller = Controller(self._inbox, hostname="127.0.0.1", port=self.port,
                                      **auth)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Message]:
        return list(self._inbox.messages)

    def message_ids(self) -> list[str]:
        return [message["Message-ID"].strip("<>").split("@")[0] for message in self.messages]


@dataclass
class NotifyStub:
    """POST /v2/notifications/{email,sms} with a valid JWT: recorded and answered 201."""

    received: list[dict] = field(default_factory=list)
    refuse_with: int | None = None  # answer every POST with this status instead
    _server: ThreadingHTTPServer | None = None

    def __enter__(self) -> NotifyStub:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _notify_handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"


def _notify_handler(stub: NotifyStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            channel = self.path.removeprefix("/v2/notifications/")
            if channel not in ("email", "sms"):
                return self._answer(404, {"errors": [{"error": "NotFound"}]})
            if not _authorised(self.headers.get("Authorization", "")):
                return self._answer(403, {"errors": [{"error": "AuthError"}]})
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if stub.refuse_with is not None:
                return self._answer(stub.refuse_with, {"errors": [{"error": "BadRequest"}]})
            stub.received.append({"channel": channel, **body})
            return self._answer(201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a",
                                      "reference": body.get("reference")})

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args) -> None:  # quiet
            pass

    return Handler


def _authorised(header: str) -> bool:
    token = header.removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, NOTIFY_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return False
    return claims.get("iss") == NOTIFY_SERVICE_ID and "iat" in claims
