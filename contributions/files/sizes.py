"""How a file's size is written, wherever it is shown: the public pages, the admin, the
history and the limits an upload is held to.

Decimal units (a kilobyte is 1000 bytes), as the International System writes them and as
the file managers of macOS, iOS, Android and GNOME count: a delegate who reads "3.4 MB"
here reads the same beside the file on their own machine. (Windows Explorer counts in
1024s while writing "MB", and shows the same file about 5% smaller.) The number is written
as the language writes numbers: 3.4 MB in English, 3,4 MB in French.
"""

from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

UNITS = (
    # Translators: a file size in kilobytes (1000 bytes), e.g. "12 kB"; French "ko".
    (1000, _("%(size)s kB")),
    # Translators: a file size in megabytes (1000 kB), e.g. "3.4 MB"; French "Mo".
    (1000**2, _("%(size)s MB")),
    # Translators: a file size in gigabytes (1000 MB), e.g. "1.2 GB"; French "Go".
    (1000**3, _("%(size)s GB")),
)


def human_size(size: int) -> str:
    """A size as people read it: 830 bytes, 1 kB, 12 kB, 3.4 MB, 50 MB (powers of 1000).

    One decimal below ten of a unit unless it is 0, whole units above; a figure that
    rounds to 1000 of a unit is written in the next one (999,999 bytes is 1 MB, not
    1000 kB). The number and its unit never break across lines.
    """
    if size < 1000:
        return avoid_wrapping(ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size})
    for index, (unit, label) in enumerate(UNITS):
        value = size / unit
        shown = round(value, 1) if value < 9.95 else round(value)
        if shown < 1000 or index == len(UNITS) - 1:
            decimals = 0 if shown == int(shown) else 1
            return avoid_wrapping(label % {"size": number_format(shown, decimal_pos=decimals)})
    raise AssertionError("unreachable")
