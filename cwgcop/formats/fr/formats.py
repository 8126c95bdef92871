"""French dates: "30 septembre 2024", and "16 septembre 2024 à 23:59" for a moment."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \à H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
