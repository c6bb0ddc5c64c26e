"""Keeps the chat page free of CDN requests, so it works with no internet.

Chainlit's index.html links Google Fonts (removed by `public/theme.json`, see
../shared/ENVIRONMENT.md) and a KaTeX stylesheet on a CDN that stays in the page even
with LaTeX off. `OfflinePage` is a small ASGI middleware that drops such links from
every HTML page the server sends.
"""

from __future__ import annotations

import gzip
import re
from typing import Any

_CDN_LINK = re.compile(
    r"\s*<link\b[^>]*href=\"https://(?:cdn\.jsdelivr\.net|fonts\.googleapis\.com|fonts\.gstatic\.com)[^\"]*\"[^>]*/?>",
    re.IGNORECASE,
)


def strip_cdn_links(html: str) -> str:
    """The page without <link> tags to a CDN or Google Fonts (stylesheets and preconnects)."""
    return _CDN_LINK.sub("", html)


class OfflinePage:
    """ASGI middleware: HTML responses pass through `strip_cdn_links`; everything else untouched."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def rewrite(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message  # held back until the body is complete
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                zipped = dict(start.get("headers", [])).get(b"content-encoding", b"") == b"gzip"
                page = strip_cdn_links((gzip.decompress(body) if zipped else body).decode("utf-8")).encode("utf-8")
                body = gzip.compress(page) if zipped else page
                headers = [(key, value) for key, value in start.get("headers", []) if key.lower() != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
