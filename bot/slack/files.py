"""Text snippets: long pastes that Slack turned into a file. Read with files:read and the bot token.

The bot token goes to Slack's file host (and the configured Web API origin, for GovSlack or a test fake) and
nowhere else: only those exact origins (scheme, host and port), a redirect only within the same origin,
size and type checked before reading, and one deadline for the whole download.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

SLACK_FILES_ORIGIN = ("https", "files.slack.com", 443)
DOWNLOAD_SECONDS = 10.0
_CHUNK = 64 * 1024
_TEXT_FILETYPES = frozenset({"text", "txt", "log", "json", "javascript", "python", "shell", "yaml", "xml", "markdown",
                             "post", "csv", "go", "java", "terraform", "hcl", "diff", "plain"})
_TEXT_CONTENT_TYPES = ("text/", "application/json", "application/octet-stream")

Origin = tuple[str, str, int]


def origin(url: str) -> Origin | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.scheme, parts.hostname.lower(), port


def is_text_file(file: dict[str, Any]) -> bool:
    mimetype = str(file.get("mimetype") or "")
    return mimetype.startswith("text/") or mimetype == "application/json" or file.get("filetype") in _TEXT_FILETYPES


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same origin: the Authorization header must never leave it."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        if origin(newurl) != origin(req.full_url):
            raise urllib.error.HTTPError(req.full_url, code, "redirect to another origin refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameOriginRedirects)


def snippet_texts(
    files: tuple[dict[str, Any], ...], bot_token: str, allowed: frozenset[Origin], max_bytes: int
) -> tuple[list[str], list[str]]:
    """(contents of the text files among `files`, names of those skipped for being over max_bytes)."""
    texts: list[str] = []
    too_large: list[str] = []
    for file in files:
        if not is_text_file(file):
            continue
        name = str(file.get("name") or file.get("id") or "?")
        size = file.get("size")
        if isinstance(size, int) and size > max_bytes:
            too_large.append(name)
            continue
        url = file.get("url_private_download") or file.get("url_private")
        if not isinstance(url, str) or origin(url) not in allowed:
            log.warning("a snippet's URL is not on Slack's file host; not sent the bot token")
            continue
        content = _download(url, bot_token, max_bytes)
        if content is None:
            too_large.append(name)
        elif content:
            texts.append(content)
    return texts, too_large


def _socket_deadline(response: Any, seconds: float) -> None:
    """The socket's timeout, so that one read never outlasts the download's deadline (urllib's own timeout is per
    read, and a read waits for its whole chunk)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(0.01, seconds))


def _download(url: str, bot_token: str, max_bytes: int) -> str | None:
    """The file's text; "" when it cannot be read in time, None when it is larger than max_bytes."""
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {bot_token}"})
    try:
        with _OPENER.open(request, timeout=DOWNLOAD_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                return None
            kind = str(response.headers.get("Content-Type") or "text/plain").lower()
            if not kind.startswith(_TEXT_CONTENT_TYPES):
                log.warning("a snippet came back as %s, not text; skipped", kind.split(";", 1)[0])
                return ""
            data = b""
            while len(data) <= max_bytes:
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("a snippet took longer than %gs to download; skipped", DOWNLOAD_SECONDS)
                    return ""
                _socket_deadline(response, left)  # a server trickling bytes must not hold the read past it
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                data += chunk
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.warning("could not read a snippet: %s", type(exc).__name__)
        return ""
    if len(data) > max_bytes:
        return None
    return data.decode("utf-8", errors="replace")
