"""The development relevance set (benchmarks/relevance/questions.json) is well formed, and every
judgement still names exactly one item of the real documents as the project parses them today.

A parser change that loses or splits the text a judgement quotes fails here, so the set is mended
(or the change looked at) before relevance figures silently drift. The scores' arithmetic is
checked on small inline rankings.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from minutebook.ingest import ingest
from minutebook.store import migrate, open_engine

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "relevance.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relevance_benchmark", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


relevance = _load()
QUESTIONS = relevance.load_questions()


@pytest.fixture(scope="module")
def index(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The judged documents ingested into a fresh SQLite file, and their items' text."""
    paths = relevance.source_paths(relevance.judged_files(QUESTIONS), shared_dir)
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('relevance') / 'relevance.db'}")
    migrate(engine)
    report = ingest(engine, paths, workers=1)
    assert not report.failed, report.failed
    yield engine, relevance.item_index(engine)
    engine.dispose()


def test_at_least_sixty_questions_of_all_four_kinds() -> None:
    kinds = Counter(q.kind for q in QUESTIONS)
    assert len(QUESTIONS) >= 60
    assert set(kinds) == set(relevance.KINDS), kinds
    assert min(kinds.values()) >= 10, kinds
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS), "question ids repeat"
    assert len({q.query.casefold() for q in QUESTIONS}) == len(QUESTIONS), "queries repeat"


def test_judgements_are_graded_and_quote_a_short_passage(shared_dir: Path) -> None:
    files = {p.name for p in relevance.source_paths(relevance.judged_files(QUESTIONS), shared_dir)}
    for q in QUESTIONS:
        assert any(j.grade == 2 for j in q.judgements), f"{q.id}: nothing answers it"
        assert len({(j.file, j.evidence) for j in q.judgements}) == len(q.judgements), f"{q.id}: repeats"
        for j in q.judgements:
            assert j.grade in relevance.GRADES, f"{q.id}: grade {j.grade}"
            assert j.file in files, f"{q.id}: {j.file} is not in {shared_dir}"
            assert 3 <= len(j.evidence.split()) <= 16, f"{q.id}: evidence of {len(j.evidence.split())} words"


def test_topics_are_judged_in_several_meetings() -> None:
    for q in QUESTIONS:
        if q.kind == "topic":
            assert len({j.file for j in q.judgements}) >= 2, (
                f"{q.id}: a topic over time needs several meetings"
            )


def test_every_judgement_is_in_exactly_one_item(index) -> None:
    _, items = index
    problems = [p for q in QUESTIONS for p in relevance.resolve(q, items).problems]
    assert not problems, "\n".join(problems)


def test_a_search_hit_is_placed_in_the_item_it_cites(index) -> None:
    engine, items = index
    question = next(q for q in QUESTIONS if q.query == "Ebbett Park")
    grades = relevance.resolve(question, items).grades
    ranked = relevance.dedupe(items.item_of(hit) for hit in relevance.ask(engine, question.query, "lexical"))
    assert ranked and ranked[0] in grades


def test_evidence_matches_however_spaces_quotes_and_case_vary() -> None:
    assert relevance.normalise("Council\u2019s  FINAL\n proposal\x02s") == "council's final proposals"


def test_ndcg_and_recall() -> None:
    grades = {"a": 2, "b": 1, "c": 1}
    assert relevance.ndcg(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert relevance.ndcg(["x", "y"], grades) == 0.0
    worse = relevance.ndcg(["b", "a", "c"], grades)
    assert 0.0 < worse < 1.0
    # gain 2^g - 1 and log2 discount: (1 + 3/log2(3) + 1/2) / (3 + 1/log2(3) + 1/2)
    assert worse == pytest.approx((1 + 3 / 1.5849625 + 0.5) / (3 + 1 / 1.5849625 + 0.5))
    assert relevance.recall(["a", "x", "c"], grades) == pytest.approx(2 / 3)
    assert relevance.recall(["x"] * 20 + ["a"], grades) == 0.0  # only the first 20 count


def test_hits_are_reduced_to_items_first_occurrence_first() -> None:
    a, b = ("m", 1), ("m", 2)
    assert relevance.dedupe([a, a, b, None, a, None]) == [a, b, None, None]
