"""English dates as ITU writes them (30 September 2024); the other five languages use
Django's own formats for their locale (30 septembre 2024, 2024年9月30日)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
