"""A clerk's word on which names are one council (`minutebook councils alias`, the desk's Councils
form). The names and the re-keying of stored meetings are the store's (`store.aliases`); here each
declaration runs under the writer's lock in one transaction with its audit entry, and the
registers are linked again after, as the meetings it moved have new ids."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Engine

from minutebook.accounts import audit
from minutebook.registers.refresh import refresh
from minutebook.store.aliases import Moved, declare_in, undeclare_in
from minutebook.store.lock import writer_lock


def declare(engine: Engine, alias: str, council: str, actor: str = "cli") -> Moved:
    """Make the name `alias` stand for `council` (a name or key); its meetings move there."""
    with writer_lock(engine), engine.begin() as connection:
        moved, target = declare_in(connection, alias, council)
        audit.record(connection, actor, "council.alias", alias, None, {"council": target, **asdict(moved)})
    _relink(engine)
    return moved


def undeclare(engine: Engine, alias: str, actor: str = "cli") -> Moved:
    """Undo a clerk's declaration of `alias`: its meetings move back to a council of their own."""
    with writer_lock(engine), engine.begin() as connection:
        moved, left = undeclare_in(connection, alias)
        audit.record(connection, actor, "council.unalias", alias, {"council": left}, asdict(moved))
    _relink(engine)
    return moved


def _relink(engine: Engine) -> None:
    with writer_lock(engine):
        refresh(engine)
