"""Fit the confidence model on the news set's train split (n001-n160) and write ``weights.json``.

    python -m parley.confidence.train            # from the project's folder, ../shared beside it
    python -m parley.confidence.train --check    # exit 1 when the shipped weights differ

The train split's documents are extracted and fused as ``parley extract`` does, each event
labelled against the gold (``parley.confidence.labels``) and described by its cues
(``parley.confidence.features``). Cues seen on fewer than ``MIN_EVENTS`` events are dropped, a
rare rule id folded into its field's ``rule=other``. For the event and each field, a logistic
regression with an L2 penalty is fitted by Newton's method; the penalty is chosen from ``L2_GRID``
by cross-validation over five folds of whole documents (lowest held-out log loss). The penalised
fit is used as it is: Platt scaling of the held-out log-odds (the model file keeps a ``scale`` and
``shift`` for it) was tried, and in nested cross-validation on the train split it made held-out
events worse calibrated (event ECE 0.034 -> 0.035, log loss 0.563 -> 0.569), the penalty having
already taken the over-confidence out. Everything is deterministic: the same extraction gives the
same weights, which is what ``--check`` and the tests hold the shipped file to. Only the train
split is read; the test split (n161-n240) is for measuring (``parley evaluate --set news-test``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from parley.confidence import FORMAT_VERSION, TARGETS, calibration
from parley.confidence.features import FIELDS, RULE_FIELDS, features
from parley.confidence.labels import Labelled, fuse_set, label

# A cue must be seen on this many training events to get a weight of its own: fewer cannot be
# told from noise on a split of about 300 events.
MIN_EVENTS = 8
# Penalties tried by cross-validation; the bias is never penalised.
L2_GRID: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0, 30.0)
FOLDS = 5
DIGITS = 6  # weights are written rounded, so the file is stable across machines

WEIGHTS = Path(__file__).with_name("weights.json")


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, penalised: np.ndarray) -> np.ndarray:
    """Weights minimising log loss + l2/2 * |w|^2 over the penalised columns (Newton's method)."""
    w = np.zeros(x.shape[1])
    ridge = l2 * penalised + 1e-9
    for _ in range(100):
        p = sigmoid(x @ w)
        grad = x.T @ (p - y) + ridge * w
        hess = x.T @ (x * (p * (1 - p))[:, None]) + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def vocabulary(cues: Sequence[dict[str, float]]) -> list[str]:
    """The cues seen on at least ``MIN_EVENTS`` events, each field's ``rule=other``, bias first."""
    seen = Counter(name for c in cues for name in c)
    kept = {name for name, n in seen.items() if n >= MIN_EVENTS}
    kept |= {f"{field} rule=other" for field in RULE_FIELDS}
    kept.discard("bias")
    return ["bias", *sorted(kept)]


def folds(labelled: Sequence[Labelled]) -> np.ndarray:
    """A fold per event, by its first document: an article's events are held out together."""
    first = [min(r.doc for r in item.fused.reports) for item in labelled]
    order = {doc: n for n, doc in enumerate(sorted(set(first)))}
    return np.array([order[doc] % FOLDS for doc in first])


def fit_target(x: np.ndarray, y: np.ndarray, fold: np.ndarray) -> dict[str, Any]:
    """Choose the penalty by cross-validation, fit Platt scaling on the held-out log-odds, fit on all."""
    penalised = np.ones(x.shape[1])
    penalised[0] = 0.0
    best: tuple[float, float, np.ndarray] | None = None
    for l2 in L2_GRID:
        held_out = np.zeros(len(y))
        for k in range(FOLDS):
            train, test = fold != k, fold == k
            held_out[test] = x[test] @ fit_logistic(x[train], y[train], l2, penalised)
        loss = log_loss(sigmoid(held_out), y)
        if best is None or loss < best[0] - 1e-12:
            best = (loss, l2, held_out)
    assert best is not None
    loss, l2, held_out = best
    w = fit_logistic(x, y, l2, penalised)
    return {
        "w": w, "l2": l2, "n": int(len(y)), "right": int(y.sum()), "cv_log_loss": round(loss, 4),
        "cv_ece": calibration.ece(sigmoid(held_out).tolist(), [bool(v) for v in y]),
    }  # fmt: skip


def train(labelled: Sequence[Labelled]) -> dict[str, Any]:
    """The model file's content, fitted on labelled events."""
    raw = [features(i.fused.event, i.fused.reports, i.fused.contradictions) for i in labelled]
    names = vocabulary(raw)
    known = set(names)
    cues = [features(i.fused.event, i.fused.reports, i.fused.contradictions, known) for i in labelled]
    x = np.array([[c.get(name, 0.0) for name in names] for c in cues])
    fold = folds(labelled)
    targets: dict[str, Any] = {}
    for target in TARGETS:
        if target == "event":
            rows = np.arange(len(labelled))
            y = np.array([float(i.real) for i in labelled])
        else:
            rows = np.array([n for n, i in enumerate(labelled) if i.real])
            y = np.array([float(labelled[int(n)].fields[target]) for n in rows])
        fitted = fit_target(x[rows], y, fold[rows])
        weights = {name: round(float(v), DIGITS) for name, v in zip(names, fitted.pop("w"), strict=True)}
        targets[target] = {
            "weights": {k: v for k, v in weights.items() if v != 0.0},
            "scale": 1.0,
            "shift": 0.0,
            **fitted,
        }
    from parley.extraction import EXTRACTOR_VERSION

    return {
        "format": FORMAT_VERSION,
        "trained_on": "news-train (n001-n160)",
        "extractor": EXTRACTOR_VERSION,
        "events": len(labelled),
        "min_events": MIN_EVENTS,
        "l2_grid": list(L2_GRID),
        "folds": FOLDS,
        "targets": targets,
    }


def labelled_train_split(shared: Path) -> list[Labelled]:
    """The train split's documents extracted, fused and labelled."""
    from parley.errors import ParleyError
    from parley.evaluate import extract_set, standard_sets

    split = standard_sets(Path("."), shared)["news-train"]
    if not split.available():
        raise ParleyError(
            f"no news set at {split.docs}. Fix: run from the project's folder with ../shared beside it"
        )
    documents, extracted = extract_set(split)
    return label(fuse_set(documents, [(d.id, reps) for d, reps in extracted]), split.load_gold(), FIELDS)


def render(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m parley.confidence.train",
        description="Fit the confidence model on the news set's train split. "
        "Example: python -m parley.confidence.train --check",
    )
    parser.add_argument(
        "--shared", type=Path, default=Path("../shared"), help="the shared folder holding eval/"
    )
    parser.add_argument("-o", "--output", type=Path, default=WEIGHTS, help="where to write the weights")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output differs")
    args = parser.parse_args(argv)
    model = train(labelled_train_split(args.shared))
    text = render(model)
    for name in TARGETS:
        t = model["targets"][name]
        print(
            f"{name:<9} n={t['n']:<4} right={t['right']:<4} l2={t['l2']:<5} "
            f"cv_log_loss={t['cv_log_loss']:.4f} cv_ece={t['cv_ece']:.4f}",
            file=sys.stderr,
        )
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print("weights are current" if same else f"{args.output} differs from a fresh fit", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
