"""Writes during a load, through the application's services, as the secretariat and the
delegates make them: `python -m bench.writer publications|drafts --every SECONDS`, with
the environment of the server under load (the same database and the same cache).

- `publications`: before the load, documents of the first group's latest meeting are taken
  off the public pages (`unpublish_document`); during it, one of them is published again
  (`publish_document`) every SECONDS, as that group's secretariat (a GroupRole that
  bench/groups.py gives) publishing at a deadline. At the
  end, those not yet published are published and their publication dates put back, so that
  the archive stays the one the benchmark built.
- `drafts`: the delegates save their drafts (`update_document`) every SECONDS: writes the
  public never sees.

It prints "ready" once set up, starts writing when it reads a line "go" on its standard
input, stops when that closes, then prints one line "WRITER {json}": the writes made, the
failed ones and their median time.
"""

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _secretariat(group):
    """An account of the group's secretariat (bench/groups.py gives the demo's one)."""
    from django.contrib.auth import get_user_model

    from workinggroups.models import GroupRole

    found = (
        get_user_model()
        .objects.filter(
            group_roles__working_group=group, group_roles__role=GroupRole.Role.SECRETARIAT
        )
        .order_by("pk")
        .first()
    )
    if found is None:
        raise SystemExit(f"the archive gives nobody the secretariat of {group}")
    return found


class Publications:
    """Documents unpublished before the load, published again one at a time."""

    def __init__(self, count: int) -> None:
        from contributions import services
        from contributions.models import Document
        from workinggroups.models import default_group

        # The first group's latest meeting: meeting numbers repeat across groups.
        group = default_group()
        self.by = _secretariat(group)
        latest = (
            Document.objects.filter(status=Document.Status.PUBLISHED, meeting__group=group)
            .order_by("-meeting__number", "-sequence")
            .values_list("pk", "published_at")[:count]
        )
        self.dates = dict(latest)
        self.waiting = list(self.dates)
        for document in Document.objects.filter(pk__in=self.waiting):
            services.unpublish_document(
                document=document, by=self.by, reason="Benchmark: published again during a load."
            )

    def write(self) -> None:
        from contributions import services
        from contributions.models import Document

        if not self.waiting:
            return
        document = Document.objects.get(pk=self.waiting.pop(0))
        services.publish_document(document=document, by=self.by, tell=False)

    def finish(self) -> None:
        from contributions.models import Document

        while self.waiting:
            self.write()
        # The archive's own dates, so that its lists read the same in the next run (an
        # update is told as a save: the pages kept with today's dates are dropped).
        for pk, published_at in self.dates.items():
            Document.objects.filter(pk=pk).update(published_at=published_at)


class Drafts:
    """The delegates' drafts, saved again and again."""

    def __init__(self) -> None:
        from contributions.models import Document, DocumentSource

        self.drafts = []
        links = DocumentSource.objects.filter(
            document__status__in=[Document.Status.DRAFT, Document.Status.RETURNED],
            source__delegates__isnull=False,
        ).select_related("document")
        for link in links.order_by("document_id"):
            delegate = link.source.delegates.order_by("pk").first()
            self.drafts.append((link.document_id, delegate))
        if not self.drafts:
            raise SystemExit("the archive holds no draft of a source with a delegate")
        self.saved = 0

    def write(self) -> None:
        from contributions import services
        from contributions.models import Document

        pk, delegate = self.drafts[self.saved % len(self.drafts)]
        document = Document.objects.get(pk=pk)
        self.saved += 1
        services.update_document(
            document=document,
            by=delegate,
            changes={"summary": f"Draft saved {self.saved} times during a benchmark load."},
        )

    def finish(self) -> None:
        pass


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["publications", "drafts"])
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--count", type=int, default=20)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    # Its writes mail nobody: the console backend would write on the standard output,
    # which carries "ready" and the report.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    writer = Publications(arguments.count) if arguments.kind == "publications" else Drafts()
    stop = threading.Event()
    print("ready", flush=True)
    sys.stdin.readline()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    timings, failed, failures = [], 0, []
    while not stop.wait(arguments.every):
        started = time.perf_counter()
        try:
            writer.write()
            timings.append((time.perf_counter() - started) * 1000)
        except Exception as error:  # counted and reported: the load goes on
            failed += 1
            failures.append(repr(error)[:200])
    writer.finish()
    report = {
        "writes": len(timings),
        "failed": failed,
        "failures": failures[:3],
        "median_ms": statistics.median(timings) if timings else 0.0,
    }
    print("WRITER " + json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
