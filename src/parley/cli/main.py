"""The `parley` command. It parses input, calls the library and formats output; nothing more.

Exit codes: 0 when every input succeeded, 1 when some failed (or on a runtime error),
2 on usage errors.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parley.cli.common import State, advance, err, fail, open_store, out, progress, state
from parley.errors import ParleyError

if TYPE_CHECKING:
    from parley.settings import Settings

app = typer.Typer(
    name="parley",
    help="Track a negotiation from the news: ingest articles, extract events, fuse them into one record.\n\n"
    "Example: parley ingest articles/ && parley extract -o reports.jsonl && parley timeline",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

# Commands of later stages live in their own modules; each exposes register(app).
COMMAND_MODULES = ("parley.cli.record", "parley.cli.serve")


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="SQLite store path (env PARLEY_DB).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (TOML).")] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="Case pack name or YAML path.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")] = False,
) -> None:
    """parley: a sourced, structured record of a negotiation, built from the news."""
    from parley.settings import load_settings

    try:
        settings = load_settings(config, db=db, pack=pack)
    except ParleyError as error:
        raise fail(str(error), 2) from error
    ctx.obj = State(settings=settings, quiet=quiet)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    max_bytes: Annotated[int | None, typer.Option(help="Reject inputs larger than this.")] = None,
) -> None:
    """Read articles (.txt, .html, .pdf, .jsonl) into the store; bad inputs are reported and stored.

    Example: parley ingest ../shared/seeds articles.jsonl page.html
    """
    from dataclasses import replace

    from parley.pipeline import ingest_into

    st = state(ctx)
    settings = replace(st.settings, max_bytes=max_bytes) if max_bytes else st.settings
    _check_paths(paths)
    store = open_store(ctx)
    with progress(ctx, "ingesting") as bar:
        summary = ingest_into(store, paths, settings, on_item=lambda _: advance(bar))
    for rej in summary.rejections:
        err.print(f"[yellow]rejected[/yellow] {rej.source}: {rej.reason} ({rej.detail})")
    if not st.quiet:
        err.print(
            f"{summary.new} new documents, {summary.duplicates} already stored, "
            f"{len(summary.rejections)} rejected -> {settings.db}"
        )
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def documents(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY[-MM[-DD]]).")] = None,
    search: Annotated[
        str | None, typer.Option(help="Only documents whose text or title contains this.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only documents from this outlet.")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Only this input format (txt, html, pdf, jsonl).")
    ] = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="List rejected inputs instead.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List stored documents (or rejections), with filters.

    Example: parley documents --since 2023-01 --search Sochi --json
    """
    store = open_store(ctx)
    if rejected:
        for rej in store.rejections()[:limit]:
            out.print(
                json.dumps(rej.to_json()) if as_json else f"{rej.reason:<14} {rej.source}  {rej.detail}"
            )
        return
    docs = store.documents(since=since, until=until, text=search, outlet=outlet, fmt=fmt, limit=limit)
    if as_json:
        for doc in docs:
            data = doc.to_json()
            data.pop("text")
            data["words"] = len(doc.text.split())
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table(box=None)
    for column in ("id", "published", "name", "title", "words", "format"):
        table.add_column(column, no_wrap=column != "title", overflow="fold")
    for doc in docs:
        table.add_row(
            doc.id[:12],
            doc.published or "?",
            doc.name,
            (doc.title or "")[:60],
            str(len(doc.text.split())),
            doc.format,
        )
    out.print(table)


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Inputs to ingest first; none = every stored document.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write reports here as JSON Lines.")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (0 = all cores).")] = None,
    force: Annotated[
        bool, typer.Option(help="Re-extract documents already extracted by this version.")
    ] = False,
    engine: Annotated[str, typer.Option(help="local, or ray for a Ray cluster.")] = "local",
) -> None:
    """Extract meetings, calls and agreements from articles; store the reports and fuse them into the record.

    Example: parley extract ../shared/eval/docs -o reports.jsonl
    """
    from parley.pipeline import extract_into, ingest_into

    st = state(ctx)
    if engine not in {"local", "ray"}:
        raise fail(f"unknown engine {engine!r}: use local or ray", 2)
    store = open_store(ctx)
    ids: list[str] | None = None
    failed = False
    if paths:
        _check_paths(paths)
        with progress(ctx, "ingesting") as bar:
            summary = ingest_into(store, paths, st.settings, on_item=lambda _: advance(bar))
        for rej in summary.rejections:
            err.print(f"[yellow]rejected[/yellow] {rej.source}: {rej.reason} ({rej.detail})")
        ids = summary.document_ids
        failed = not summary.ok
    if engine == "ray":
        from parley.distributed import extract_with_ray

        result = extract_with_ray(store, st.settings, ids, workers=workers, force=force)
    else:
        from parley._speedups import tuned_for_extraction

        total = len(ids) if ids is not None else store.count("documents")
        in_process = (workers if workers is not None else st.settings.workers) == 1
        if in_process:  # loaded before the process is tuned, so the collector leaves the model be
            _load_pipeline(st.settings)
        with progress(ctx, "extracting", total) as bar, tuned_for_extraction(st.settings.speedups):
            result = extract_into(
                store, st.settings, ids, force=force, workers=workers, on_document=lambda _: advance(bar)
            )
    for rej in result.failures:
        err.print(f"[red]failed[/red] {rej.source}: {rej.detail}")
    if output:
        _write_reports(store, ids, output)
    if not st.quiet:
        err.print(
            f"{result.documents} documents extracted ({result.skipped} unchanged), {result.reports} reports"
            + (f" -> {output}" if output else "")
        )
    raise typer.Exit(1 if failed or result.failures else 0)


