"""The Slack door: a Bolt app whose listeners hand pasted text to the shared pipeline."""
