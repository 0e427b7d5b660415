"""One parser per input kind: each turns what was found (and what AWS returned for it) into failures."""