def _load_pipeline(settings: Settings) -> None:
    """Build (and cache) the pipeline extraction in this process will use."""
    from parley.annotate import build_pipeline
    from parley.pack import load_pack

    build_pipeline(settings.model, load_pack(settings.pack), speedups=settings.speedups)


def _write_reports(store: object, ids: list[str] | None, output: Path) -> None:
    """Write the reports of the given documents (all when None) atomically: no half-written file survives."""
    from parley.store import Store

    assert isinstance(store, Store)
    doc_ids = ids if ids is not None else [d.id for d in store.iter_documents()]
    tmp = output.with_name(output.name + ".tmp")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("w", encoding="utf-8") as fh:
        for doc_id in dict.fromkeys(doc_ids):
            for report in store.reports(doc_id):
                fh.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
    tmp.replace(output)


@app.command()
def evaluate(
    gold: Annotated[
        Path | None, typer.Option(help="Folder of gold JSON files.", exists=True, file_okay=False)
    ] = None,
    pred: Annotated[
        Path | None, typer.Option(help="Predicted reports, JSON Lines.", exists=True, dir_okay=False)
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Extract and score an evaluation set: dev, news-train, news-test, sample, extra, or all "
            "(repeatable; run from the project's folder, with ../shared beside it).",
        ),
    ] = None,
    shared: Annotated[Path, typer.Option(help="The shared folder holding eval/.")] = Path("../shared"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line (one per set).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="List missed and spurious events.")] = False,
    plot: Annotated[
        Path | None,
        typer.Option(help="With --set: write the reliability plot of event confidence (PNG) to this file."),
    ] = None,
) -> None:
    """Score reports against gold annotations: precision, recall, F1, status and mediator accuracy;
    with --set, extract the evaluation sets and show each one's figures and where its errors lie,
    then fuse them and show how well calibrated the confidences are (ECE over 10 equal-width bins,
    the error rate of the 20% least confident events, the reliability table).

    Example: parley evaluate --gold ../shared/eval/gold --pred reports.jsonl
    Example: parley evaluate --set news-train --set news-test --plot docs/reliability.png
    """
    from parley.evaluate import FIGURES, load_predictions, score

    if sets:
        _evaluate_sets(sets, shared, as_json, verbose, plot)
        return
    if plot is not None:
        raise typer.BadParameter("--plot needs --set")
    if gold is None or pred is None:
        raise typer.BadParameter("give --gold and --pred, or --set")
    try:
        reports = load_predictions(pred)
    except ParleyError as error:
        raise fail(str(error)) from error
    result = score(gold, reports)
    if verbose:
        _list_errors(result)
    figures = {k: result[k] for k in FIGURES}
    if as_json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        out.print(" ".join(f"{k}={v}" for k, v in figures.items()), markup=False)


def _list_errors(result: dict) -> None:
    keys = ("type", "date", "place", "parties", "status")
    for kind in ("missed", "spurious"):
        for event in result[kind]:
            fields = " ".join(str(event.get(k)) for k in keys)
            out.print(f"{kind.upper():<8} {event['doc']}: {fields}", markup=False)


