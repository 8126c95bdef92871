"""`manage.py import_archive` with one file per working group: the file names its group,
its meetings are found and created by group and number, and only that group's secretariat
enters it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from contributions.models import Document, DocumentEvent
from meetings.models import Meeting
from tests.factories import UserFactory
from workinggroups.models import GroupRole, WorkingGroup, default_group

pytestmark = pytest.mark.django_db

FIRST_GROUP_FILE = """\
[[meeting]]
number = 1
prefix = "CWG-COP"
start = 2011-03-14

[[source]]
slug = "invented-agency"
name = "Invented Agency"
kind = "un_body"

[[document]]
number = "CWG-COP-1/1"
meeting = 1
kind = "contribution"
title = "First group's paper"
sources = ["invented-agency"]
"""

TEST_GROUP_FILE = """\
group = "cwg-test"

[[meeting]]
number = 1
prefix = "CWG-TEST"
start = 2012-05-02

[[meeting]]
number = 2
prefix = "CWG-TEST"
start = 2012-10-08

[[source]]
slug = "invented-agency"
name = "Invented Agency"
kind = "un_body"

[[document]]
number = "CWG-TEST-1/1"
meeting = 1
other_meetings = [2]
kind = "contribution"
title = "Test group's paper"
sources = ["invented-agency"]
"""


@pytest.fixture
def groups(db) -> dict[str, WorkingGroup]:
    return {
        "cwg-cop": default_group(),
        "cwg-test": WorkingGroup.objects.create(
            slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing", order=5
        ),
    }


def secretary_of(group: WorkingGroup, username: str):
    user = UserFactory(username=username, is_staff=True)
    GroupRole.objects.create(user=user, working_group=group, role="secretariat")
    return user


def load(tmp_path, text: str, by: str, *args: str) -> str:
    """Run the import of this file's text; what it printed, or raise its CommandError with
    what it printed before in `printed`."""
    path = tmp_path / "archive.toml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("import_archive", str(path), "--by", by, *args, stdout=out, stderr=out)
    except CommandError as error:
        error.printed = out.getvalue()
        raise
    return out.getvalue()


def _meetings() -> list[tuple[str, int, str]]:
    return [
        (meeting.group.slug, meeting.number, meeting.code)
        for meeting in Meeting.objects.select_related("group").order_by("group__slug", "number")
    ]


def test_each_groups_file_loads_its_own_meetings_beside_the_same_numbers_of_another(
    tmp_path, groups
):
    secretary_of(groups["cwg-cop"], "cop-secretary")
    secretary_of(groups["cwg-test"], "test-secretary")

    load(tmp_path, FIRST_GROUP_FILE, "cop-secretary")
    load(tmp_path, TEST_GROUP_FILE, "test-secretary")

    assert _meetings() == [
        ("cwg-cop", 1, "CWG-COP-1"),
        ("cwg-test", 1, "CWG-TEST-1"),
        ("cwg-test", 2, "CWG-TEST-2"),
    ]
    test_paper = Document.objects.get(number="CWG-TEST-1/1")
    assert (test_paper.meeting.group.slug, test_paper.meeting.number) == ("cwg-test", 1)
    assert [(m.group.slug, m.number) for m in test_paper.other_meetings.all()] == [("cwg-test", 2)]
    assert Document.objects.get(number="CWG-COP-1/1").meeting.group.slug == "cwg-cop"
    assert list(
        DocumentEvent.objects.filter(document=test_paper).values_list(
            "actor__username", "to_status"
        )
    ) == [("test-secretary", "published")]


def test_a_second_run_of_a_groups_file_changes_nothing(tmp_path, groups):
    secretary_of(groups["cwg-test"], "test-secretary")
    load(tmp_path, TEST_GROUP_FILE, "test-secretary")

    printed = load(tmp_path, TEST_GROUP_FILE, "test-secretary")

    assert printed == "0 created or changed, 4 unchanged.\n"


def test_a_file_naming_no_group_is_the_first_groups(tmp_path, groups):
    secretary_of(groups["cwg-cop"], "cop-secretary")

    printed = load(tmp_path, FIRST_GROUP_FILE, "cop-secretary")

    assert printed.splitlines()[-1] == "3 created or changed, 0 unchanged."
    assert _meetings() == [("cwg-cop", 1, "CWG-COP-1")]


def test_a_group_no_one_has_is_refused_with_its_line_and_nothing_is_written(tmp_path, groups):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    text = "# Invented group\n" + TEST_GROUP_FILE.replace('"cwg-test"', '"cwg-nope"', 1)

    with pytest.raises(CommandError) as error:
        load(tmp_path, text, user.username)

    assert error.value.printed == (
        "archive.toml: line 2, group: no working group “cwg-nope”; the groups are cwg-cop, "
        "cwg-test.\n"
    )
    assert str(error.value) == "1 problem(s) in archive.toml; nothing was written."
    assert (Meeting.objects.count(), Document.objects.count()) == (0, 0)


def test_a_group_written_other_than_as_text_is_refused(tmp_path, groups):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    text = TEST_GROUP_FILE.replace('group = "cwg-test"', "group = 2", 1)

    with pytest.raises(CommandError) as error:
        load(tmp_path, text, "root")

    assert error.value.printed == (
        "archive.toml: line 1, group: write the slug of a working group in quotes.\n"
    )
    assert Meeting.objects.count() == 0


def test_the_secretariat_of_another_group_cannot_load_a_groups_file(tmp_path, groups):
    secretary_of(groups["cwg-cop"], "cop-secretary")

    with pytest.raises(CommandError) as error:
        load(tmp_path, TEST_GROUP_FILE, "cop-secretary")

    assert str(error.value) == (
        "--by cop-secretary: not a member of the secretariat of CWG-TEST; nothing was written."
    )
    assert (Meeting.objects.count(), Document.objects.count()) == (0, 0)


def test_the_secretariat_of_a_group_cannot_load_the_first_groups_file(tmp_path, groups):
    secretary_of(groups["cwg-test"], "test-secretary")

    with pytest.raises(CommandError) as error:
        load(tmp_path, FIRST_GROUP_FILE, "test-secretary")

    assert str(error.value) == (
        "--by test-secretary: not a member of the secretariat of CWG-COP; nothing was written."
    )
    assert Meeting.objects.count() == 0


def test_a_superuser_loads_any_groups_file(tmp_path, groups):
    UserFactory(username="root", is_superuser=True, is_staff=True)

    load(tmp_path, TEST_GROUP_FILE, "root")

    assert _meetings() == [("cwg-test", 1, "CWG-TEST-1"), ("cwg-test", 2, "CWG-TEST-2")]
