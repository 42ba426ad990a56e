"""A generated benchmark corpus of realistic size, built from the sample corpus's facts.

Each article reports one to three real events of ``data/sample/gold`` (date, venue, sides,
mediator, status). Everything else is composed from the pieces of ``phrases.yaml``: an event
clause for each fact, written about it relative to a publication date and set in a
reporting frame, with follow-up sentences; paragraphs of background built from a subject,
a predicate, a topic and an ending; a headline. Some paragraphs come from the sample
articles. Composition keeps sentences from repeating the way a handful of fixed templates
would (``sentence_stats`` measures it), and lengths and the share of sentences without
events resemble news.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _when(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """A date expression for ``day`` as an article published on ``published`` would write it."""
    delta = (day - published).days
    weekday = f"{day:%A}"
    absolute = [
        f"on {day.day} {day:%B}",
        f"on {day:%B} {day.day}",
        f"on {day.day} {day:%B} {day.year}",
        f"on {day:%B} {day.day}, {day.year}",
        f"on {weekday}, {day.day} {day:%B}",
    ]
    if abs(delta) > 60:  # another season or year: news names the year
        return rng.choice(
            [absolute[2], absolute[3], f"in {day:%B} {day.year}" if abs(delta) > 400 else absolute[2]]
        )
    if delta == 0:
        return rng.choice(["today", "earlier today", "on " + weekday])
    if delta == -1:
        return rng.choice(["yesterday", "on " + weekday, "late on " + weekday])
    if delta == 1:
        return rng.choice(["tomorrow", "on " + weekday])
    if -6 <= delta < 0:
        return rng.choice(["on " + weekday, "last " + weekday, "on " + weekday, *absolute[:2]])
    if 0 < delta <= 6:
        return rng.choice(["on " + weekday, "next " + weekday, "this " + weekday, *absolute[:2]])
    return rng.choice(absolute)


class _Composer:
    """Builds sentences from the pieces of ``phrases.yaml`` with one random generator."""

    def __init__(self, phrases: dict[str, Any], rng: random.Random) -> None:
        self.p = phrases
        self.rng = rng

    def pick(self, key: str) -> str:
        return self.rng.choice(self.p[key])

    def slots(self, fact: dict[str, Any], published: dt.date) -> dict[str, str]:
        rng, p = self.rng, self.p
        first, second = rng.sample(["ARM", "AZE"], k=2)
        mediator = fact.get("mediator")
        issue, issue2 = rng.sample(p["issues"], k=2)
        when = _when(dt.date.fromisoformat(fact["date"]), published, rng)
        return {
            "a": rng.choice(p["sides"][first]),
            "b": rng.choice(p["sides"][second]),
            "both": self.pick("both"),
            "m": rng.choice(p["mediators"].get(mediator) or p["mediators"]["none"]),
            "place": fact["place"],
            "when": when,
            "day": when.removeprefix("on ").removeprefix("in "),
            "issue": issue,
            "issue2": issue2,
            "src": self.pick("sources"),
            "n": self.pick("numbers"),
            "adj": self.pick("moods"),
            "ordinal": self.pick("ordinals"),
        }

    def event(self, fact: dict[str, Any], published: dt.date) -> list[str]:
        """A sentence reporting ``fact``, and up to two follow-ups about it."""
        day = dt.date.fromisoformat(fact["date"])
        status = fact["status"] if fact["type"] == "meeting" else "call"
        if day > published and status == "held":
            status = "planned"
        clauses = self.p["clauses"].get(status) or self.p["clauses"]["held"]
        slots = self.slots(fact, published)
        clause = self.rng.choice(clauses).format(**slots)
        out = [_sentence(self.pick("frames").format(c=clause, src=slots["src"]))]
        followups = self.p["followups"].get(status) or []
        for line in self.rng.sample(followups, k=min(len(followups), self.rng.choice((0, 0, 1, 1, 2)))):
            out.append(_sentence(line.format(**{**slots, "src": self.pick("sources")})))
        return out

    def background(self, fact: dict[str, Any], published: dt.date) -> str:
        if self.rng.random() < 0.3:
            return _sentence(self.pick("context").format(**self.slots(fact, published)))
        b = self.p["background"]
        predicate = self.rng.choice(b["predicates"]).format(topic=self.rng.choice(b["topics"]))
        return _sentence(f"{self.rng.choice(b['subjects'])} {predicate}{self.rng.choice(b['endings'])}.")


def _sentence(text: str) -> str:
    """Capitalise the first letter (after an opening quotation mark, if any)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def generate(n: int = 10_000, seed: int = 7) -> Iterator[Article]:
    """Yield ``n`` articles, deterministically for a given seed."""
    rng = random.Random(seed)
    phrases = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    compose = _Composer(phrases, rng)
    facts, paragraphs = _facts(), _paragraphs()
    for i in range(n):
        chosen = rng.sample(facts, k=rng.choice((1, 1, 2, 3)))
        anchor = dt.date.fromisoformat(chosen[0]["date"])
        published = anchor + dt.timedelta(days=rng.choice((-9, -3, -1, 0, 1, 1, 2, 5, 12)))
        lead: list[str] = []
        for fact in chosen:
            lead += compose.event(fact, published)
        body = [" ".join(lead)]
        for _ in range(rng.randint(1, 6)):
            if paragraphs and rng.random() < 0.15:
                body.append(rng.choice(paragraphs))
            else:
                body.append(
                    " ".join(
                        compose.background(rng.choice(chosen), published) for _ in range(rng.randint(2, 5))
                    )
                )
        slots = compose.slots(chosen[0], published)
        title = _sentence(compose.pick("headlines").format(**slots))
        yield Article(
            name=f"bench-{i:06d}",
            published=published.isoformat(),
            text=f"title: {title}\npublished: {published.isoformat()}\n\n" + "\n\n".join(body) + "\n",
        )


def sentence_stats(articles: Iterable[Article]) -> dict[str, Any]:
    """Words per article, and how often the corpus repeats a sentence word for word."""
    from parley.extraction.segment import split_sentences

    words: list[int] = []
    seen: set[str] = set()
    total = 0
    for article in articles:
        body = article.text.split("\n\n", 1)[-1]
        words.append(len(body.split()))
        for sentence in split_sentences(body):
            total += 1
            seen.add(sentence.text)
    words.sort()
    return {
        "words_mean": round(sum(words) / len(words), 1),
        "words_p10": words[len(words) // 10],
        "words_median": words[len(words) // 2],
        "words_p90": words[len(words) * 9 // 10],
        "sentences": total,
        "distinct_sentences": len(seen),
        "distinct_share": round(len(seen) / total, 3),
    }


def write(folder: Path, n: int = 10_000, seed: int = 7) -> list[Path]:
    """Write the corpus as .txt files (for file-based stages) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in generate(n, seed):
        path = folder / f"{article.name}.txt"
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths
