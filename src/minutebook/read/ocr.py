"""OCR for PDF pages whose text layer is missing or is not words: when to use it, and running it.

Two kinds of page need it. A scan has no text layer at all. A page set in fonts without a
text mapping (no ToUnicode table) has a text layer, but its glyphs map to the wrong characters:
"HORSLEY PARISH COUNCIL" comes out as `+2...`-like runs of digits and punctuation. Both are
told from the text alone, by how much of it is words (`word_share`, `looks_like_words`), never
by anything a particular document says.

OCR is Debian's `tesseract` (package `tesseract-ocr`, English data `tesseract-ocr-eng`), run as
a subprocess on the page rendered by pdfium to a greyscale image. A subprocess rather than
pytesseract: pytesseract is itself a wrapper that writes temporary files and shells out to the
same binary, and calling it directly lets us set what matters here ourselves: a time limit per
page, an address-space and CPU limit on the process, one OpenMP thread (pages run side by side
instead), and the TSV output with a box per word, so that OCR'd lines keep their indentation and
gaps as text-layer lines do. Where tesseract is missing, the caller says so in a warning.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import time
from collections import OrderedDict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

import pypdfium2 as pdfium

DPI = 300  # tesseract's own advice for body text; 200 misreads more small print for ~10% less time
MAX_PIXELS = 25_000_000  # an A3 page at 300 dpi is 17.4 Mpx; a page claiming to be 5 m wide gets less
# One page's OCR. A dense A4 page takes 1.5 s of CPU; the CPU limit bounds the work whatever
# the load, the wall-clock limit a process that is stuck or starved.
PAGE_CPU_SECONDS = 30
PAGE_SECONDS = 60.0
MEMORY_LIMIT = 1 << 30  # address space of one tesseract process (it uses ~70 MB on an A4 page)
# The whole document's reading, OCR included. A long scanned pack is read as far as this allows and
# says where it stopped: a partial record with a warning beats none. 30 s reads ten dense pages on
# this 2-core machine with room when idle (10 s) and most of them at load 4 (30 s); callers such as
# a batch's per-file limit or a scorer's 60 s keep a margin. Override with MINUTEBOOK_OCR_SECONDS.
DOCUMENT_SECONDS = 30.0
# Page segmentation 6, "a single uniform block of text": lines are read across the whole width,
# as the text-layer reader lays them out. The automatic mode (3) drops a column of item numbers
# standing apart from their titles ("1.   CALL TO ORDER" read as "CALL TO ORDER") on real scans.
PAGE_SEGMENTATION = "6"
MIN_RUN_CONFIDENCE = 65  # see join_words
SHORT_RUN_CONFIDENCE = 85  # for runs of at most 4 characters, where one bad guess is the whole run
MIN_CHARS = 20  # fewer printed characters than this on a page: too little to judge, and no loss
WORD_SHARE = 0.5  # below this share of word characters, a page's text layer is not words

# --- Is this text words? -------------------------------------------------------------------------
# The pattern claimed: text in any language written in Latin letters is mostly tokens made of
# letters, nearly all with a vowel, and numbers; a text layer read through a wrong glyph mapping
# is mostly digits and punctuation mixed inside tokens ("/398+74,8.+2++8"), or, where the wrong
# mapping happens to land on letters, letter strings with almost no vowels and none of the
# commonest English words.

_VOWELS = set("aeiouyàáâäãåèéêëìíîïòóôöõùúûüýÿŵŷæœ")  # y: a vowel in "my" and in Welsh
_PLAIN_VOWELS = set("aeiouàáâäãåèéêëìíîïòóôöõùúûü")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f]+$")  # letters of Latin-script languages
_NUMBER = re.compile(r"^[£$€¥#+]?\d[\d,]*%?$")  # 12, 1,250, £300, #4, 15%
_SEPARATORS = re.compile(r"[./@_:\-–—]+")
_EDGE_PUNCTUATION = "\"'“”‘’`()[]{}<>,;:!?.*•·–—-"
# The commonest words of English and of the other languages minutes are written in with Latin
# letters (French, Spanish, German, Dutch, Welsh, Irish), general lists and none from a document
# here: in prose about a quarter of all tokens are among them, in a roster or a table fewer but
# still some. Only used to tell letter garble from text, never to judge a language.
_COMMON_WORDS = frozenset(
    """the of and to in is was that for it on be with as by at this are from or which an not were
    have has had been will would there their its all but they he she we you our his her them who
    any may can also if no so than then these those other into out up about should must said
    more one two new some such only over under after before each per
    de la le les et des du en un une est pour dans par sur au aux qui que pas ce il
    el los las del por con para al se lo una es
    der die das und ist nicht mit von zu den dem ein eine im auf für sich
    het een van en op te dat voor zijn met niet
    yn ar gan ac ei am yr mae bod wedi fel hyn neu oedd
    agus ar an na ag le go ina bhí""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Wordiness:
    """How much of a text is words: what `looks_like_words` decides on."""

    word_chars: int  # characters in tokens (or parts) shaped like words
    other_chars: int  # characters in tokens mixing symbols, or long letter strings with no vowel
    letter_tokens: int
    common_tokens: int  # letter tokens among the commonest English words
    vowels: int  # a, e, i, o, u (not y or w: they are consonants as often)
    letters: int

    @property
    def share(self) -> float:
        judged = self.word_chars + self.other_chars
        return self.word_chars / judged if judged else 1.0


