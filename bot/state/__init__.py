"""Shared state: the Store protocol, its backends, and the bounded caches."""
