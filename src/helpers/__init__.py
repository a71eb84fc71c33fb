"""Vigie helpers."""
