from django.core.management.base import BaseCommand, CommandError

from contributions.verification import verify_stored_files


class Command(BaseCommand):
    help = (
        "Check that every file row has its stored file with the recorded size and SHA-256, "
        "and list stored files no row refers to. Exits 1 when anything is wrong."
    )

    def handle(self, *args, **options):
        check = verify_stored_files()
        for label in check.missing:
            self.stdout.write(f"missing {label}")
        for label in check.changed:
            self.stdout.write(f"changed {label}")
        for name in check.unreferenced:
            self.stdout.write(f"unreferenced {name}")
        summary = (
            f"{check.checked} files checked: {len(check.missing)} missing, "
            f"{len(check.changed)} changed, {len(check.unreferenced)} unreferenced."
        )
        if check.problems:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))
