"""The report's words: ordinals, dates, and the fixed sentences taken from the meeting's record.

A fixed sentence says only what the record says: an officer is named as chairing only
when the record says they chaired; the purpose and the action required are the record's
own text when the secretariat wrote one, the usual sentence otherwise.
"""

import datetime

from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from cwgcop.languages import base_language

from ..models import Meeting, Officer

# Written out one by one: message extraction only finds literal strings.
_UNIT_ORDINALS = [
    pgettext_lazy("ordinal number in words", "first"),
    pgettext_lazy("ordinal number in words", "second"),
    pgettext_lazy("ordinal number in words", "third"),
    pgettext_lazy("ordinal number in words", "fourth"),
    pgettext_lazy("ordinal number in words", "fifth"),
    pgettext_lazy("ordinal number in words", "sixth"),
    pgettext_lazy("ordinal number in words", "seventh"),
    pgettext_lazy("ordinal number in words", "eighth"),
    pgettext_lazy("ordinal number in words", "ninth"),
    pgettext_lazy("ordinal number in words", "tenth"),
    pgettext_lazy("ordinal number in words", "eleventh"),
    pgettext_lazy("ordinal number in words", "twelfth"),
    pgettext_lazy("ordinal number in words", "thirteenth"),
    pgettext_lazy("ordinal number in words", "fourteenth"),
    pgettext_lazy("ordinal number in words", "fifteenth"),
    pgettext_lazy("ordinal number in words", "sixteenth"),
    pgettext_lazy("ordinal number in words", "seventeenth"),
    pgettext_lazy("ordinal number in words", "eighteenth"),
    pgettext_lazy("ordinal number in words", "nineteenth"),
]
_TENS = {
    2: (
        pgettext_lazy("ordinal number in words", "twentieth"),
        pgettext_lazy("ordinal number in words", "twenty"),
    ),
    3: (
        pgettext_lazy("ordinal number in words", "thirtieth"),
        pgettext_lazy("ordinal number in words", "thirty"),
    ),
    4: (
        pgettext_lazy("ordinal number in words", "fortieth"),
        pgettext_lazy("ordinal number in words", "forty"),
    ),
    5: (
        pgettext_lazy("ordinal number in words", "fiftieth"),
        pgettext_lazy("ordinal number in words", "fifty"),
    ),
    6: (
        pgettext_lazy("ordinal number in words", "sixtieth"),
        pgettext_lazy("ordinal number in words", "sixty"),
    ),
    7: (
        pgettext_lazy("ordinal number in words", "seventieth"),
        pgettext_lazy("ordinal number in words", "seventy"),
    ),
    8: (
        pgettext_lazy("ordinal number in words", "eightieth"),
        pgettext_lazy("ordinal number in words", "eighty"),
    ),
    9: (
        pgettext_lazy("ordinal number in words", "ninetieth"),
        pgettext_lazy("ordinal number in words", "ninety"),
    ),
}


# French and Arabic build a compound ordinal by rules a pattern of catalogue entries cannot
# hold: French joins a one with "et" and counts seventy and ninety as sixty-ten and
# eighty-ten ("soixante et onzième"), and its compounds end in "unième", never "première";
# Arabic puts the unit first and says "الحادي", not "الأول", for a one in a compound.
_FRENCH_UNITS = [
    "unième", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième",
    "huitième", "neuvième", "dixième", "onzième", "douzième", "treizième", "quatorzième",
    "quinzième", "seizième", "dix-septième", "dix-huitième", "dix-neuvième",
]  # fmt: skip
_FRENCH_TENS = {
    2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante",
    7: "soixante", 8: "quatre-vingt", 9: "quatre-vingt",
}  # fmt: skip
_ARABIC_UNITS = [
    "الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
]  # fmt: skip
_ARABIC_TENS = {
    2: "العشرين", 3: "الثلاثين", 4: "الأربعين", 5: "الخمسين", 6: "الستين", 7: "السبعين",
    8: "الثمانين", 9: "التسعين",
}  # fmt: skip


