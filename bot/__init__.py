"""decode-bot: explains AWS encoded authorization failure messages in Slack and in the terminal."""

__version__ = "0.1.0"
