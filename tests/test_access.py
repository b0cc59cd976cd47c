"""The optional access password: salted scrypt hashes, constant-time checks, a delay after failures."""

from __future__ import annotations

import hashlib

import pytest

from appraisal import AppraisalError
from appraisal.access import Throttle, hash_password, verify_password


def test_hash_is_salted_and_verifies():
    a, b = hash_password("青山县2025"), hash_password("青山县2025")
    assert a != b  # a fresh salt each time
    assert verify_password("青山县2025", a) and verify_password("青山县2025", b)
    assert not verify_password("青山县2024", a)
    assert not verify_password("", a)


def test_hash_matches_the_standard_library_scrypt():
    # the stored digest is hashlib.scrypt(password, salt, n=2**14, r=8, p=1, dklen=32): checkable by anyone
    salt = bytes(range(16))
    kind, n, r, p, salt_hex, digest = hash_password("pw", salt=salt).split("$")
    assert (kind, n, r, p, salt_hex) == ("scrypt", "16384", "8", "1", salt.hex())
    assert digest == hashlib.scrypt(b"pw", salt=salt, n=16384, r=8, p=1, dklen=32).hex()


@pytest.mark.parametrize("stored", ["", "plain-text-password", "scrypt$16384$8$1$zz$00", "md5$1$2$3$aa$bb"])
def test_malformed_stored_hash_is_a_clear_error(stored):
    with pytest.raises(AppraisalError, match="访问密码的配置有误"):
        verify_password("x", stored)


def test_empty_password_cannot_be_set():
    with pytest.raises(AppraisalError, match="不能为空"):
        hash_password("")


def test_throttle_doubles_to_a_cap_and_forgets_after_the_window():
    t = Throttle(base=1, cap=30, window=300)
    assert t.delay(now=0) == 0
    assert [t.fail(now=i) for i in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert t.delay(now=299) == 30
    assert t.delay(now=303) == 4  # t = 0..3 have left the window; three remain (t = 4..6): 1 · 2² = 4
    assert t.delay(now=400) == 0


def test_command_line_prints_a_hash_that_verifies():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "appraisal", "password"], input="青山县2025\n青山县2025\n",
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    stored = done.stdout.strip()
    assert verify_password("青山县2025", stored)
    assert "secrets.toml" in done.stderr
    mismatch = subprocess.run([sys.executable, "-m", "appraisal", "password"], input="a\nb\n",
                              capture_output=True, text=True, timeout=60)
    assert mismatch.returncode == 2 and "不一致" in mismatch.stderr and "Traceback" not in mismatch.stderr