def _evaluate_sets(names: list[str], shared: Path, as_json: bool, verbose: bool, plot: Path | None) -> None:
    from rich.table import Table

    from parley.confidence.measure import evaluate_calibrated
    from parley.evaluate import FIGURES, standard_sets

    known = standard_sets(Path("."), shared)
    wanted = list(known) if "all" in names else names
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise typer.BadParameter(f"unknown set {', '.join(unknown)}; known: {', '.join(known)}, all")
    table = Table("set", "docs", "P", "R", "F1", "status", "mediator", "missed m/c/a", "spurious m/c/a",
                  "near misses: date/place/parties")
    calibrated: dict[str, dict] = {}
    for name in wanted:
        eval_set = known[name]
        if not eval_set.available():
            err.print(f"{name}: no annotated articles at {eval_set.docs} and {eval_set.gold}; skipped")
            continue
        result = evaluate_calibrated(eval_set)
        calibrated[name] = result["calibration"]
        if as_json:
            keys = (*FIGURES, "missed_by_type", "spurious_by_type", "near_misses", "near_miss_fields",
                    "wrong_status", "wrong_mediator", "calibration")
            sys.stdout.write(json.dumps({"set": name, **{k: result[k] for k in keys}}) + "\n")
            continue
        if verbose:
            if eval_set.figures_only:
                err.print(f"{name}: a split for measuring only; its events are not listed")
            _list_errors(result)
        m, s, f = result["missed_by_type"], result["spurious_by_type"], result["near_miss_fields"]
        table.add_row(
            name, str(result["docs"]), f"{result['precision']:.3f}", f"{result['recall']:.3f}",
            f"{result['f1']:.3f}", f"{result['status_accuracy']:.3f}", f"{result['mediator_accuracy']:.3f}",
            f"{m['meeting']}/{m['call']}/{m['agreement']}", f"{s['meeting']}/{s['call']}/{s['agreement']}",
            f"{result['near_misses']}: {f['date']}/{f['place']}/{f['parties']}",
        )
    if not as_json:
        out.print(table)
        _print_calibration(calibrated)
    if plot is not None and calibrated:
        from parley.confidence.calibration import Bin
        from parley.confidence.plot import Series, write_reliability_png

        series = [
            Series(name, [Bin(**b) for b in figures["event"]["reliability"]])
            for name, figures in calibrated.items()
        ]
        write_reliability_png(plot, series)
        err.print(f"reliability plot of event confidence -> {plot}")


def _print_calibration(calibrated: dict[str, dict]) -> None:
    """The calibration of each set's confidences: a summary, then each set's reliability table."""
    from rich.table import Table

    from parley.confidence import TARGETS

    if not calibrated:
        return
    title = "Event calibration (ECE over 10 equal-width bins, and what sampling alone gives), fields' ECE"
    summary = Table("set", "events", "real", "ECE", "ECE if calibrated", "errors: least sure 20%", "rest",
                    "ratio", *TARGETS[1:], title=title)
    for name, c in calibrated.items():
        low = c["event"]["least_confident"]
        summary.add_row(
            name, str(c["event"]["n"]), f"{c['event']['accuracy'] or 0:.2f}", f"{c['event']['ece']:.3f}",
            f"{c['event']['ece_if_calibrated']:.3f}", f"{low['low_error_rate'] or 0:.2f}",
            f"{low['rest_error_rate'] or 0:.2f}", str(low["ratio"] or "-"),
            *(f"{c[t]['ece']:.3f}" for t in TARGETS[1:]),
        )  # fmt: skip
    out.print(summary)
    for name, c in calibrated.items():
        table = Table("bin", *TARGETS, title=f"{name}: reliability (mean confidence/share right (events))")
        for i in range(len(c["event"]["reliability"])):
            cells = []
            for t in TARGETS:
                b = c[t]["reliability"][i]
                cells.append(f"{b['confidence']:.2f}/{b['accuracy']:.2f} ({b['n']})" if b["n"] else "")
            first = c["event"]["reliability"][i]
            table.add_row(f"{first['low']:.1f}-{first['high']:.1f}", *cells)
        out.print(table)


@app.command()
def check(ctx: typer.Context) -> None:
    """Check each dependency: ok, or FAIL with the fix.

    Example: parley check
    """
    from parley.health import run_checks

    failures = 0
    for check_result in run_checks(state(ctx).settings):
        if check_result.ok:
            out.print(f"[green]ok[/green]   {check_result.name}: {check_result.detail}")
        elif check_result.optional:
            out.print(
                f"[yellow]warn[/yellow] {check_result.name}: {check_result.detail}\n"
                f"     fix: {check_result.fix}"
            )
        else:
            failures += 1
            out.print(
                f"[red]FAIL[/red] {check_result.name}: {check_result.detail}\n     fix: {check_result.fix}"
            )
    raise typer.Exit(1 if failures else 0)


def _check_paths(paths: list[str]) -> None:
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}", 2)


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(app)


_register_commands()


def run() -> None:
    """Console-script entry point: library errors become a message and exit code 1."""
    try:
        app()
    except ParleyError as error:
        err.print(f"[red]error:[/red] {error}")
        sys.exit(1)
