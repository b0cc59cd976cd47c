"""An optional access password for an intranet deployment.

Only a salted hash is ever stored (``scrypt`` from the standard library), in
``.streamlit/secrets.toml`` or an environment variable; a guess is compared
in constant time, and failed guesses slow the next ones down
(:class:`Throttle`).  Off when no hash is configured, which is the default for
local use.

>>> stored = hash_password("青山县2025", salt=b"0123456789abcdef")
>>> stored.startswith("scrypt$16384$8$1$")
True
>>> verify_password("青山县2025", stored), verify_password("guess", stored)
(True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

from .errors import AppraisalError
from .texts import ACCESS

__all__ = ["hash_password", "verify_password", "Throttle", "ENV_VAR"]

ENV_VAR = "APPRAISAL_PASSWORD_HASH"
_N, _R, _P = 2**14, 8, 1  # scrypt cost: about 50 ms and 16 MB per guess


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=32)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The line to store: ``scrypt$N$r$p$salt$hash`` (hex); a fresh random salt unless one is given."""
    if not password:
        raise AppraisalError(ACCESS["empty_password"])
    salt = secrets.token_bytes(16) if salt is None else salt
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${_scrypt(password, salt, _N, _R, _P).hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a stored hash line; compared in constant time.

    Raises AppraisalError (Chinese) when the stored line is malformed, so a
    misconfigured deployment says so instead of locking everyone out silently.
    """
    try:
        kind, n, r, p, salt, digest = stored.strip().split("$")
        if kind != "scrypt":
            raise ValueError(kind)
        expected = bytes.fromhex(digest)
        got = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        raise AppraisalError(ACCESS["bad_hash"]) from None
    return hmac.compare_digest(got, expected)


class Throttle:
    """Delay after failed attempts, shared by every session of one server.

    The delay doubles with each failure in the last ``window`` seconds, from
    ``base`` up to ``cap`` seconds, so guessing is slow for everyone while a
    user who mistypes once waits a second.

    >>> t = Throttle(base=1, cap=8, window=60)
    >>> [t.fail(now=0) for _ in range(5)]
    [1.0, 2.0, 4.0, 8.0, 8.0]
    >>> t.delay(now=61)
    0.0
    """

    def __init__(self, base: float = 1.0, cap: float = 30.0, window: float = 300.0) -> None:
        self.base, self.cap, self.window = base, cap, window
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def _prune(self, now: float) -> None:
        while self._failures and self._failures[0] <= now - self.window:
            self._failures.popleft()

    def delay(self, now: float | None = None) -> float:
        """Seconds the next attempt must wait (0 with no recent failure)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._prune(now)
            n = len(self._failures)
        return 0.0 if n == 0 else float(min(self.cap, self.base * 2 ** (n - 1)))

    def fail(self, now: float | None = None) -> float:
        """Record a failed attempt; returns the delay it imposes."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures.append(now)
        return self.delay(now)
