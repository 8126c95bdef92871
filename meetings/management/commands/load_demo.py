from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cwgcop.two_factor import current_code, demo_enrolment
from meetings.demo import load_demo


class Command(BaseCommand):
    help = "Load the 21st meeting as its report records it, an open 22nd meeting and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (the demo accounts share a published password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real installation. The demo accounts share a "
                "published password; run with --force to load them anyway."
            )
        report = load_demo()
        if report.changed_anything:
            for name, count in sorted(report.created.items()):
                self.stdout.write(f"created {count} {name}")
            for name, count in sorted(report.updated.items()):
                self.stdout.write(f"updated {count} {name}")
        else:
            self.stdout.write("The demo data is already loaded; nothing changed.")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {report.password}):"))
        for username, role in report.accounts:
            self.stdout.write(f"  {username:<18} {role}")
        if settings.DEBUG:
            # The key is as public as the password: it belongs to demo accounts only.
            enrolment = demo_enrolment()
            self.stdout.write(
                self.style.SUCCESS(
                    "The secretariat and the chair sign in with a second factor. Add this key "
                    "to an authenticator app (or open the otpauth address on your phone):"
                )
            )
            self.stdout.write(f"  key      {enrolment.secret}")
            self.stdout.write(f"  otpauth  {enrolment.otpauth_url}")
            self.stdout.write(
                f"  or type the code of the moment, printed by: python manage.py demo_code"
                f"  (now: {current_code(enrolment.device.key)})"
            )
