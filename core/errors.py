"""Errors a person can act on. Each message says what happened and what to do next."""

from __future__ import annotations


class HooklineError(Exception):
    """Base for errors shown to users as a message (never a traceback)."""

    exit_code = 2


class SetupError(HooklineError):
    """A component is missing or broken; re-running set-up usually fixes it."""


class ModelUnavailableError(HooklineError):
    """The chat model cannot be reached or failed to start."""


class ModelTimeoutError(ModelUnavailableError):
    """The chat model did not answer in time."""


class StructuredOutputError(HooklineError):
    """The model's reply did not match the required schema, even after one repair attempt."""

    def __init__(self, message: str, *, raw: str = "") -> None:
        super().__init__(message)
        self.raw = raw


class InputError(HooklineError):
    """Bad user input: a file, a name, an argument."""


class NotFoundError(HooklineError):
    """Something the user named does not exist."""
