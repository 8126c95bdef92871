"""English dates as ITU writes them, one way across the admin and the site: "30 September
2024", and "13 January 2027, 23:59" for a moment (a deadline, a submission). The other five
languages use Django's own formats for their locale (30 septembre 2024, 2024年9月30日)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
