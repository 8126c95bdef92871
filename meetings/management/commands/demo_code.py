from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cwgcop.two_factor import DEMO_AUTHENTICATOR_KEY, current_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo's staff accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: the demo's second factor is for development only.")
        self.stdout.write(current_code(DEMO_AUTHENTICATOR_KEY))
