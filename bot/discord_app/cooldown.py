"""Per-user rate limits: at most `uses` questions in any `seconds`; users idle for longer are forgotten."""

from __future__ import annotations

import time
from collections import deque
from typing import Callable, Hashable

# Forget idle users once this many are remembered, so the map does not grow with every user ever seen.
PRUNE_ABOVE = 1000


class CooldownError(Exception):
    """One person asked too often; `retry_after` seconds until they may ask again."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after:.1f} s")
        self.retry_after = retry_after


class Cooldowns:
    """A sliding window of recent uses per key."""

    def __init__(self, uses: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.uses, self.seconds, self.clock = uses, seconds, clock
        self._recent: dict[Hashable, deque[float]] = {}

    def __len__(self) -> int:
        return len(self._recent)

    def check(self, key: Hashable) -> None:
        """Count one use by `key`, or raise CooldownError when it has used up its window."""
        now = self.clock()
        if len(self._recent) > PRUNE_ABOVE:
            self._prune(now)
        recent = self._recent.setdefault(key, deque())
        while recent and recent[0] <= now - self.seconds:
            recent.popleft()
        if len(recent) >= self.uses:
            raise CooldownError(recent[0] + self.seconds - now)
        recent.append(now)

    def _prune(self, now: float) -> None:
        idle = [key for key, recent in self._recent.items() if not recent or recent[-1] <= now - self.seconds]
        for key in idle:
            del self._recent[key]
