"""Text snippets: long pastes that Slack turned into a file. Read with files:read and the bot token."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse

log = logging.getLogger(__name__)

MAX_SNIPPET_BYTES = 1_000_000
_TEXT_FILETYPES = frozenset({"text", "txt", "log", "json", "javascript", "python", "shell", "yaml", "xml", "markdown",
                             "post", "csv", "go", "java", "terraform", "hcl", "diff", "plain"})


def is_text_file(file: dict[str, Any]) -> bool:
    mimetype = str(file.get("mimetype") or "")
    return mimetype.startswith("text/") or mimetype == "application/json" or file.get("filetype") in _TEXT_FILETYPES


def snippet_texts(files: tuple[dict[str, Any], ...], bot_token: str, allowed_hosts: frozenset[str]) -> list[str]:
    """The contents of the text files among `files`, each at most MAX_SNIPPET_BYTES; others are skipped."""
    texts = []
    for file in files:
        if not is_text_file(file):
            continue
        size = file.get("size")
        if isinstance(size, int) and size > MAX_SNIPPET_BYTES:
            log.info("snippet %s skipped: %d bytes", file.get("id"), size)
            continue
        url = file.get("url_private_download") or file.get("url_private")
        if not isinstance(url, str) or urlparse(url).hostname not in allowed_hosts:
            continue  # never send the bot token anywhere but Slack
        content = _download(url, bot_token)
        if content is not None:
            texts.append(content)
    return texts


def _download(url: str, bot_token: str) -> str | None:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {bot_token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            data: bytes = response.read(MAX_SNIPPET_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.warning("could not read a snippet: %s", type(exc).__name__)
        return None
    if len(data) > MAX_SNIPPET_BYTES:
        return None
    return data.decode("utf-8", errors="replace")
