"""Dutch: "di 1 dec, 19:30"; Django's nl formats for everything else."""

WEEKDAY_DAY_MONTH_TIME = "D j b, H:i"
DAY_MONTH_TIME = "j b H:i"
DAY_MONTH_YEAR_TIME = "j b Y H:i"
DAY_MONTH_YEAR = "j b Y"
