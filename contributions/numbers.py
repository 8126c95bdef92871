"""Document numbers as people type them: the keys that find a number written either way.

The group's numbers were printed in many forms (WG-CP/1/16, WG-CP-3/12, CWG-COP/15,
CWG-COP-18/INF/3 Rev.1, C20/57). A visitor types them in any letter case, with slashes,
spaces, hyphens, dots or brackets between the parts, or none where none is needed. A
number's key is the sequence of its words and numbers, lowercased and parted by one space:

    WG-CP/1/16 Rev.1, wg cp 1 16 rev1, WGCP/1/16(Rev.1)   ->  "wgcp 1 16 rev 1"

The rules, which make a key the same however the number is typed:

- any run of characters other than letters and digits parts two words (slash, space,
  hyphen, dot, bracket: all the same);
- a letter next to a digit needs no separator: "C20" is "C 20", "rev1" is "rev 1";
- letters are one word whether typed together or apart: "WG-CP" is "WGCP";
- digits typed together are one number, and leading zeros do not count ("05" is "5").

The last rule is what keeps numbers apart: CWG-COP-2/15 is "cwgcop 2 15" and CWG-COP-21/5
is "cwgcop 21 5", whichever separator is typed between the digits. Typed without one,
"CWG-COP-215" could be either: it is read as "cwgcop 215" and finds neither.

A number's stem is its key without the revision, addendum or corrigendum at its end
("wgcp 1 16"): a number typed without its revision finds every revision of it.
"""

import re
import unicodedata

_RUNS = re.compile(r"[a-z]+|[0-9]+")

# The words of a revision, an addendum or a corrigendum, typed short or in full.
_SUPPLEMENT_WORDS = {
    "rev": "rev",
    "revision": "rev",
    "add": "add",
    "addendum": "add",
    "corr": "corr",
    "corrigendum": "corr",
}


def _words(number: str) -> list[str]:
    """The number's words and numbers, lowercased, accents dropped, as the rules say."""
    text = unicodedata.normalize("NFKD", (number or "").casefold())
    text = "".join(character for character in text if not unicodedata.combining(character))
    words: list[str] = []
    for match in _RUNS.finditer(text):
        run = match.group(0)
        if run.isdigit():
            words.append(run.lstrip("0") or "0")
        elif run in _SUPPLEMENT_WORDS:
            words.append(_SUPPLEMENT_WORDS[run])
        elif words and words[-1].isalpha() and words[-1] not in _SUPPLEMENT_WORDS.values():
            # Letters parted only by separators are one word: "WG-CP" is "wgcp".
            words[-1] += run
        else:
            words.append(run)
    return words


def _stem_length(words: list[str]) -> int:
    """How many of the words remain once the revision, addenda and corrigenda at the end
    ("rev 1", "add 2") are left out."""
    end = len(words)
    while end >= 3 and words[end - 2] in _SUPPLEMENT_WORDS.values() and words[end - 1].isdigit():
        end -= 2
    return end


def number_key(number: str) -> str:
    """The searchable key of a number: "WG-CP/1/16 Rev.1" is "wgcp 1 16 rev 1"."""
    return " ".join(_words(number))


def number_stem(number: str) -> str:
    """The key of a number without its revision: "WG-CP/1/16 Rev.1" is "wgcp 1 16"."""
    words = _words(number)
    return " ".join(words[: _stem_length(words)])


def looks_like_number(text: str) -> bool:
    """Whether a search may be a document number, whole or its end ("INF 5", "21/INF/5"):
    two words or more, one of them a number, not starting with a revision ("Rev.1" alone
    would name every first revision)."""
    words = _words(text)
    return (
        len(words) >= 2
        and any(word.isdigit() for word in words)
        and words[0] not in _SUPPLEMENT_WORDS.values()
    )


SUPPLEMENT_LABELS = {"addendum": "Add", "corrigendum": "Corr"}


def supplement_number(number: str, *, kind: str, position: int) -> str:
    """The number ITU gives the n-th addendum or corrigendum: `…/INF/3(Add.1)`."""
    return f"{number}({SUPPLEMENT_LABELS[kind]}.{position})"
