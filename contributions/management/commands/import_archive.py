"""Load meetings, sources and documents of a working group's older records from a TOML
file: one file per group, which names it (`group = "<slug>"`; the first group's without)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from contributions.archive import ArchiveError, apply_plan, plan_archive, read_archive
from contributions.visibility import is_secretariat, working_groups_of


class Command(BaseCommand):
    help = (
        "Load an archive file (TOML; the format is in the README). Prints what changes; "
        "with --dry-run changes nothing. Any problem is printed with its line and field, "
        "and then nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive file; file paths in it are relative to it")
        parser.add_argument(
            "--by",
            required=True,
            help="the user name of a secretariat member of the file's working group, who "
            "enters the archive (history rows)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, write nothing"
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["by"]).first()
        if user is None or not is_secretariat(user):
            raise CommandError(f"--by {options['by']}: not a member of the secretariat.")
        try:
            archive = read_archive(options["file"])
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        plan = plan_archive(archive)
        group = plan.group
        if group is not None and not (
            user.is_superuser or group.pk in working_groups_of(user, "secretariat")
        ):
            raise CommandError(
                f"--by {options['by']}: not a member of the secretariat of {group.acronym}; "
                "nothing was written."
            )
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(f"{archive.path.name}: {problem}")
            raise CommandError(
                f"{len(plan.problems)} problem(s) in {archive.path.name}; nothing was written."
            )
        for change in plan.changes:
            self.stdout.write(str(change))
        if not options["dry_run"]:
            apply_plan(plan, by=user)
        summary = (
            f"{len(plan.changes)} to create or change, {plan.unchanged} unchanged"
            if options["dry_run"]
            else f"{len(plan.changes)} created or changed, {plan.unchanged} unchanged"
        )
        self.stdout.write(summary + (" (dry run: nothing written)." if options["dry_run"] else "."))
