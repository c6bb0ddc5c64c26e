"""Hookline: a creative research assistant with brand memory."""

__version__ = "0.1.0"
