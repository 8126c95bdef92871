"""The whole record of an archived meeting, as the admin can enter it: its officers and
who chaired, its agenda and the items added at the meeting, who took part and who could,
and the report's own sentences (purpose, action required).

In the file, under a `[[meeting]]`:

    officers = [
      { role = "chair", honorific = "Ms", name = "A. Person", affiliation = "Country" },
      { role = "vice_chair", name = "B. Person", chaired = true },
    ]
    agenda = ["Opening of the meeting", { title = "Any other business", added = true }]

Officers and agenda items are compared in their order, so that a second run of the same
file changes nothing; officers are written anew when they differ, agenda items in place
(documents and presentations filed under an item keep it).
"""

from __future__ import annotations

from typing import Any

from meetings.models import AgendaItem, Meeting, Officer

from .reading import Entry, Problem

# The meeting's own fields the file may give, with the model field each fills.
TEXT_FIELDS = {
    "mandate": "mandate",
    "purpose": "purpose",
    "action_required": "action_required",
    "who_attended": "participants_represented",
    "who_could_attend": "who_could_attend",
}
OFFICER_KEYS = ("role", "honorific", "name", "affiliation", "chaired")
AGENDA_KEYS = ("title", "added")


def check_meeting_record(entry: Entry, problems: list[Problem]) -> None:
    """Officers and agenda items, item by item; the types of the other fields are checked
    with every field (reading.MEETING_FIELDS)."""
    officers = entry.values.get("officers")
    if isinstance(officers, list):
        chaired = 0
        for position, officer in enumerate(officers, start=1):
            where = f"officers[{position}]"
            line = entry.line_of("officers")
            if not isinstance(officer, dict):
                problems.append(Problem(line, where, 'write { role = "chair", name = "…" }.'))
                continue
            for key in sorted(set(officer) - set(OFFICER_KEYS)):
                problems.append(
                    Problem(line, where, f"unknown key “{key}”; use {', '.join(OFFICER_KEYS)}.")
                )
            if officer.get("role") not in Officer.Role.values:
                problems.append(
                    Problem(line, where, f"role is one of {', '.join(Officer.Role.values)}.")
                )
            if not isinstance(officer.get("name"), str) or not officer["name"].strip():
                problems.append(Problem(line, where, "name is missing."))
            for key in ("honorific", "affiliation"):
                if key in officer and not isinstance(officer[key], str):
                    problems.append(Problem(line, where, f"write {key} in quotes."))
            if "chaired" in officer and not isinstance(officer["chaired"], bool):
                problems.append(Problem(line, where, "chaired is true or false."))
            chaired += officer.get("chaired") is True
        if chaired > 1:
            problems.append(
                Problem(entry.line_of("officers"), "officers", "only one officer chaired.")
            )
    agenda = entry.values.get("agenda")
    if isinstance(agenda, list):
        for position, item in enumerate(agenda, start=1):
            where = f"agenda[{position}]"
            line = entry.line_of("agenda")
            if isinstance(item, str) and item.strip():
                continue
            if not isinstance(item, dict):
                problems.append(
                    Problem(line, where, 'write the title in quotes, or { title = "…" }.')
                )
                continue
            for key in sorted(set(item) - set(AGENDA_KEYS)):
                problems.append(Problem(line, where, f"unknown key “{key}”; use title, added."))
            if not isinstance(item.get("title"), str) or not item["title"].strip():
                problems.append(Problem(line, where, "title is missing."))
            if "added" in item and not isinstance(item["added"], bool):
                problems.append(Problem(line, where, "added is true or false."))


def record_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The meeting's own fields that the file gives."""
    wanted = {name: values[key].strip() for key, name in TEXT_FIELDS.items() if key in values}
    if "participants_approximate" in values:
        wanted["participants_approximate"] = values["participants_approximate"]
    return wanted


def _officers_wanted(values: dict[str, Any]) -> list[tuple[str, str, str, str, bool]]:
    return [
        (
            officer["role"],
            officer.get("honorific", "").strip(),
            officer["name"].strip(),
            officer.get("affiliation", "").strip(),
            officer.get("chaired", False),
        )
        for officer in values["officers"]
    ]


def _agenda_wanted(values: dict[str, Any]) -> list[tuple[str, bool]]:
    return [
        (item.strip(), False)
        if isinstance(item, str)
        else (item["title"].strip(), item.get("added", False))
        for item in values["agenda"]
    ]


def record_differs(meeting: Meeting, values: dict[str, Any]) -> list[str]:
    """Which of the officers and the agenda the file changes ("officers", "agenda")."""
    changed = []
    if "officers" in values:
        current = (
            []
            if meeting.pk is None
            else list(
                meeting.officers.order_by("order", "pk").values_list(
                    "role", "honorific", "name", "affiliation", "chaired"
                )
            )
        )
        if current != _officers_wanted(values):
            changed.append("officers")
    if "agenda" in values:
        current = (
            []
            if meeting.pk is None
            else list(
                meeting.agenda_items.order_by("order").values_list("title", "added_at_meeting")
            )
        )
        if current != _agenda_wanted(values):
            changed.append("agenda")
    return changed


def apply_record(meeting: Meeting, values: dict[str, Any]) -> None:
    """Write the officers and the agenda the file gives, where they differ."""
    changed = record_differs(meeting, values)
    if "officers" in changed:
        # Deleted and created one by one, so that the history records each.
        for officer in meeting.officers.all():
            officer.delete()
        for order, (role, honorific, name, affiliation, chaired) in enumerate(
            _officers_wanted(values), start=1
        ):
            Officer.objects.create(
                meeting=meeting,
                role=role,
                honorific=honorific,
                name=name,
                affiliation=affiliation,
                chaired=chaired,
                order=order,
            )
    if "agenda" in changed:
        wanted = _agenda_wanted(values)
        for item in meeting.agenda_items.filter(order__gt=len(wanted)):
            item.delete()
        for order, (title, added) in enumerate(wanted, start=1):
            item = AgendaItem.objects.filter(meeting=meeting, order=order).first()
            if item is None:
                AgendaItem.objects.create(
                    meeting=meeting, order=order, title=title, added_at_meeting=added
                )
            elif (item.title, item.added_at_meeting) != (title, added):
                item.title, item.added_at_meeting = title, added
                item.save(update_fields=["title", "added_at_meeting"])
