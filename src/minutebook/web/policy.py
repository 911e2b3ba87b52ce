"""The HTTP policy of the site, as one ASGI middleware: read-only (GET and HEAD only; HEAD is
answered as GET without a body) except under the paths given as `writable` (the clerks' side,
whose routes check who is asking and their CSRF token), and the security headers every response
carries."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline scripts or styles anywhere, so the policy can stay strict; htmx is served from 'self'.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Swagger UI (the API docs page, from our static files) sets inline styles as it renders.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
READ_METHODS = {"GET", "HEAD"}


class PublicPolicy:
    def __init__(self, app: ASGIApp, docs_path: str = "/api/docs", writable: tuple[str, ...] = ()) -> None:
        self.app = app
        self.docs_path = docs_path
        self.writable = writable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        csp = DOCS_CONTENT_SECURITY_POLICY if scope["path"] == self.docs_path else CONTENT_SECURITY_POLICY
        headers = [*SECURITY_HEADERS, (b"content-security-policy", csp.encode())]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            elif message["type"] == "http.response.body" and method == "HEAD":
                message = {**message, "body": b""}
            await send(message)

        if method not in READ_METHODS and not scope["path"].startswith(self.writable):
            await _method_not_allowed(send_with_headers)
            return
        if method == "HEAD":
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send_with_headers)


async def _method_not_allowed(send: Send) -> None:
    body = json.dumps(
        {
            "error": {
                "status": 405,
                "code": "method_not_allowed",
                "message": "This site is read-only: use GET.",
            }
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 405,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"allow", b"GET, HEAD"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
