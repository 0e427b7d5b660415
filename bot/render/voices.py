"""How each output writes prose and values, so that nothing pasted or decoded can act as markup.

Slack's mrkdwn turns `<!here>`, `<@U…>` and `<url|label>` into live mentions and links, and pairs `*`, `_`,
`~` into formatting, unless `&`, `<`, `>` are escaped and values sit inside inline code; bidirectional overrides
and zero-width characters can make a value read as something else. Every value the bot did not write itself
goes through one of these.
"""

from __future__ import annotations

import re

from bot.i18n import PLAIN, Voice

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# A backtick inside a value would end its inline code: the modifier letter grave accent looks the same.
_BACKTICK = "\u02cb"


def clean(value: str) -> str:
    return _INVISIBLE.sub("", value)


def mrkdwn_escape(value: str) -> str:
    return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn_code(value: str) -> str:
    return f"`{mrkdwn_escape(value).replace('`', _BACKTICK)}`" if value else ""


def mrkdwn_block(content: str) -> str:
    """The inside of a ``` block: escaped, and never closing it early."""
    return mrkdwn_escape(content).replace("```", _BACKTICK * 3)


def markdown_code(value: str) -> str:
    return f"`{clean(value).replace('`', _BACKTICK)}`" if value else ""


def markdown_block(content: str) -> str:
    return clean(content).replace("```", _BACKTICK * 3)


SLACK = Voice(mrkdwn_escape, mrkdwn_code, mrkdwn_block, lambda url, label: f"<{mrkdwn_escape(url)}|{label}>")
MARKDOWN = Voice(clean, markdown_code, markdown_block, lambda url, label: f"[{label}]({clean(url)})")
TEXT = Voice(clean, clean, clean, lambda url, label: f"{label} {clean(url)}")
# The `text` of a Slack message, which push notifications show as it is: no inline code or links, yet escaped, since
# Slack still turns <!here> there into a mention.
NOTIFICATION = Voice(mrkdwn_escape, mrkdwn_escape, mrkdwn_escape, lambda url, label: label)

__all__ = ["MARKDOWN", "NOTIFICATION", "PLAIN", "SLACK", "TEXT", "clean", "mrkdwn_block", "mrkdwn_code",
           "mrkdwn_escape"]
