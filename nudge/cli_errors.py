"""The two ways a `nudge` command says it could not do what was asked (see `nudge.cli.main`)."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user: shown as is, exit code 2."""


class Failure(Exception):
    """Could not be done right now: shown as is, exit code 1."""
