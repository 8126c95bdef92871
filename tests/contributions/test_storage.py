"""Where accepted files are stored: a module the models load without the document parsers."""

import os
import subprocess
import sys

from contributions import storage
from contributions.models import DocumentFile

PARSERS = ("docx", "openpyxl", "pptx", "pypdf")

# The admin's own app config would import every admin module, and with it the upload
# checks; the plain config leaves only the apps' models, rules and configs to load.
LOAD_MODELS = f"""
import sys
import django
from django.conf import settings

settings.INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig" if app == "cwgcop.admin_apps.SiteAdminConfig" else app
    for app in settings.INSTALLED_APPS
]
django.setup()
import contributions.models
import meetings.models

print(",".join(sorted(name for name in {PARSERS!r} if name in sys.modules)) or "none")
"""


def test_loading_the_models_does_not_load_the_document_parsers():
    result = subprocess.run(  # noqa: S603 (a fixed script run by this interpreter)
        [sys.executable, "-c", LOAD_MODELS],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cwgcop.settings",
            "SECRET_KEY": "test-only",
        },
    )

    # The last line: apps may log to the standard output while they load.
    assert result.stdout.strip().splitlines()[-1] == "none"


def test_the_models_store_files_under_the_storage_folder():
    upload_to = DocumentFile._meta.get_field("file").upload_to

    assert (upload_to, storage.STORED_FILES_FOLDER) == (storage.stored_file_name, "documents")
