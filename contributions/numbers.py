"""Document numbers as people type them: the key that finds a number written either way.

The group's numbers were written in many forms (WG-CP-3/12, CWG-COP/15,
CWG-COP-18/INF/3 Rev.1, C12/34). A visitor types them with or without hyphens, spaces,
dots or brackets, in any letter case; the key keeps only letters, digits and the slashes
that separate the parts, so "cwg cop 18/inf/3 rev1" and "CWG-COP-18/INF/3(Rev.1)" meet.
Slashes stay: without them CWG-COP-2/15 and CWG-COP-21/5 would be the same key.
"""

import re

_NOT_KEPT = re.compile(r"[^0-9a-z/]+")


def number_key(number: str) -> str:
    """The searchable key of a number: lowercase letters, digits and slashes only."""
    return _NOT_KEPT.sub("", (number or "").casefold())


SUPPLEMENT_LABELS = {"addendum": "Add", "corrigendum": "Corr"}


def supplement_number(number: str, *, kind: str, position: int) -> str:
    """The number ITU gives the n-th addendum or corrigendum: `…/INF/3(Add.1)`."""
    return f"{number}({SUPPLEMENT_LABELS[kind]}.{position})"
