"""Word 97-2003 (.doc) and Rich Text (.rtf): read through well-kept converters, as plain text.

.doc is a binary format (OLE2 compound file); Debian's `antiword` turns it into text in a child
process, under a time limit and an address-space limit, so a hostile file costs only that
process. .rtf is text with control words; `striprtf` (BSD) removes them. Both lose the layout
(table cells, numbering styles), and the document says so in its warnings.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile

from striprtf.striprtf import rtf_to_text

from minutebook.errors import ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document
from minutebook.read.text import decode, to_lines

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
CONVERTER_SECONDS = 30
CONVERTER_MEMORY = 512 * 1024 * 1024
LAYOUT_LOST = "read from {kind} as plain text: tables and list numbering may be lost"


def sniff_doc(head: bytes, name: str) -> int:
    if not head.startswith(OLE2):
        return 0
    return 90 if WORD_STREAM in head or name.lower().endswith((".doc", ".dot")) else 0


def read_doc(data: bytes, name: str, sha256: str) -> Document:
    antiword = shutil.which("antiword")
    if antiword is None:
        raise ReadError(name, "reading Word 97-2003 (.doc) needs antiword (Debian package antiword)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(data)
        file.flush()
        try:
            done = subprocess.run(
                [antiword, "-w", "0", file.name],
                capture_output=True,
                timeout=CONVERTER_SECONDS,
                preexec_fn=_limit_memory,  # the child limits its own memory before exec
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReadError(name, f".doc conversion took over {CONVERTER_SECONDS} s: gave up") from None
        if done.returncode != 0 or not done.stdout.strip():
            said = done.stderr.decode("utf-8", errors="replace").replace(file.name, "it").strip().splitlines()
            raise ReadError(name, f"not a readable Word 97-2003 document ({said[-1] if said else 'no text'})")
    text = done.stdout.decode("utf-8", errors="replace")
    warning = LAYOUT_LOST.format(kind=".doc")
    return Document(name=name, sha256=sha256, format="doc", lines=to_lines(text), warnings=[warning])


def sniff_rtf(head: bytes, name: str) -> int:
    return 90 if head.lstrip().startswith(b"{\\rtf") else 0


def read_rtf(data: bytes, name: str, sha256: str) -> Document:
    try:
        text = rtf_to_text(decode(data, name), errors="replace")
    except (ValueError, IndexError) as error:
        raise ReadError(name, f"not readable Rich Text ({error})") from None
    warning = LAYOUT_LOST.format(kind=".rtf")
    return Document(name=name, sha256=sha256, format="rtf", lines=to_lines(text), warnings=[warning])


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CONVERTER_MEMORY, CONVERTER_MEMORY))


DOC_READER = Reader(format="doc", sniff=sniff_doc, read=read_doc)
RTF_READER = Reader(format="rtf", sniff=sniff_rtf, read=read_rtf)
