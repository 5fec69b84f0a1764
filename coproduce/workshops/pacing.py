"""When the next of a stream of sends may leave: at once when the stream has been quiet for a window, else at
the end of the window that began with the last one (a leading-edge throttle).

A tally for the screens, or a batch of socket votes, then leaves as soon as it can when the room is quiet,
and at most once per window when it is busy: the first change after a pause does not wait out a window for
company that may not come, and a burst still costs one send per window.
"""

import time
from collections.abc import Callable, Hashable

KEPT = 1024  # keys remembered before the quiet ones are forgotten


class Pace:
    def __init__(self, *, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._last: dict[Hashable, float] = {}

    def wait(self, key: Hashable = None) -> float:
        """Seconds until the next send for `key` may leave: 0 when its last left a window or more ago."""
        last = self._last.get(key)
        return 0.0 if last is None else max(0.0, last + self.window - self._clock())

    def sent(self, key: Hashable = None) -> None:
        """Note that a send for `key` leaves now."""
        now = self._clock()
        if len(self._last) >= KEPT:
            self._last = {k: t for k, t in self._last.items() if now - t < self.window}
        self._last[key] = now
