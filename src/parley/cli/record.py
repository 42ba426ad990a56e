"""Commands over the fused record: fuse, events, timeline, ledger, stances, export.

They parse options, call parley.fuse / ledger / stances / export and the record's one query
layer (parley.store.query, which the web app reads through too), and format what comes back:
data on stdout, progress and errors on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parley.cli.common import err, fail, open_store, out, state

if TYPE_CHECKING:
    from parley.store.query import EventFilter

Actor = Annotated[str | None, typer.Option(help="Only events with this party (code, e.g. AZE).")]
Issue = Annotated[str | None, typer.Option(help="Only events where this pack issue came up (issue id).")]
Mediator = Annotated[str | None, typer.Option(help="Only events with this mediator (code).")]
StatusOpt = Annotated[str | None, typer.Option(help="Only events with this current status.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="meeting, call or agreement.")]
EventFormat = Annotated[
    str | None,
    typer.Option("--event-format", help="bilateral, trilateral or multilateral (sides present, mediator in)"),
]
Since = Annotated[
    str | None, typer.Option(help="Events whose first day is on or after this date (YYYY[-MM[-DD]]).")
]
Until = Annotated[
    str | None, typer.Option(help="Events whose first day is on or before this date (YYYY[-MM[-DD]]).")
]
AsJson = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
# Read as text and checked by the query layer, so a bad value gets the message the API gives.
MinConfidence = Annotated[
    str | None,
    typer.Option(
        "--min-confidence",
        help="Only events at least this likely to be real (0 to 1; see docs/extraction.md#confidence).",
    ),
]


def _filter(
    actor: str | None = None,
    issue: str | None = None,
    mediator: str | None = None,
    status: str | None = None,
    type_: str | None = None,
    since: str | None = None,
    until: str | None = None,
    event_format: str | None = None,
    min_confidence: str | None = None,
    *,
    curated: bool = True,
) -> EventFilter:
    from parley.store.query import FilterError, event_filter

    try:
        return event_filter(
            actor=actor, issue=issue, mediator=mediator, status=status, type=type_, since=since,
            until=until, format=event_format, min_confidence=min_confidence, curated=curated,
        )  # fmt: skip
    except FilterError as error:
        raise fail(f"{error}; see --help", 2) from error


def fuse_command(ctx: typer.Context) -> None:
    """Fuse every stored report not yet fused into the record (one event per real-world event).

    Example: parley fuse
    """
    from parley.fuse import fuse_pending
    from parley.store import query

    store = open_store(ctx)
    result = fuse_pending(store)
    if not state(ctx).quiet:
        total = query.count_events(store.conn, cap=None)
        err.print(
            f"{result.documents - result.unchanged_documents} documents fused ({result.reports} reports): "
            f"{result.events_created} events created, {result.events_updated} updated, "
            f"{result.events_deleted} removed; {total} events in the record"
        )


def events_command(
    ctx: typer.Context,
    actor: Actor = None,
    issue: Issue = None,
    mediator: Mediator = None,
    status: StatusOpt = None,
    type_: TypeOpt = None,
    since: Since = None,
    until: Until = None,
    event_format: EventFormat = None,
    min_confidence: MinConfidence = None,
    as_json: AsJson = False,
) -> None:
    """List the events of the record (as curated), each with its sources and decided fields.

    Example: parley events --actor RUS --type meeting --min-confidence 0.7 --json
    """
    from parley.store import query

    flt = _filter(actor, issue, mediator, status, type_, since, until, event_format, min_confidence)
    from parley.store import curation

    store = open_store(ctx)
    verdicts = curation.verdicts(store.conn)
    for ev in query.iter_events(store.conn, flt):
        if as_json:
            data = ev.to_json()
            data["verdict"] = verdicts.get(ev.id)
            data["contradictions"] = [c.to_json() for c in query.contradictions(store.conn, [ev.id])]
            data["status_history"] = [h.to_json() for h in query.status_history(store.conn, [ev.id])]
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            sure = "?" if ev.confidence is None else f"{ev.confidence:.2f}"
            out.print(
                f"{ev.id}  {ev.date or '?':<10} {ev.type:<9} {ev.status:<10} {','.join(ev.parties):<20} "
                f"{ev.place or '-'}  ({ev.mentions} reports, {ev.documents} documents; confidence {sure})"
                + (f"  {verdicts[ev.id]}" if ev.id in verdicts else "")
            )


def timeline_command(
    ctx: typer.Context,
    actor: Actor = None,
    issue: Issue = None,
    mediator: Mediator = None,
    status: StatusOpt = None,
    type_: TypeOpt = None,
    since: Since = None,
    until: Until = None,
    event_format: EventFormat = None,
    min_confidence: MinConfidence = None,
    as_json: AsJson = False,
) -> None:
    """The negotiation as a timeline: one row per event, in date order, with where sources disagree.

    Example: parley timeline --actor AZE --since 2023-01
    """
    from rich.table import Table

    from parley.export import records

    flt = _filter(actor, issue, mediator, status, type_, since, until, event_format, min_confidence)
    store = open_store(ctx)
    rows = records(store, flt)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(box=None)
    table.add_column("date", no_wrap=True)
    for name in (
        "type", "status", "parties", "mediator", "place", "issues", "sources", "disputed", "confidence"
    ):  # fmt: skip
        table.add_column(name)
    for row in rows:
        date = (row["date"] or "undated") + ("~" if row["date_approx"] else "")
        table.add_row(
            date, row["type"], row["status"] + (f" ({row['verdict']})" if row["verdict"] else ""),
            ", ".join(row["parties"]), row["mediator"] or "",
            row["place"] or "", ", ".join(row["issues"]), str(row["documents"]),
            ", ".join(row["contradictions"]), "" if row["confidence"] is None else f"{row['confidence']:.2f}",
        )
    out.print(table)


def ledger_command(
    ctx: typer.Context,
    today: Annotated[str | None, typer.Option(help="Judge overdue as of this day (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, typer.Option(help="Only claims from this outlet or document.")] = None,
    tally_only: Annotated[bool, typer.Option("--tally", help="Only the per-source tally.")] = False,
    as_json: AsJson = False,
) -> None:
    """The expectations ledger: every announced meeting, call or signing, and whether it came true;
    then a tally per source.

    Example: parley ledger --today 2024-01-01 --tally
    """
    from rich.table import Table

    from parley.ledger import ledger, tally

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError as error:
        raise fail(f"--today must be YYYY-MM-DD, got {today!r}", 2) from error
    items = ledger(open_store(ctx), day, source=source)
    tallies = tally(items)
    if as_json:
        if not tally_only:
            for item in items:
                line = json.dumps({"kind": "expectation", **item.to_json()}, ensure_ascii=False)
                sys.stdout.write(line + "\n")
        for t in tallies:
            sys.stdout.write(json.dumps({"kind": "tally", **t.to_json()}, ensure_ascii=False) + "\n")
        return
    if not tally_only:
        table = Table(
            "made on", "source", "speaker", "type", "expected", "resolution", "settled by", box=None
        )
        for x in items:
            settled = f"{x.resolved_status}, reported {x.resolved_on or '?'}" if x.resolved_by else ""
            table.add_row(x.made_on or "?", x.source, x.speaker or "", x.type, x.expected or "undated",
                          x.resolution, settled)
        out.print(table)
    summary = Table("source", "made", "came true", "failed", "overdue", "open", box=None)
    for t in tallies:
        summary.add_row(t.source, str(t.made), str(t.came_true), str(t.failed), str(t.overdue), str(t.open))
    out.print(summary)


def stances_command(
    ctx: typer.Context,
    issue: Issue = None,
    actor: Annotated[str | None, typer.Option(help="Only this side's statements (code).")] = None,
    refresh: Annotated[bool, typer.Option(help="Extract stances from every stored document first.")] = False,
    with_agenda: Annotated[
        bool,
        typer.Option("--agenda", help="First list the events where each issue came up (the curated record)."),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Each side's stated positions on the pack's issues over time, with the quote and document;
    with --agenda, first the events where each issue came up, as the issue's web page shows them.

    Example: parley stances --refresh --issue peace_treaty --actor ARM --agenda
    """
    from parley.cli.common import get_pack
    from parley.stances import agenda, extract_stances
    from parley.store import query
    from parley.store import stances as stance_store

    store = open_store(ctx)
    if refresh:
        pack = get_pack(ctx)
        for doc in store.iter_documents():
            stance_store.replace_stances(store, doc.id, extract_stances(doc, pack))
    if with_agenda:
        flt = _filter(actor=actor, issue=issue)
        for issue_id, events in agenda(query.iter_events(store.conn, flt)).items():
            if issue and issue_id != issue:
                continue
            for ev in events:
                if as_json:
                    line = {"kind": "agenda", "issue": issue_id, "event": ev.to_json()}
                    sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
                else:
                    out.print(
                        f"{ev.date or '?':<10} {issue_id:<22} agenda: {ev.id} {ev.type} {ev.status} "
                        f"{','.join(ev.parties)} {ev.place or '-'}"
                    )
    for st in stance_store.stances(store.conn, issue=issue, party=actor.upper() if actor else None):
        if as_json:
            sys.stdout.write(json.dumps(st.to_json(), ensure_ascii=False) + "\n")
        else:
            out.print(
                f"{st.published or '?':<10} {st.issue:<22} {st.party or '?':<5} {st.speaker} ({st.verb}): "
                f"{st.quote}  [{st.doc}]"
            )


