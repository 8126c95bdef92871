import datetime

from django.core.management.base import BaseCommand

from contributions.services import remove_orphan_files


class Command(BaseCommand):
    help = "Delete stored document files that no row refers to (left by interrupted uploads)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            help="Only files written at least this long ago (default 60).",
        )

    def handle(self, *args, older_than_minutes: int, **options):
        removed = remove_orphan_files(older_than=datetime.timedelta(minutes=older_than_minutes))
        for path in removed:
            self.stdout.write(f"removed {path}")
        self.stdout.write(f"{len(removed)} orphan files removed.")
