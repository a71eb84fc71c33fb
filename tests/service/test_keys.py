"""API keys: the file, its mistakes, and each key's rate."""

import pytest

from helpers.errors import VigieError
from helpers.service.keys import ApiKey, RateLimiter, load_keys


def test_keys_file_is_read_and_its_mistakes_named(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[[key]]\nname = "lab"\nkey = "0123456789abcdef"\nrequests_per_second = 5\n'
                    '[[key]]\nkey = "fedcba9876543210"\n', encoding="utf-8")
    keys = load_keys(path)
    assert keys["0123456789abcdef"] == ApiKey("lab", "0123456789abcdef", 5.0)
    assert keys["fedcba9876543210"].requests_per_second is None and keys["fedcba9876543210"].name == "key 2"
    for text, message in [("", "no \\[\\[key\\]\\] entry"), ('[[key]]\nkey = "short"\n', "at least 8 characters"),
                          ('[[key]]\nkey = "0123456789"\n[[key]]\nkey = "0123456789"\n', "listed twice"),
                          ('[[key]]\nkey = "0123456789"\nrequests_per_second = -1\n', "positive number"),
                          ("[[key]\n", "not a TOML keys file")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(VigieError, match=message):
            load_keys(path)
    with pytest.raises(VigieError, match="no such keys file"):
        load_keys(tmp_path / "absent.toml")


def test_rate_limiter_allows_the_rate_and_refills():
    key = ApiKey("lab", "0123456789abcdef", 4.0)
    limiter = RateLimiter()
    assert [limiter.allow(key, now=10.0) for _ in range(5)] == [True] * 4 + [False]
    assert limiter.allow(key, now=10.26) and not limiter.allow(key, now=10.27)  # a quarter second: one more
    assert all(RateLimiter().allow(ApiKey("free", "x" * 8)) for _ in range(1000))
    # Two workers share the rate: each allows half.
    half = RateLimiter(share=0.5)
    assert [half.allow(key, now=0.0) for _ in range(3)] == [True, True, False]
