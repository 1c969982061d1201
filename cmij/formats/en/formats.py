"""English, the British way the rest of the site writes it: "Tue 1 Dec, 19:30"; Django's en formats
for everything else."""

WEEKDAY_DAY_MONTH_TIME = "D j M, H:i"
WEEKDAY_DAY_MONTH = "D j M"
DAY_MONTH_TIME = "j M H:i"
DAY_MONTH_YEAR_TIME = "j M Y H:i"
DAY_MONTH_YEAR = "j M Y"
# HTML's <time datetime>: the same in every language, whole seconds (a fraction of six digits is
# not a valid datetime), the offset without a colon.
MACHINE_DATETIME = r"Y-m-d\TH:i:sO"
