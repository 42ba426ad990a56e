"""Coverage-guided fuzzing of ingestion with atheris (libFuzzer), run by hand.

    .venv/bin/python tests/reliability/fuzz_ingest_atheris.py -runs=100000
    .venv/bin/python tests/reliability/fuzz_ingest_atheris.py -max_total_time=300 corpus_dir/

The first input byte picks the format (txt, html, pdf, jsonl or sniffed); the rest is
the file's bytes. Anything other than a list of Documents and Rejections with known
reason codes, or any exception, is a crash that libFuzzer saves as ``crash-<sha1>``.
"""

from __future__ import annotations

import re
import sys

import atheris

with atheris.instrument_imports():
    from parley.ingest import REASONS, content_id, ingest_bytes
    from parley.model import Document, Rejection

FORMATS = ("txt", "html", "pdf", "jsonl", None)
HEX16 = re.compile(r"[0-9a-f]{16}")


def one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    items = ingest_bytes(data[1:], name="fuzz", source="fuzz", fmt=fmt)
    if not items:
        raise AssertionError("an input vanished without a document or a rejection")
    for item in items:
        if isinstance(item, Rejection):
            if item.reason not in REASONS:
                raise AssertionError(f"unknown reason code {item.reason!r}")
        elif isinstance(item, Document):
            if not item.text.strip() or not HEX16.fullmatch(item.id) or item.id != content_id(item.text):
                raise AssertionError(f"malformed document {item.id!r}")
        else:
            raise AssertionError(f"unexpected item {item!r}")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