def _french_compound(number: int) -> str:
    """21 -> 'vingt et unième', 71 -> 'soixante et onzième', 80 -> 'quatre-vingtième'."""
    tens, rest = divmod(number, 10)
    if tens in (7, 9):
        rest += 10
    base = _FRENCH_TENS[tens]
    if rest == 0:
        return base.removesuffix("e") + "ième"
    if rest in (1, 11) and tens not in (8, 9):
        return f"{base} et {_FRENCH_UNITS[rest - 1]}"
    return f"{base}-{_FRENCH_UNITS[rest - 1]}"


def _arabic_compound(number: int) -> str:
    """21 -> 'الحادي والعشرين', as in 'الاجتماع الحادي والعشرين'."""
    tens, unit = divmod(number, 10)
    if unit == 0:
        return _ARABIC_TENS[tens]
    return f"{_ARABIC_UNITS[unit - 1]} و{_ARABIC_TENS[tens]}"


_COMPOUNDS = {"fr": _french_compound, "ar": _arabic_compound}


def ordinal_in_words(number: int) -> str:
    """'twenty-first' for 21, as the report names a meeting; digits past ninety-nine."""
    if 1 <= number < 20:
        return str(_UNIT_ORDINALS[number - 1])
    tens, unit = divmod(number, 10)
    if tens not in _TENS:
        return str(number)
    compound = _COMPOUNDS.get(base_language(get_language()))
    if compound is not None:
        return compound(number)
    ordinal, cardinal = _TENS[tens]
    if unit == 0:
        return str(ordinal)
    return pgettext("ordinal number in words: tens and unit", "%(tens)s-%(unit)s") % {
        "tens": cardinal,
        "unit": _UNIT_ORDINALS[unit - 1],
    }


def dates_in_words(start: datetime.date, end: datetime.date) -> str:
    """'on 30 September and 1 October 2024': the year, and the month, written once where the
    language writes a date day, month, year (English, French, Arabic); every other language
    writes both dates in full, in its own date format (the genitive month in Russian)."""
    full = get_format("DATE_FORMAT")
    if start == end:
        return _("on %(date)s") % {"date": date_format(start, full)}
    if full != "j F Y" or start.year != end.year:
        first = date_format(start, full)
    elif start.month != end.month:
        first = date_format(start, "j F")
    else:
        first = date_format(start, "j")
    last = date_format(end, full)
    if (end - start).days == 1:
        return _("on %(first)s and %(last)s") % {"first": first, "last": last}
    return _("from %(first)s to %(last)s") % {"first": first, "last": last}


def _format_in_words(meeting: Meeting) -> str:
    return {
        Meeting.Format.HYBRID: _("in a hybrid format"),
        Meeting.Format.VIRTUAL: _("in a virtual format"),
        Meeting.Format.IN_PERSON: _("in person"),
        Meeting.Format.UNKNOWN: "",
    }[meeting.format]


def _group_name(meeting: Meeting) -> str:
    """The name of a group other than the first on the meeting's first day (that of its
    period, else its own); empty for the first group, whose report keeps its own words."""
    if not meeting.group_name:
        return ""
    period = meeting.group.period_on(meeting.start_date)
    return period.name if period is not None and period.name else meeting.group_name


def purpose(meeting: Meeting, ordinal: str, dates: str) -> str:
    if meeting.purpose:
        return meeting.purpose
    values = {
        "ordinal": ordinal,
        "group": meeting.document_prefix,
        "dates": dates,
        "mandate": meeting.mandate,
        "name": _group_name(meeting),
    }
    if values["name"] and meeting.mandate:
        text = _(
            "This report summarizes the main results of the %(ordinal)s meeting of the "
            "%(name)s (%(group)s), held %(dates)s, in accordance with %(mandate)s."
        )
    elif values["name"]:
        text = _(
            "This report summarizes the main results of the %(ordinal)s meeting of the "
            "%(name)s (%(group)s), held %(dates)s."
        )
    elif meeting.mandate:
        text = _(
            "This report summarizes the main results of the %(ordinal)s meeting of the "
            "Council Working Group on child online protection (%(group)s), held %(dates)s, "
            "in accordance with %(mandate)s."
        )
    else:
        text = _(
            "This report summarizes the main results of the %(ordinal)s meeting of the "
            "Council Working Group on child online protection (%(group)s), held %(dates)s."
        )
    return text % values


