"""cli: the `minutebook` command. Thin: each subcommand parses options, calls the library and
formats the answer. One module per command group; each registers itself on `app`."""

from __future__ import annotations

from minutebook.cli.app import app
from minutebook.cli import parse as _parse  # noqa: F401  (registers commands)

__all__ = ["app"]
