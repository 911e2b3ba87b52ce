"""extract: facts inside items — decisions, actions, appointments, references, declarations,
attendance, people. Each extractor is a small pure function over text, tested alone;
`enrich` runs them all over a parsed record."""

from __future__ import annotations

from minutebook.extract.facts import enrich

__all__ = ["enrich"]
