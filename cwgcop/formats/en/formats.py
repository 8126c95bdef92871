"""English dates as ITU writes them, one way across the admin and the site: "30 September
2024", and "13 January 2027, 23:59" for a moment (a deadline, a submission). Each of the
other five languages has its own module beside this one, so that none falls back to
Django's American date-time format (Arabic has none of its own)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