def action_required(meeting: Meeting) -> str:
    if not meeting.action_required and (name := _group_name(meeting)):
        return _("The %(name)s is invited to consider and approve the report.") % {"name": name}
    return meeting.action_required or _(
        "The Council Working Group on child online protection is invited to consider and "
        "approve the report."
    )


def chaired_by(meeting: Meeting, officer: Officer) -> str:
    """'Mr A (UAE)' for the chair; a vice-chair who chaired is stated as such."""
    if officer.role == Officer.Role.CHAIR:
        return officer.formal_name
    return _("%(name)s, %(role)s of the %(group)s") % {
        "name": officer.formal_name,
        "role": officer.get_role_display(),
        "group": meeting.document_prefix,
    }


def _participants(meeting: Meeting) -> str:
    count = {"count": meeting.participants}
    if meeting.participants_approximate:
        text = ngettext(
            "Approximately %(count)s participant",
            "Approximately %(count)s participants",
            meeting.participants,
        )
    else:
        text = ngettext("%(count)s participant", "%(count)s participants", meeting.participants)
    text = text % count
    if meeting.participants_represented:
        return _("%(participants)s, representing %(represented)s,") % {
            "participants": text,
            "represented": meeting.participants_represented,
        }
    return text


def _attendance(meeting: Meeting, chair: Officer | None) -> str:
    if meeting.participants and chair:
        return _(
            "%(participants)s participated in the meeting, which was chaired by %(chair)s."
        ) % {
            "participants": _participants(meeting),
            "chair": chaired_by(meeting, chair),
        }
    if meeting.participants:
        return _("%(participants)s participated in the meeting.") % {
            "participants": _participants(meeting)
        }
    if chair:
        return _("The meeting was chaired by %(chair)s.") % {"chair": chaired_by(meeting, chair)}
    return ""


def introduction(meeting: Meeting, chair: Officer | None, ordinal: str, dates: str) -> str:
    """When, how, who took part, who chaired and who could attend."""
    values = {
        "ordinal": ordinal,
        "group": meeting.document_prefix,
        "dates": dates,
        "format": _format_in_words(meeting),
        "name": _group_name(meeting),
    }
    if values["name"] and meeting.format:
        held = _(
            "The %(ordinal)s meeting of the %(name)s (%(group)s) was held %(dates)s %(format)s."
        )
    elif values["name"]:
        held = _("The %(ordinal)s meeting of the %(name)s (%(group)s) was held %(dates)s.")
    elif meeting.format:
        held = _(
            "The %(ordinal)s meeting of the ITU Council Working Group on child online protection "
            "(%(group)s) was held %(dates)s %(format)s."
        )
    else:
        held = _(
            "The %(ordinal)s meeting of the ITU Council Working Group on child online "
            "protection (%(group)s) was held %(dates)s."
        )
    sentences = [held % values, _attendance(meeting, chair), meeting.who_could_attend.strip()]
    return " ".join(sentence for sentence in sentences if sentence)


def signature(meeting: Meeting, chair: Officer | None) -> tuple[str, ...]:
    """The name and title of whoever chaired: 'Chair, CWG-COP' or 'Vice-chair, CWG-COP'."""
    if chair is None:
        return ()
    return (
        str(chair),
        _("%(role)s, %(group)s")
        % {"role": chair.get_role_display(), "group": meeting.document_prefix},
    )


def agenda_additions(items) -> str:
    """The sentence on the agenda items the meeting added, or nothing."""
    titles = [f"{item.order} {item.title}" for item in items]
    if not titles:
        return ""
    return ngettext(
        "The following item was added to the agenda at the meeting: %(items)s.",
        "The following items were added to the agenda at the meeting: %(items)s.",
        len(titles),
    ) % {"items": "; ".join(titles)}
