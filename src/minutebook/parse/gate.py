"""Cheap word checks before costly patterns: most paragraphs hold none of the words a pattern needs.

A case-insensitive pattern with alternatives and look-arounds tries every position of a paragraph,
tens of microseconds each time; asking whether the paragraph holds a word takes well under one. A
`Gated` pattern runs only over text that holds one of its words, so it finds exactly what the
pattern alone would find, far sooner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


def fold(text: str) -> str:
    """`text` in lower case as re.IGNORECASE compares it, for `Gated.search(text, folded)`."""
    folded = text.casefold()
    # re.IGNORECASE lets "ı" and "İ" match "i"; casefold() does not ("İ" becomes "i" and a combining
    # dot). str.replace, not str.translate: translating by a table is a hundred times slower.
    return folded if folded.isascii() else folded.replace("ı", "i").replace("\u0307", "")


@dataclass(frozen=True)
class Gated:
    pattern: re.Pattern[str]
    words: tuple[str, ...]  # every match of `pattern` holds one of these (in lower case if `folded`)
    folded: bool = True  # compare the words with `fold(text)`; False: with the text as it is

    def _may_match(self, text: str, folded: str | None) -> bool:
        haystack = (fold(text) if folded is None else folded) if self.folded else text
        return any(word in haystack for word in self.words)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        return self.pattern.search(text) if self._may_match(text, folded) else None

    def finditer(self, text: str, folded: str | None = None) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self._may_match(text, folded) else iter(())

    def sub(self, replacement: str, text: str) -> str:
        return self.pattern.sub(replacement, text) if self._may_match(text, None) else text