def _part_kind(part: str) -> str:
    """'word', 'number' (digits, or a short number with letters: 15d, 2nd) or 'other'."""
    if _NUMBER.match(part) or (len(part) <= 4 and part[:1].isdigit() and part.isalnum()):
        return "number"
    if part.isalpha():
        if not _LATIN.match(part):
            return "word"  # another script (Greek, Cyrillic, CJK): its words are not judged here
        if any(ch in _VOWELS for ch in part.lower()):
            return "word"
        # Acronyms (CCTV, HMRC) and short words carry no vowel; a long vowelless string is garble.
        return "word" if len(part) <= 3 or (part.isupper() and len(part) <= 5) else "other"
    return "other"


def wordiness(text: str) -> Wordiness:
    word = other = letter_tokens = common = 0
    for token in text.split():
        token = token.strip(_EDGE_PUNCTUATION).replace("’", "'")
        if _LATIN.match(token):
            letter_tokens += 1
            common += token.lower() in _COMMON_WORDS
        for part in _SEPARATORS.split(token):
            part = part.strip("'")
            kind = _part_kind(part) if part else "number"
            if kind == "word":
                word += len(part)
            elif kind == "other":
                other += len(part)
    letters = [ch for ch in text.lower() if "a" <= ch <= "z" or "\u00e0" <= ch <= "\u024f"]
    vowels = sum(ch in _PLAIN_VOWELS for ch in letters)
    return Wordiness(word, other, letter_tokens, common, vowels, len(letters))


def looks_like_words(text: str) -> bool:
    """False when a page's text layer is not words (see the pattern above); True when it is, or
    when there is too little of it to judge."""
    if sum(not ch.isspace() for ch in text) < MIN_CHARS:
        return True
    measured = wordiness(text)
    if measured.share < WORD_SHARE:
        return False
    # Letters that are not words: almost none of the commonest words, or few of them and few
    # vowels (a, e, i, o, u are 31-40% of the letters of English, Welsh or French minutes).
    if measured.letter_tokens < 40:
        return True
    common = measured.common_tokens / measured.letter_tokens
    return not (common < 0.02 or (common < 0.06 and measured.vowels < 0.28 * measured.letters))


# --- Running tesseract ---------------------------------------------------------------------------

Box = tuple[str, float, float, float, float]  # text, left, bottom, right, top in PDF points


class OcrUnavailable(Exception):
    """tesseract is not installed (or not runnable)."""


class OcrFailed(Exception):
    """tesseract ran but gave no answer for a page: timed out, killed, or failed."""


def tesseract() -> str | None:
    return shutil.which("tesseract")


def render_page(page: pdfium.PdfPage, dpi: int = DPI) -> tuple[bytes, float]:
    """The page as a binary PGM image, and the scale (pixels per point) it was drawn at.

    PGM because tesseract (through leptonica) reads it from standard input and it needs no
    image library; the pixel count is capped so a page declaring a huge size cannot make a huge
    bitmap.
    """
    width, height = page.get_size()
    scale = dpi / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / max(width * height, 1.0)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        buffer = bytes(bitmap.buffer)
        rows = bitmap.width
        if bitmap.stride != rows:  # each row padded: drop the padding
            buffer = b"".join(
                buffer[y * bitmap.stride : y * bitmap.stride + rows] for y in range(bitmap.height)
            )
        header = b"P5\n%d %d\n255\n" % (bitmap.width, bitmap.height)
    finally:
        bitmap.close()
    return header + buffer, scale


