from django.core.management.base import BaseCommand

from meetings.reminders import send_deadline_reminders_task


class Command(BaseCommand):
    help = (
        "Queue the reminders of contribution deadlines due now (by default 14 and 3 days "
        "before a deadline, in Geneva). Run it from cron, as often as wished (hourly, "
        "daily): each delegate is reminded once per meeting and step."
    )

    def handle(self, *args, **options):
        result = send_deadline_reminders_task.enqueue()
        self.stdout.write(f"Deadline reminders queued ({result.id}).")
