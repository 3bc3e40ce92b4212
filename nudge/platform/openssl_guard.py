"""Keep OpenSSL out of the long-running app: it opens no network connection and hashes only
a few short strings, which Python's built-in hashes do.

Without this, `asyncio` (on Windows and macOS, desktop-notifier's loop) imports `ssl`, and
`hmac` (the control channel's key handshake) imports `_hashlib`; both map libcrypto. Together
~2 MB of the app's PSS (bench/RESULTS.md). With them marked unimportable
(`sys.modules[name] = None`, how the standard library itself probes these optional modules),
`asyncio` runs without TLS support, `hashlib` uses its built-in sha256/sha1/md5, and `hmac`
its pure-Python HMAC.

Called once, first thing in `nudge run`, and by `nudge status` and `nudge log rise` before
their key handshake (a few ms of loading libcrypto saved, issue #22); other one-shot commands
and the tests are untouched. A module already imported stays as it is (then this saves
nothing, but breaks nothing either).

Main thread only, before any other thread starts (it edits `sys.modules`).
"""

from __future__ import annotations

import importlib.util
import sys

# The built-in sha256 module: `_sha256` up to Python 3.11, `_sha2` from 3.12.
_BUILTIN_SHA256 = ("_sha256", "_sha2")
_OPENSSL_MODULES = ("ssl", "_ssl", "_hashlib")


def keep_openssl_out() -> bool:
    """Make `ssl` and `_hashlib` unimportable in this process; True if that was done. Does
    nothing when Python has no built-in sha256 to fall back on, or when they are loaded."""
    if any(name in sys.modules for name in _OPENSSL_MODULES):
        return False
    if not any(importlib.util.find_spec(name) for name in _BUILTIN_SHA256):
        return False
    for name in _OPENSSL_MODULES:
        sys.modules[name] = None  # type: ignore[assignment]
    return True