def _limit(pid: int) -> None:
    # Set on the running child rather than in a preexec_fn (unsafe with threads); tesseract is
    # still waiting for its image on stdin, so the limits are in place before the work starts.
    try:
        resource.prlimit(pid, resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.prlimit(pid, resource.RLIMIT_CPU, (PAGE_CPU_SECONDS, PAGE_CPU_SECONDS))
    except (OSError, ValueError, AttributeError):
        pass  # the process already ended (its answer says how), or no prlimit (not Linux)


def run_tesseract(image: bytes, seconds: float = PAGE_SECONDS) -> str:
    """tesseract's TSV for one image (word boxes in pixels), within `seconds`."""
    program = tesseract()
    if program is None:
        raise OcrUnavailable("tesseract is not installed")
    # One thread: pages run side by side, and OpenMP threads on a busy machine only slow it.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        process = subprocess.Popen(
            [program, "stdin", "stdout", "-l", "eng", "--psm", PAGE_SEGMENTATION, "tsv"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    except OSError as error:
        raise OcrUnavailable(f"tesseract could not be started ({error.strerror})") from None
    _limit(process.pid)
    try:
        out, err = process.communicate(image, timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise OcrFailed(f"over {seconds:.0f} s") from None
    if process.returncode != 0:
        reason = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {process.returncode}"]
        if process.returncode < 0:
            reason = [f"killed by signal {-process.returncode} (over its memory or CPU limit?)"]
        raise OcrFailed(reason[0])
    return out.decode("utf-8", "replace")


_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}(?:[./]\d{1,3})*[.):]?|[a-zA-Z][.)]|[ivxlcIVXLC]{1,6}[.)])\)?$")
Word = tuple[str, float, float, float, float, float]  # a Box and tesseract's confidence (0-100)


