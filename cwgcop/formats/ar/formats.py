"""Arabic dates: "30 سبتمبر 2024", and "16 سبتمبر 2024، 23:59" for a moment. Django's Arabic
locale has no date-time format and would fall back to the American "سبتمبر 16, 2024, 11:59 م"
next to its own "30 سبتمبر، 2024"; times are on the 24-hour clock, as in the other languages."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
