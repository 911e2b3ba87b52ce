"""Search relevance on real minutes: nDCG@10 and Recall@20 per question kind and search mode.

    .venv/bin/python benchmarks/relevance.py                    # builds a database from ../shared
    .venv/bin/python benchmarks/relevance.py --db /tmp/rel.db   # builds it there once, then reuses it
    .venv/bin/python benchmarks/relevance.py --verbose          # and a line per question and mode
    .venv/bin/python benchmarks/relevance.py --json out.json    # the figures as JSON, for the docs

The questions and their judgements are in `benchmarks/relevance/questions.json` (what they are and
how they were written: `benchmarks/relevance/README.md`). Each judgement names a source document
by file name and quotes a short passage of its minutes, the evidence, with a grade (2 answers the
question, 1 is related). A judgement is resolved to the item of that document's meeting(s) whose
text — title, minute paragraphs, decisions and actions, whitespace-normalised and case-folded —
contains the evidence. Judgements are thus not tied to item numbers or meeting ids, which move
whenever the parser segments a document differently.

Each question runs through `minutebook.search.search` once per mode. Hits are reduced to items (the
first hit of an item counts, later ones are dropped) before scoring, so ten paragraphs of one item
are one result, as a reader sees them. A mode that cannot answer (no model installed, nothing
embedded) is reported as unavailable, not scored with the lexical fallback's figures.

nDCG@10 uses gain 2^grade - 1 and the ideal ranking of all judged items, those the database no
longer has included (a parse that loses an item costs search its hit). Recall@20 is the share of
judged items (grade 1 or 2) among the first 20 items. Both are means over the questions of a kind.

Standard library and the project only; the machine description comes from `report.py` beside this.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SETS = ("seeds", "corpus", "corpus-wide")
QUESTIONS = Path(__file__).resolve().parent / "relevance" / "questions.json"
KINDS = ("paraphrase", "exact", "person", "topic")
MODES = ("lexical", "semantic", "hybrid")
GRADES = (1, 2)
NDCG_AT, RECALL_AT = 10, 20
HITS_ASKED = 200  # hits per query: enough paragraphs to fill RECALL_AT distinct items

ItemKey = tuple[str, int]  # meeting id, item position


# --- The set ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    file: str  # source document's file name, e.g. "rotherham-commissioners-public-meeting-2016-03-16.txt"
    evidence: str  # a verbatim passage of the relevant item's minutes
    grade: int  # 2 answers the question, 1 is related


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    query: str
    judgements: tuple[Judgement, ...]
    note: str = ""


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Question(
            id=q["id"],
            kind=q["kind"],
            query=q["query"],
            judgements=tuple(Judgement(j["file"], j["evidence"], int(j["grade"])) for j in q["judgements"]),
            note=q.get("note", ""),
        )
        for q in data["questions"]
    ]


def judged_files(questions: Iterable[Question]) -> set[str]:
    return {j.file for q in questions for j in q.judgements}


def source_paths(files: Iterable[str], shared: Path = SHARED) -> list[Path]:
    """The paths in ../shared of the judged documents, by file name."""
    by_name = {p.name: p for folder in SETS for p in (shared / folder).rglob("*") if p.is_file()}
    return sorted(by_name[name] for name in files if name in by_name)


# --- Items and their text -----------------------------------------------------------------------

# Quotes, dashes and spaces that PDF text layers and word processors vary; folded so that a passage
# copied from the minutes matches however a reader (or a later reader version) renders them.
_FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SPACE = re.compile(r"\s+")


def normalise(value: str) -> str:
    """Case-folded, NFKC, quotes and dashes folded, control characters dropped, runs of whitespace
    as one space."""
    value = unicodedata.normalize("NFKC", value).translate(_FOLD)
    # Control, format and private-use characters (a PDF's stray \x02, soft hyphens, bullet glyphs).
    value = "".join(ch for ch in value if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return _SPACE.sub(" ", value).strip().casefold()


@dataclass
class ItemIndex:
    """Every item's normalised text, by the file name of the document its meeting came from."""

    by_file: dict[str, list[tuple[ItemKey, str]]] = field(default_factory=dict)
    # (meeting id, item number, item title) -> item positions, to place a search hit in its item
    by_citation: dict[tuple[str, str | None, str], list[tuple[int, int | None]]] = field(default_factory=dict)

    def find(self, judgement: Judgement) -> list[ItemKey]:
        """The items of the judgement's document whose text contains its evidence."""
        evidence = normalise(judgement.evidence)
        return [key for key, body in self.by_file.get(judgement.file, []) if evidence in body]

    def item_of(self, hit: Any) -> ItemKey | None:
        """The item a search hit cites, or None when it cites none."""
        position = getattr(hit, "item_position", None)
        if position is not None:
            return hit.meeting_id, position
        if hit.item_title is None:
            return None
        places = self.by_citation.get((hit.meeting_id, hit.item_number, hit.item_title), [])
        if len(places) <= 1:
            return (hit.meeting_id, places[0][0]) if places else None
        # The same number and title twice in a meeting: the last item starting at or before the hit.
        before = [p for p, line in places if line is not None and hit.line is not None and line <= hit.line]
        return hit.meeting_id, (before[-1] if before else places[0][0])


