"""cli: the `minutebook` command. Thin: each subcommand parses options, calls the library and
formats the answer. One module per command group; each registers itself on `app` when imported,
and `app` imports a module only when one of its commands is asked for (`cli.app.COMMANDS`), so the
command starts fast."""

from __future__ import annotations

from minutebook.cli.app import app

__all__ = ["app"]
