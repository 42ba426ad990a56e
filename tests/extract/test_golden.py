"""Every golden passage (tests/golden/*.yaml) extracts to exactly its expected events.

A case passes when each required event is matched (scorer semantics: same type, party
Jaccard >= 0.5, date at the expected precision, place), nothing spurious is reported,
and each matched status equals the expected one after the scorer's aliases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parley.evaluate import STATUS_EQUIVALENT, pair_up, same_status

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
KNOWN = {
    entry["id"]: entry["reason"]
    for entry in yaml.safe_load((Path(__file__).parent / "known_failures.yaml").read_text(encoding="utf-8"))
    or []
}


def _cases() -> list:
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            marks = [pytest.mark.xfail(reason=KNOWN[case["id"]], strict=True)] if case["id"] in KNOWN else []
            cases.append(pytest.param(case, id=str(case["id"]), marks=marks))
    if not cases:
        skip = pytest.mark.skip(reason=f"no cases in {GOLDEN}")
        cases.append(pytest.param(None, id="no-golden-set", marks=skip))
    return cases


def test_known_failures_name_existing_cases():
    ids = {c.values[0]["id"] for c in _cases() if c.values[0] is not None}
    assert not ids or set(KNOWN) <= ids, sorted(set(KNOWN) - ids)


@pytest.mark.parametrize("case", _cases())
def test_golden_passage(case):
    from parley.extraction import extract_text

    published = case.get("published")
    # YAML reads unquoted dates as date objects; the scorer compares ISO strings.
    expected = [
        {**e, "parties": list(e.get("parties") or []), "date": str(e["date"]) if e.get("date") else None}
        for e in case.get("events") or []
    ]
    got = [r.to_json() for r in extract_text(case["text"], published=str(published) if published else None)]
    holder = pair_up(expected, got)
    matched = set(holder.values())
    missed = [e for n, e in enumerate(expected) if n not in matched and not e.get("optional")]
    spurious = [
        {k: g.get(k) for k in ("type", "status", "date", "place", "parties", "mediator")}
        for n, g in enumerate(got)
        if n not in holder
    ]
    wrong_status = [
        (expected[g]["status"], got[p]["status"])
        for p, g in holder.items()
        if not expected[g].get("optional")
        and not same_status(
            STATUS_EQUIVALENT.get(expected[g]["status"], expected[g]["status"]), got[p]["status"]
        )
    ]
    assert not missed and not spurious and not wrong_status, {
        "missed": missed,
        "spurious": spurious,
        "status": wrong_status,
    }
