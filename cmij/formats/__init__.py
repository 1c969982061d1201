"""Our date formats per language (FORMAT_MODULE_PATH), beside Django's own for nl and en.

A template names one (`|date:"DAY_MONTH_TIME"`) where the two languages write a date differently:
Dutch writes short month names in lower case ("di 1 dec"), English capitalised ("Tue 1 Dec"); the
`M` format letter capitalises in every language, `b` in none.
"""
