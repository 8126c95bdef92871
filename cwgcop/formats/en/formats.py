# One way of writing dates in English across the admin and the site, the way ITU
# documents write them ("13 Jan 2027, 23:59"), instead of Django's American defaults.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
