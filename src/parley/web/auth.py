"""Who may curate: labelled tokens, a signed session cookie, and CSRF tokens for the forms.

A token (the ``token`` setting: ``label:secret`` pairs) is checked in constant time against every
configured secret, so neither a match nor its position shows in the time taken. Signing in with
one gives a session cookie ``label|issued|nonce|signature``: HMAC-SHA256 under a key drawn at
start-up (so a restart, or a changed token, signs everyone out), HttpOnly, SameSite=Strict, valid
for ``SESSION_SECONDS``. Each session has its own CSRF token (an HMAC of its nonce) that every
form carries and every POST must send back; signing out revokes the nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

SESSION_COOKIE = "parley_session"
# Before signing in there is no session: the sign-in form's CSRF token is tied to this cookie.
SIGNIN_COOKIE = "parley_signin"
# A working day and then some; the session ends sooner on sign-out or a server restart.
SESSION_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Session:
    """A signed-in analyst: the token's label, the session's nonce and its CSRF token."""

    label: str
    nonce: str
    csrf: str
    expires: float


class Auth:
    """The tokens (label -> secret) and the key that signs sessions."""

    def __init__(self, tokens: dict[str, str], key: bytes | None = None) -> None:
        self.tokens = dict(tokens)
        self._key = key or secrets.token_bytes(32)
        self._revoked: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Whether any token is configured: without one, nothing can be curated."""
        return bool(self.tokens)

    def identify(self, secret: str) -> str | None:
        """The label of the token ``secret`` is, or None; compares against every token, each in
        constant time, without stopping at a match."""
        given = secret.encode()
        found = None
        for label, token in self.tokens.items():
            if hmac.compare_digest(given, token.encode()):
                found = label
        return found

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()

    # -- sessions ---------------------------------------------------------------------------------

    def issue(self, label: str, now: float | None = None) -> str:
        """A session cookie's value for ``label``."""
        payload = f"{label}|{int(now if now is not None else time.time())}|{secrets.token_urlsafe(18)}"
        return f"{payload}|{self._sign(payload)}"

    def session(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session a cookie carries, or None when it is missing, forged, expired, revoked or
        names a label no longer configured."""
        if not cookie or not self.enabled:
            return None
        payload, _, signature = cookie.rpartition("|")
        if not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            return None
        parts = payload.split("|")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        label, issued, nonce = parts[0], int(parts[1]), parts[2]
        expires = issued + SESSION_SECONDS
        now = time.time() if now is None else now
        if now > expires or label not in self.tokens:
            return None
        with self._lock:
            if nonce in self._revoked:
                return None
        return Session(label, nonce, self._sign("csrf|" + nonce), expires)

    def revoke(self, session: Session) -> None:
        """Sign a session out: its cookie is refused from now on, even if it is sent again."""
        now = time.time()
        with self._lock:
            self._revoked = {n: t for n, t in self._revoked.items() if t > now}
            self._revoked[session.nonce] = session.expires

    def check_csrf(self, session: Session, given: str) -> bool:
        return hmac.compare_digest(given.encode(), session.csrf.encode())

    # -- the sign-in form ---------------------------------------------------------------------------

    def signin_cookie(self) -> str:
        nonce = secrets.token_urlsafe(18)
        return f"{nonce}|{self._sign('signin|' + nonce)}"

    def signin_csrf(self, cookie: str | None) -> str | None:
        """The CSRF token the sign-in form carries for this pre-session cookie (None: forged or absent)."""
        if not cookie:
            return None
        nonce, _, signature = cookie.rpartition("|")
        if not nonce or not hmac.compare_digest(signature.encode(), self._sign("signin|" + nonce).encode()):
            return None
        return self._sign("signin-csrf|" + nonce)

    def check_signin_csrf(self, expected: str, given: str) -> bool:
        return hmac.compare_digest(given.encode(), expected.encode())