def tsv_lines(tsv: str, scale: float, page_height: float) -> list[list[Word]]:
    """Words of tesseract's TSV grouped into its lines, each word's box in PDF points."""
    lines: dict[tuple[str, str, str], list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        text, confidence = cells[11].strip(), float(cells[10])
        left, top, width, height = (int(cell) / scale for cell in cells[6:10])
        word = (text, left, page_height - top - height, left + width, page_height - top, confidence)
        lines.setdefault((cells[2], cells[3], cells[4]), []).append(word)
    return list(lines.values())


def _letters(text: str) -> int:
    return sum(len(word) for word in text.split())


def _least_confidence(text: str) -> float:
    return SHORT_RUN_CONFIDENCE if _letters(text) <= 4 else MIN_RUN_CONFIDENCE


def join_words(words: list[Word]) -> list[Box]:
    """One OCR line's words as runs: words joined with a space, a new run where the page leaves
    a wide gap (as `pdf.page_runs` splits a text-layer line), so a right-hand owner keeps its gap.

    A run tesseract is unsure of as a whole (mean confidence under MIN_RUN_CONFIDENCE, weighted
    by characters; under SHORT_RUN_CONFIDENCE for a run of a few characters) is dropped: that is
    what it makes of a crest, a signature or a stamp ("Od NZ", "te" beside a council's seal),
    while misread words inside good text stay with their run.
    """
    widths = sorted((right - left) / len(text) for text, left, _, right, _, _ in words)
    char_width = max(widths[len(widths) // 2], 1.0)
    runs: list[tuple[Box, float]] = []  # a run and the sum of its characters' confidence
    for text, left, bottom, right, top, confidence in sorted(words, key=lambda w: w[1]):
        if runs and left - runs[-1][0][3] <= 2.5 * char_width:
            (previous, left_, bottom_, _, top_), weight = runs[-1]
            box = (f"{previous} {text}", left_, min(bottom_, bottom), right, max(top_, top))
            runs[-1] = (box, weight + confidence * len(text))
        else:
            runs.append(((text, left, bottom, right, top), confidence * len(text)))
    # An item's number or letter standing apart at the start of a line ("c.", "(4)") is short and
    # often read with little confidence; it is kept when the rest of the line is kept.
    kept = [weight >= _least_confidence(box[0]) * _letters(box[0]) for box, weight in runs]
    if len(runs) > 1 and kept[1] and _ENUMERATOR.match(runs[0][0][0]):
        kept[0] = True
    return [box for (box, _), keep in zip(runs, kept, strict=True) if keep]


# Two misreadings tesseract makes in minutes, whatever the council: a superscript ordinal's
# "th" read as a quote mark (18" March 2014), and the councillor's title "Cllr" read as "Clir"
# (its "ll" as "li"). Both would hide a date or a roster from the parser; neither is a word.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
_ORDINAL_MARK = re.compile(r"\b([1-9]|[12]\d|3[01])[\"'“”‘’°*]\s*(?=" + _MONTH + ")")
_CLLR = re.compile(r"\bClir(s?)\b")


def _ordinal(day: str) -> str:
    number = int(day)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} "


def repair(text: str) -> str:
    """The OCR'd text with the misreadings above put right."""
    text = _ORDINAL_MARK.sub(lambda m: _ordinal(m.group(1)), text)
    return _CLLR.sub(r"Cllr\1", text)


def ocr_page(image: bytes, scale: float, page_height: float, seconds: float = PAGE_SECONDS) -> list[Box]:
    """The runs of text tesseract reads on one rendered page, in PDF points."""
    return [
        (repair(text), left, bottom, right, top)
        for words in tsv_lines(run_tesseract(image, seconds), scale, page_height)
        for text, left, bottom, right, top in join_words(words)
    ]


@dataclass
class PageResult:
    index: int  # 0-based page
    runs: list[Box] | None  # None: no answer (see error)
    error: str | None = None


def document_seconds() -> float:
    try:
        return float(os.environ.get("MINUTEBOOK_OCR_SECONDS", DOCUMENT_SECONDS))
    except ValueError:
        return DOCUMENT_SECONDS


def workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _answer(index: int, future: Future[list[Box]]) -> PageResult:
    try:
        return PageResult(index, future.result())
    except (OcrFailed, OcrUnavailable) as error:
        return PageResult(index, None, str(error))


# OCR'd pages by (the PDF's SHA-256, page index): a PDF read again in the same process (the web
# page of a source shows its text as read, so that line citations land) costs no second OCR.
# Only text is kept, a few KB a page, and at most CACHE_PAGES pages.
CACHE_PAGES = 512
CACHE: OrderedDict[tuple[str, int], list[Box]] = OrderedDict()


def _remember(key: tuple[str, int], runs: list[Box]) -> None:
    CACHE[key] = runs
    CACHE.move_to_end(key)
    while len(CACHE) > CACHE_PAGES:
        CACHE.popitem(last=False)


def ocr_pages(
    pdf: pdfium.PdfDocument, indexes: list[int], *, document: str, seconds: float | None = None
) -> list[PageResult]:
    """OCR the pages `indexes` (0-based) of `pdf`, two at a time, within `seconds` for them all.

    Pages are rendered here, one at a time (pdfium is not thread-safe), and no more are rendered
    than there are tesseracts running, so memory stays at a few page images. A page that would
    start after the budget is spent is given up with the reason, as is one that fails; each page
    gets at most what is left of the budget. `document` (the PDF's SHA-256) keys the cache of
    pages already read. Results come in the order of `indexes`.
    """
    if tesseract() is None:
        raise OcrUnavailable("tesseract is not installed")
    budget = document_seconds() if seconds is None else max(seconds, 0.0)
    deadline = time.monotonic() + budget
    results: dict[int, PageResult] = {}
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        running: dict[Future[list[Box]], int] = {}
        for index in indexes:
            if (document, index) in CACHE:
                results[index] = PageResult(index, CACHE[document, index])
                continue
            while len(running) >= workers():
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    index_done = running.pop(future)
                    results[index_done] = _answer(index_done, future)
            left = deadline - time.monotonic()
            if left <= 1.0:
                results[index] = PageResult(index, None, f"the document's {budget:.0f} s OCR time was spent")
                continue
            page = pdf[index]
            try:
                image, scale = render_page(page)
                height = page.get_size()[1]
            finally:
                page.close()
            running[pool.submit(ocr_page, image, scale, height, min(PAGE_SECONDS, left))] = index
        for future, index in running.items():
            results[index] = _answer(index, future)
    for index, result in results.items():
        if result.runs is not None:
            _remember((document, index), result.runs)
    return [results[index] for index in indexes]
