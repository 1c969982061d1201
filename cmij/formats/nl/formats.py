"""Dutch: "di 1 dec, 19:30"; Django's nl formats for everything else."""

WEEKDAY_DAY_MONTH_TIME = "D j b, H:i"
WEEKDAY_DAY_MONTH = "D j b"
DAY_MONTH_TIME = "j b H:i"
DAY_MONTH_YEAR_TIME = "j b Y H:i"
DAY_MONTH_YEAR = "j b Y"
# HTML's <time datetime>: the same in every language, whole seconds (a fraction of six digits is
# not a valid datetime), the offset without a colon.
MACHINE_DATETIME = r"Y-m-d\TH:i:sO"
