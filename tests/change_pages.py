"""Reading the list of changes a record's admin page shows, as a person reads it."""

import html
import re

from auditlog.models import LogEntry

from contributions.admin.display import meeting_time


def change_rows(response) -> list[tuple[str, str, list[str]]]:
    """The changes listed on the page, newest first: (when, by, [lines])."""
    page = response.content.decode()
    start = page.find('<section class="change-history"')
    if start == -1:
        return []
    section = page[start : page.find("</section>", start)]
    rows = []
    for row in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", section, re.S):
        when, who, cell = row
        lines = [html.unescape(line) for line in re.findall(r"<li>(.*?)</li>", cell, re.S)]
        rows.append((html.unescape(when), html.unescape(who), lines))
    return rows


def has_change_list(response) -> bool:
    return '<section class="change-history"' in response.content.decode()


def latest_change_time() -> str:
    """When the latest change was made, as the page shows it (Geneva time)."""
    return meeting_time(LogEntry.objects.latest("timestamp", "pk").timestamp)
