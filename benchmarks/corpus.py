"""A generated benchmark corpus of realistic size, built from the sample corpus's facts.

Each article takes one to three real events from ``data/sample/gold`` (date, venue,
sides, mediator, status), states them with one of several phrasings from
``phrases.yaml`` relative to a publication date, and pads them with background
sentences and paragraphs of the sample articles, so lengths and the share of
sentences without events resemble news.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PHRASES = Path(__file__).with_name("phrases.yaml")


@dataclass(frozen=True)
class Article:
    name: str
    published: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def _facts() -> list[dict]:
    facts = []
    for path in sorted((SAMPLE / "gold").glob("*.json")):
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
            date = event.get("date") or ""
            if len(date) == 10 and event.get("place") and event["type"] in {"meeting", "call"}:
                facts.append(event)
    if not facts:
        raise SystemExit("no sample gold events with a day date and a place: is data/sample/gold present?")
    return facts


def _paragraphs() -> list[str]:
    paras = []
    for path in sorted((SAMPLE / "articles").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n\n")
        paras += [p.strip() for p in body if len(p.split()) > 25 and ":" not in p[:20]]
    return paras


def _when(day: dt.date, published: dt.date) -> str:
    delta = (day - published).days
    if delta == -1:
        return "yesterday"
    if delta == 1:
        return "tomorrow"
    if -6 <= delta < 0:
        return f"on {day:%A}"
    return f"on {day.day} {day:%B}" if delta % 2 else f"on {day:%B} {day.day}"


def generate(n: int = 10_000, seed: int = 7) -> Iterator[Article]:
    """Yield ``n`` articles, deterministically for a given seed."""
    rng = random.Random(seed)
    phrases = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    facts, paragraphs = _facts(), _paragraphs()
    for i in range(n):
        chosen = rng.sample(facts, k=rng.choice((1, 1, 2, 3)))
        anchor = dt.date.fromisoformat(chosen[0]["date"])
        published = anchor + dt.timedelta(days=rng.choice((-9, -3, -1, 1, 1, 2, 5)))
        sentences = []
        for fact in chosen:
            day = dt.date.fromisoformat(fact["date"])
            status = fact["status"] if fact["type"] == "meeting" else "call"
            if day > published and status == "held":
                status = "planned"
            pool = phrases.get(status) or phrases["held"]
            mediator = fact.get("mediator")
            when = _when(day, published)
            sentences.append(
                rng.choice(pool).format(
                    a=rng.choice(phrases["leaders"]["ARM"]),
                    b=rng.choice(phrases["leaders"]["AZE"]),
                    m=phrases["mediators"].get(mediator, "the hosts"),
                    place=fact["place"],
                    when=when,
                    when_cap=when[0].upper() + when[1:],
                    issue=rng.choice(phrases["issues"]),
                )
            )
        body = [" ".join(sentences)]
        for _ in range(rng.randint(1, 6)):
            if paragraphs and rng.random() < 0.5:
                body.append(rng.choice(paragraphs))
            else:
                body.append(" ".join(rng.sample(phrases["filler"], k=rng.randint(2, 5))))
        title = f"Talks in {chosen[0]['place']}"
        yield Article(
            name=f"bench-{i:06d}",
            published=published.isoformat(),
            text=f"title: {title}\npublished: {published.isoformat()}\n\n" + "\n\n".join(body) + "\n",
        )


def write(folder: Path, n: int = 10_000, seed: int = 7) -> list[Path]:
    """Write the corpus as .txt files (for file-based stages) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in generate(n, seed):
        path = folder / f"{article.name}.txt"
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths
