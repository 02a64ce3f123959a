"""Helpers for scripts/make-example.py (the bundled example manifest)."""
