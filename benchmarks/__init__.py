"""Benchmarks of the live fan-out: our app (C) against a raw websockets broadcast (A) and the Channels
tutorial pattern (B), on this machine, in one run. `make bench`, or `python -m benchmarks --help`."""
