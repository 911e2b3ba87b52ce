"""Office packages: what every zip-based document format needs before its XML is read — a bounded,
safe look inside the zip.

A .docx or .odt is a zip of XML parts. A hostile one can be a zip bomb (a small file that inflates
to gigabytes), hold thousands of members, or point at external files; Word files can carry macros
and embedded objects. `Package` opens the zip, refuses what is over the limits with one line, and
reads a member only up to its share of the budget, counting the bytes it really inflates (a zip's
own stated sizes can lie). XML is parsed with defusedxml: no entities, no external references.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree

from minutebook.errors import ReadError
from minutebook.read.document import Line

MAX_MEMBERS = 2000  # a long Word document with images has a few hundred
MAX_INFLATED = 200 * 1024 * 1024  # bytes inflated from one package in all
LIMIT_MB = MAX_INFLATED >> 20
CHUNK = 1024 * 1024


@dataclass
class Package:
    """An open office package, with the budget of bytes it may still inflate."""

    name: str
    zip: zipfile.ZipFile
    budget: int = MAX_INFLATED

    @classmethod
    def open(cls, data: bytes, name: str) -> Package:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as error:
            raise ReadError(name, f"not a readable office package ({error})") from None
        if len(members) > MAX_MEMBERS:
            raise ReadError(name, f"office package has {len(members)} parts, over the limit of {MAX_MEMBERS}")
        stated = sum(m.file_size for m in members)
        if stated > MAX_INFLATED:
            raise ReadError(
                name,
                f"office package inflates to {stated / 2**20:.0f} MB, over the {MAX_INFLATED >> 20} MB limit",
            )
        return cls(name, archive)

    def has(self, member: str) -> bool:
        return member in self.zip.namelist()

    def names(self) -> list[str]:
        return self.zip.namelist()

    def read(self, member: str) -> bytes:
        """A member's bytes, inflated a piece at a time against the package's budget."""
        out = bytearray()
        try:
            with self.zip.open(member) as stream:
                while piece := stream.read(CHUNK):
                    out += piece
                    if len(out) > self.budget:
                        raise ReadError(
                            self.name,
                            f"office package inflates past the {MAX_INFLATED >> 20} MB limit ({member})",
                        )
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as error:
            raise ReadError(self.name, f"office package part {member} is damaged ({error})") from None
        self.budget -= len(out)
        return bytes(out)

    def xml(self, member: str) -> Element | None:
        """A member parsed as XML (None if the package has no such member)."""
        if not self.has(member):
            return None
        try:
            return SafeTree.fromstring(self.read(member))
        except SafeTree.ParseError as error:
            raise ReadError(
                self.name, f"office package part {member} is not well-formed XML ({error})"
            ) from None
        except DefusedXmlException:
            raise ReadError(
                self.name,
                f"office package part {member} refused: it declares a DTD, entities or external references",
            ) from None


def package_lines(texts: Iterable[tuple[str, str]]) -> list[Line]:
    """Numbered lines from (text, where) pairs, `where` kept in each line's hints, with a blank line
    wherever the block changes: a word processor's paragraphs and tables are blocks of their own,
    as blank lines make them in plain text (so a heading never runs into the paragraph below it).
    Rows of one table stay together."""
    spaced: list[tuple[str, str]] = []
    last = None
    for text, where in texts:
        block = where.split(",")[0]
        if last is not None and block != last:
            spaced.append(("", ""))
        last = block
        spaced.append((text, where))
    return [Line(text, number, hints={"where": where}) for number, (text, where) in enumerate(spaced, 1)]