def item_index(engine: Engine) -> ItemIndex:
    """Read every item's text from the database: title, paragraphs, decisions and actions."""
    index = ItemIndex()
    parts: dict[ItemKey, list[str]] = defaultdict(list)
    with engine.connect() as connection:
        items = connection.execute(
            text(
                "SELECT i.meeting_id, i.position, i.number, i.title, i.line, s.name FROM items i"
                " JOIN meetings m ON m.id = i.meeting_id JOIN sources s ON s.id = m.source_id"
                " ORDER BY i.meeting_id, i.position"
            )
        ).all()
        for table in ("paragraphs", "decisions", "actions"):
            rows = connection.execute(
                text(
                    f"SELECT meeting_id, item_position, text FROM {table}"
                    " ORDER BY meeting_id, item_position, position"
                )
            )
            for meeting_id, position, body in rows:
                parts[(meeting_id, position)].append(body)
    for meeting_id, position, number, title, line, source in items:
        key = (meeting_id, position)
        body = normalise(" \n ".join([title, *parts.get(key, [])]))
        index.by_file.setdefault(Path(source).name, []).append((key, body))
        index.by_citation.setdefault((meeting_id, number, title), []).append((position, line))
    return index


@dataclass(frozen=True)
class Resolved:
    """A question's judgements as items: grade by item, and the judgements that found no single item."""

    grades: dict[ItemKey | str, int]  # an unresolved judgement is keyed by its own description
    problems: list[str]


def resolve(question: Question, index: ItemIndex) -> Resolved:
    grades: dict[ItemKey | str, int] = {}
    problems: list[str] = []
    for judgement in question.judgements:
        found = index.find(judgement)
        if len(found) == 1:
            key: ItemKey | str = found[0]
        else:
            where = "no item" if not found else f"{len(found)} items"
            problems.append(f"{question.id}: {judgement.file}: {judgement.evidence!r} is in {where}")
            key = f"{judgement.file}: {judgement.evidence}"
        grades[key] = max(grades.get(key, 0), judgement.grade)
    return Resolved(grades, problems)


# --- Scores -------------------------------------------------------------------------------------


def dedupe(items: Iterable[ItemKey | None]) -> list[ItemKey | None]:
    """First occurrence of each item, in order; hits citing no item stay, each as its own result."""
    seen: set[ItemKey] = set()
    ranked: list[ItemKey | None] = []
    for item in items:
        if item is None or item not in seen:
            ranked.append(item)
            if item is not None:
                seen.add(item)
    return ranked


