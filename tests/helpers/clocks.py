"""A clock and timers the test moves by hand, for code that takes `clock` and `timer` (time.monotonic
and threading.Timer's shape): what is held back for a while is released when the test says so, never
after a real wait."""

from __future__ import annotations

from collections.abc import Callable


class Clock:
    """time.monotonic's shape; `now` moves only when the test moves it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Timers:
    """threading.Timer's shape: started timers wait in `started` until the test fires them."""

    def __init__(self) -> None:
        self.started: list[tuple[float, Callable, tuple]] = []

    def __call__(self, wait: float, function: Callable, args: tuple = ()):
        timers = self

        class Timer:
            daemon = False

            def start(self) -> None:
                timers.started.append((wait, function, args))

        return Timer()

    def fire_all(self) -> None:
        started, self.started = self.started, []
        for _wait, function, args in started:
            function(*args)