def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl, parquet, geojson, ics or plover.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file (else stdout).")] = None,
    actor: Actor = None,
    issue: Issue = None,
    mediator: Mediator = None,
    status: StatusOpt = None,
    type_: TypeOpt = None,
    since: Since = None,
    until: Until = None,
    event_format: EventFormat = None,
    min_confidence: MinConfidence = None,
    uncurated: Annotated[
        bool,
        typer.Option(
            "--uncurated", help="The record as fusion decided it, curation (rejections, merges, ...) ignored."
        ),
    ] = False,
) -> None:
    """Export the record as curated (or, with --uncurated, as fused); column order is documented in
    docs/exports.md. Which record was written is said on stderr.

    Example: parley export --format ics -o negotiation.ics --since 2023-01
    """
    from parley.export import BINARY_FORMATS, FORMATS, export, pack_geocoder

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", 2)
    if fmt in BINARY_FORMATS and output is None:
        raise fail(f"{fmt} is binary: give a file with -o", 2)
    flt = _filter(
        actor, issue, mediator, status, type_, since, until, event_format, min_confidence,
        curated=not uncurated,
    )  # fmt: skip
    store = open_store(ctx)
    geocode = None
    if fmt == "geojson":
        from parley.cli.common import get_pack

        geocode = pack_geocoder(get_pack(ctx))
    n = export(store, fmt, output if output is not None else sys.stdout, flt, geocode=geocode)
    if not state(ctx).quiet:
        which = "the uncurated record (as fused)" if uncurated else "the curated record"
        err.print(f"{n} records of {which} exported as {fmt}" + (f" -> {output}" if output else ""))


def register(app: typer.Typer) -> None:
    """Add the record commands to the parley app."""
    app.command("fuse")(fuse_command)
    app.command("events")(events_command)
    app.command("timeline")(timeline_command)
    app.command("ledger")(ledger_command)
    app.command("stances")(stances_command)
    app.command("export")(export_command)
