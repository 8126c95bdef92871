"""Comparing two versions, measured on a real producer's file: the text of the first 40
pages of tests/contributions/data/producers/libreoffice-writer-300-pages.pdf (the 21st
meeting's report, as pypdf reads it for search) against a revision of it with one
paragraph in ten changed by a word, one in twenty-five deleted and one in thirty inserted,
and against a revision rewritten throughout (the slowest case: every paragraph differs).

    .venv/bin/python -m bench.compare

Prints the paragraphs, the characters and the best of five times of each comparison.
"""

import sys
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = 40
SOURCE = ROOT / "tests/contributions/data/producers/libreoffice-writer-300-pages.pdf"


def _revised(paragraphs: list[str]) -> list[str]:
    revised = []
    for index, paragraph in enumerate(paragraphs):
        if index % 25 == 3:
            continue
        if index % 10 == 5:
            paragraph = paragraph.replace(" the ", " this ", 1) + " (amended)"
        revised.append(paragraph)
        if index % 30 == 7:
            revised.append(f"A paragraph inserted after paragraph {index}.")
    return revised


def _rewritten(paragraphs: list[str]) -> list[str]:
    return [" ".join(reversed(paragraph.split())) for paragraph in paragraphs]


def _best_of(runs: int, function, *arguments) -> tuple[float, object]:
    best, result = float("inf"), None
    for _run in range(runs):
        started = time.perf_counter()
        result = function(*arguments)
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    import django

    django.setup()
    from contributions.compare import compare_texts, counts, paragraphs

    reader = PdfReader(SOURCE)
    text = "\n".join(page.extract_text() for page in reader.pages[:PAGES])
    original = paragraphs(text)
    print(f"{PAGES} pages: {len(text):,} characters, {len(original):,} paragraphs")
    for name, revision in (
        ("revised", "\n\n".join(_revised(original))),
        ("rewritten", "\n\n".join(_rewritten(original))),
    ):
        seconds, blocks = _best_of(5, compare_texts, text, revision)
        print(f"{name}: {seconds * 1000:.0f} ms, {counts(blocks)}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    main()
