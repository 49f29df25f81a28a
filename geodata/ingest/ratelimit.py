"""A token bucket per host: at most ``rate`` requests a second on average, ``burst`` at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

_EPSILON = 1e-9  # a token short by rounding alone is a whole token (else the wait could spin on ever smaller pauses)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    rate: float


class HostRateLimiter:
    """``wait(host)`` blocks until a request to ``host`` may go; hosts do not wait for each other.

    The clock and the sleep are injectable so the tests can run it on a fake clock. A host's
    rate can be lowered (robots.txt's Crawl-delay), never raised above the configured one.
    """

    def __init__(self, rate: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"rate must be positive and burst at least 1; got rate={rate}, burst={burst}")
        self.rate, self.burst = rate, burst
        self.clock, self.sleep = clock, sleep
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def slow_down(self, host: str, delay: float) -> None:
        """At most one request every ``delay`` seconds to ``host`` (if that is slower than the rate)."""
        if delay > 0:
            with self._lock:
                bucket = self._bucket(host)
                bucket.rate = min(bucket.rate, 1.0 / delay)

    def delay(self, host: str) -> float:
        """Seconds until a request to ``host`` may go (0.0 when it may go now)."""
        with self._lock:
            bucket = self._refill(host)
            return 0.0 if bucket.tokens >= 1 - _EPSILON else (1 - bucket.tokens) / bucket.rate

    def wait(self, host: str) -> float:
        """Block until a token for ``host`` is free, take it, and return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                bucket = self._refill(host)
                if bucket.tokens >= 1 - _EPSILON:
                    bucket.tokens = max(0.0, bucket.tokens - 1)
                    return waited
                pause = (1 - bucket.tokens) / bucket.rate
            self.sleep(pause)
            waited += pause

    def _bucket(self, host: str) -> _Bucket:
        if host not in self._buckets:
            self._buckets[host] = _Bucket(tokens=float(self.burst), updated=self.clock(), rate=self.rate)
        return self._buckets[host]

    def _refill(self, host: str) -> _Bucket:
        bucket = self._bucket(host)
        now = self.clock()
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * bucket.rate)
        bucket.updated = now
        return bucket
