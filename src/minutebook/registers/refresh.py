"""Recompute every cross-meeting result from the per-meeting rows, in one transaction.

Each step replaces its own table whole, so the outcome depends only on what is stored (and
the clerks' overrides), never on the order meetings arrived in. Run after an ingest batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine


@dataclass(frozen=True)
class RefreshReport:
    pass


def refresh(engine: Engine) -> RefreshReport:
    """Resolve people, references and action follow-ups across every stored meeting."""
    return RefreshReport()
