"""Loading the group's older records from an archive file (`manage.py import_archive`).

`reading` parses the TOML file and checks every entry, naming the line and the field of
each problem; `loading` compares the entries with the database, says what would change
and writes it in one transaction, through the same checks as the admin.
"""

from .loading import ArchivePlan, apply_plan, plan_archive
from .reading import ArchiveError, read_archive

__all__ = ["ArchiveError", "ArchivePlan", "apply_plan", "plan_archive", "read_archive"]
