"""Renderers: pure functions from findings to what a person or a program reads."""