def ndcg(ranked: Sequence[Any], grades: dict[Any, int], k: int = NDCG_AT) -> float:
    """Normalised discounted cumulative gain at k, gain 2^grade - 1."""

    def dcg(gains: Iterable[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg(grades.get(item, 0) for item in ranked[:k]) / ideal if ideal else 0.0


def recall(ranked: Sequence[Any], grades: dict[Any, int], k: int = RECALL_AT) -> float:
    relevant = {item for item, g in grades.items() if g > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


# --- Running the questions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    question: Question
    mode: str
    ndcg: float
    recall: float
    ranked_grades: list[int]  # grade of each of the first NDCG_AT items, 0 when not judged
    error: str | None = None


class Unavailable(Exception):
    """The mode cannot answer on this database (its model is not installed, nothing is embedded)."""


def ask(engine: Engine, query: str, mode: str) -> list[Any]:
    """The hits of one query in one mode; raises Unavailable when the mode cannot answer."""
    from minutebook.search import search

    if "mode" not in inspect.signature(search).parameters:
        if mode != "lexical":
            raise Unavailable("minutebook.search.search takes no mode")
        return search(engine, query, limit=HITS_ASKED).hits
    found = search(engine, query, mode=mode, limit=HITS_ASKED)
    answered = getattr(found, "mode", mode)
    if answered != mode:
        raise Unavailable(getattr(found, "notice", None) or f"answered in {answered} mode")
    return found.hits


def run(
    engine: Engine, questions: Sequence[Question], modes: Sequence[str], index: ItemIndex
) -> tuple[list[Outcome], dict[str, str]]:
    """Every question in every mode; modes that cannot answer are returned with the reason."""
    from minutebook.errors import QueryError

    resolved = {q.id: resolve(q, index) for q in questions}
    outcomes: list[Outcome] = []
    unavailable: dict[str, str] = {}
    for mode in modes:
        for question in questions:
            grades = resolved[question.id].grades
            error = None
            try:
                hits = ask(engine, question.query, mode)
            except Unavailable as reason:
                unavailable[mode] = str(reason)
                break
            except QueryError as problem:  # a question the syntax refuses finds nothing
                hits, error = [], str(problem)
            ranked = dedupe(index.item_of(hit) for hit in hits)
            outcomes.append(
                Outcome(
                    question,
                    mode,
                    ndcg(ranked, grades),
                    recall(ranked, grades),
                    [grades.get(item, 0) if item is not None else 0 for item in ranked[:NDCG_AT]],
                    error,
                )
            )
    return outcomes, unavailable


def summary(outcomes: Sequence[Outcome]) -> dict[str, dict[str, dict[str, float]]]:
    """mode -> kind (and "all") -> {"ndcg@10", "recall@20", "questions"}: means over questions."""
    table: dict[str, dict[str, dict[str, float]]] = {}
    for mode in dict.fromkeys(o.mode for o in outcomes):
        rows = {}
        for kind in (*KINDS, "all"):
            chosen = [o for o in outcomes if o.mode == mode and kind in (o.question.kind, "all")]
            if chosen:
                rows[kind] = {
                    f"ndcg@{NDCG_AT}": sum(o.ndcg for o in chosen) / len(chosen),
                    f"recall@{RECALL_AT}": sum(o.recall for o in chosen) / len(chosen),
                    "questions": len(chosen),
                }
        table[mode] = rows
    return table


# --- The database -------------------------------------------------------------------------------


def build(url: str, paths: Sequence[Path]) -> None:
    """Ingest `paths` into the database at `url`, migrated first."""
    from minutebook.ingest import ingest
    from minutebook.store import migrate, open_engine

    engine = open_engine(url)
    try:
        migrate(engine)
        ingest(engine, paths, workers=1)
    finally:
        engine.dispose()


def embed(engine: Engine) -> None:
    """Embed what is not embedded yet, if the project can and its model is installed; otherwise
    nothing (semantic and hybrid are then reported unavailable). Resumable, so cheap on a reused
    database that is already embedded."""
    try:
        from minutebook.search import semantic
    except ImportError:
        return
    function = getattr(semantic, "embed", None)
    if not callable(function):
        return
    arguments: list[Any] = [engine]
    if "model" in inspect.signature(function).parameters:
        model = semantic.load_model() if hasattr(semantic, "load_model") else None
        if model is None:
            print("embedding skipped: the optional model is not installed", file=sys.stderr)
            return
        arguments.append(model)
    started = time.perf_counter()
    try:
        done = function(*arguments)
    except Exception as problem:  # the optional model failing is an outcome here, not an error
        print(f"embedding skipped: {type(problem).__name__}: {problem}", file=sys.stderr)
        return
    embedded = getattr(done, "embedded", None)
    if embedded:
        print(f"embedded {embedded} entries in {time.perf_counter() - started:.0f} s", file=sys.stderr)


# --- Output -------------------------------------------------------------------------------------


def print_report(
    table: dict[str, dict[str, dict[str, float]]], unavailable: dict[str, str], problems: list[str]
) -> None:
    header = f"{'mode':<10} {'kind':<11} {'questions':>9} {'nDCG@10':>8} {'Recall@20':>10}"
    print(header)
    print("-" * len(header))
    for mode, rows in table.items():
        for kind, row in rows.items():
            print(
                f"{mode:<10} {kind:<11} {row['questions']:>9} {row[f'ndcg@{NDCG_AT}']:>8.3f}"
                f" {row[f'recall@{RECALL_AT}']:>10.3f}"
            )
    for mode, reason in unavailable.items():
        print(f"{mode:<10} unavailable: {reason}")
    if "hybrid" in table and "lexical" in table:  # issue 9: hybrid must beat lexical on both
        gain = {m: table["hybrid"]["all"][m] - table["lexical"]["all"][m] for m in table["lexical"]["all"]}
        print(
            f"hybrid - lexical, all questions: nDCG@{NDCG_AT} {gain[f'ndcg@{NDCG_AT}']:+.3f},"
            f" Recall@{RECALL_AT} {gain[f'recall@{RECALL_AT}']:+.3f}"
        )
    if problems:
        print(f"\n{len(problems)} judgement(s) not found in exactly one item (scored as missed):")
        for problem in problems:
            print(f"  {problem}")


def print_questions(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        grades = "".join(str(g) for g in o.ranked_grades) or "-"
        extra = f"  [{o.error}]" if o.error else ""
        print(
            f"{o.mode:<8} {o.question.id:<5} {o.question.kind:<10} nDCG {o.ndcg:.2f} R {o.recall:.2f}"
            f"  top {grades:<10} {o.question.query}{extra}"
        )


def as_json(
    outcomes: Sequence[Outcome], unavailable: dict[str, str], problems: list[str], seconds: float
) -> dict[str, Any]:
    from report import machine

    return {
        "questions": len({o.question.id for o in outcomes}),
        "summary": summary(outcomes),
        "unavailable": unavailable,
        "unresolved_judgements": problems,
        "per_question": [
            {
                "id": o.question.id,
                "kind": o.question.kind,
                "mode": o.mode,
                "query": o.question.query,
                f"ndcg@{NDCG_AT}": round(o.ndcg, 4),
                f"recall@{RECALL_AT}": round(o.recall, 4),
                "top_grades": o.ranked_grades,
                "error": o.error,
            }
            for o in outcomes
        ],
        "seconds": round(seconds, 1),
        "machine": machine(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, help="SQLite file to build once and reuse (default: a temporary one)"
    )
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--mode", choices=MODES, action="append", help="only these modes (repeatable)")
    parser.add_argument("--kind", choices=KINDS, action="append", help="only these kinds (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="a line per question and mode")
    parser.add_argument("--json", type=Path, help="write the figures and per-question results here")
    args = parser.parse_args(argv)

    from minutebook.store import open_engine

    questions = [q for q in load_questions(args.questions) if not args.kind or q.kind in args.kind]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="minutebook-relevance-") as folder:
        path = args.db or Path(folder) / "relevance.db"
        url = f"sqlite:///{path}"
        if path.exists():
            print(f"reusing {path}", file=sys.stderr)
        else:
            print(f"building {path} from {SHARED} ...", file=sys.stderr)
            build(url, [SHARED / name for name in SETS])
        engine = open_engine(url)
        try:
            embed(engine)
            index = item_index(engine)
            outcomes, unavailable = run(engine, questions, args.mode or MODES, index)
        finally:
            engine.dispose()
    problems = [p for q in questions for p in resolve(q, index).problems]
    seconds = time.perf_counter() - started
    if args.verbose:
        print_questions(outcomes)
        print()
    print(f"{len(questions)} questions, {sum(len(q.judgements) for q in questions)} judgements")
    print_report(summary(outcomes), unavailable, problems)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(as_json(outcomes, unavailable, problems, seconds), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
