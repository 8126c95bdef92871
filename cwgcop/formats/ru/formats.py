# ruff: noqa: RUF001, RUF002 -- the Russian abbreviation of "year" is Cyrillic
"""Russian dates: "30 сентября 2024 г.", and "16 сентября 2024 г., 23:59" for a moment (the
month in the genitive, as a date is written)."""

DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
