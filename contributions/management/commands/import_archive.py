"""Load meetings, sources and documents of the group's older records from a TOML file."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from contributions import rules
from contributions.archive import ArchiveError, apply_plan, plan_archive, read_archive


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
            help="the user name of the secretariat member entering the archive (history rows)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, write nothing"
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["by"]).first()
        if user is None or not rules.is_secretariat.test(user):
            raise CommandError(f"--by {options['by']}: not a member of the secretariat.")
        try:
            archive = read_archive(options["file"])
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        plan = plan_archive(archive)
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
