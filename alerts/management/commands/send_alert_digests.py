import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts.sending import send_daily_digests
from alerts.services import remove_stale_records


class Command(BaseCommand):
    help = (
        "Mail the daily digests of a day's publications (yesterday, in the meetings' time "
        "zone, by default) and delete expired alert requests. Run it once a day from cron; "
        "running it again for the same day sends nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day of the publications, as YYYY-MM-DD.")

    def handle(self, *args, day: str | None, **options):
        if day:
            try:
                chosen = datetime.date.fromisoformat(day)
            except ValueError as error:
                raise CommandError(f"--day: {day} is not a date written YYYY-MM-DD.") from error
        else:
            today = timezone.localdate(timezone.now(), ZoneInfo(settings.MEETING_TIME_ZONE))
            chosen = today - datetime.timedelta(days=1)
        sent = send_daily_digests(day=chosen)
        removed = remove_stale_records()
        self.stdout.write(
            f"{chosen.isoformat()}: {sent} digests sent, {removed} stale rows removed."
        )
