"""English dates as ITU writes them: "30 September 2024", and "13 Jan 2027, 23:59" for a
moment (a deadline, a submission), short enough for a table cell. The other five
languages use Django's own formats for their locale (30 septembre 2024, 2024年9月30日)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
