"""cli: the `minutebook` command. Thin: each subcommand parses options, calls the library and
formats the answer. One module per command group; each registers itself on `app`."""

from __future__ import annotations

from minutebook.cli import accounts as _accounts  # noqa: F401  (registers commands)
from minutebook.cli import alerts as _alerts  # noqa: F401  (registers commands)
from minutebook.cli import db as _db  # noqa: F401  (registers commands)
from minutebook.cli import demo as _demo  # noqa: F401  (registers commands)
from minutebook.cli import embed as _embed  # noqa: F401  (registers commands)
from minutebook.cli import export as _export  # noqa: F401  (registers commands)
from minutebook.cli import harvest as _harvest  # noqa: F401  (registers commands)
from minutebook.cli import ingest as _ingest  # noqa: F401  (registers commands)
from minutebook.cli import parse as _parse  # noqa: F401  (registers commands)
from minutebook.cli import registers as _registers  # noqa: F401  (registers commands)
from minutebook.cli import sample as _sample  # noqa: F401  (registers commands)
from minutebook.cli import search as _search  # noqa: F401  (registers commands)
from minutebook.cli import serve as _serve  # noqa: F401  (registers commands)
from minutebook.cli.app import app

__all__ = ["app"]
