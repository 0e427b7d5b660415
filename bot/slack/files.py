"""Text snippets: long pastes that Slack turned into a file. Read with files:read and the bot token."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse

log = logging.getLogger(__name__)

_TEXT_FILETYPES = frozenset({"text", "txt", "log", "json", "javascript", "python", "shell", "yaml", "xml", "markdown",
                             "post", "csv", "go", "java", "terraform", "hcl", "diff", "plain"})


def is_text_file(file: dict[str, Any]) -> bool:
    mimetype = str(file.get("mimetype") or "")
    return mimetype.startswith("text/") or mimetype == "application/json" or file.get("filetype") in _TEXT_FILETYPES


def snippet_texts(
    files: tuple[dict[str, Any], ...], bot_token: str, allowed_hosts: frozenset[str], max_bytes: int
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
        if not isinstance(url, str) or urlparse(url).hostname not in allowed_hosts:
            continue  # never send the bot token anywhere but Slack
        content = _download(url, bot_token, max_bytes)
        if content is None:
            too_large.append(name)
        elif content:
            texts.append(content)
    return texts, too_large


def _download(url: str, bot_token: str, max_bytes: int) -> str | None:
    """The file's text; "" when it cannot be read, None when it is larger than max_bytes."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {bot_token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            data: bytes = response.read(max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.warning("could not read a snippet: %s", type(exc).__name__)
        return ""
    if len(data) > max_bytes:
        return None
    return data.decode("utf-8", errors="replace")
