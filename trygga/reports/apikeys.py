"""The form of Open311 API keys and their stored hash (shared by actions and selectors)."""

import hashlib

KEY_PREFIX = "trygga_"
PREFIX_SHOWN = len(KEY_PREFIX) + 6


def hash_key(raw: str) -> str:
    """SHA-256 of the key: the key has 256 random bits, so no slow hash is needed."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
