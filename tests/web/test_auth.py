"""Tokens, sessions and CSRF tokens (``parley.web.auth``), without a server."""

from __future__ import annotations

from parley.web.auth import SESSION_SECONDS, Auth

TOKENS = {"ana": "a-secret", "ben": "b-secret"}


def test_a_token_names_its_label_and_a_wrong_one_names_nobody() -> None:
    auth = Auth(TOKENS)
    assert auth.identify("a-secret") == "ana" and auth.identify("b-secret") == "ben"
    assert auth.identify("a-secre") is None and auth.identify("") is None and auth.identify("ana") is None


def test_without_tokens_nobody_can_sign_in() -> None:
    auth = Auth({})
    assert not auth.enabled and auth.identify("") is None
    assert auth.session(Auth({"ana": "x"}).issue("ana")) is None


def test_a_session_lasts_its_time_and_no_longer() -> None:
    auth = Auth(TOKENS)
    cookie = auth.issue("ana", now=1_000_000)
    session = auth.session(cookie, now=1_000_000 + SESSION_SECONDS)
    assert session is not None and session.label == "ana"
    assert auth.session(cookie, now=1_000_001 + SESSION_SECONDS) is None


def test_a_cookie_signed_with_another_key_or_altered_is_refused() -> None:
    auth, other = Auth(TOKENS), Auth(TOKENS)
    cookie = auth.issue("ana")
    assert other.session(cookie) is None  # a restart draws a new key: everyone signs in again
    label, issued, nonce, signature = cookie.split("|")
    assert auth.session(f"ben|{issued}|{nonce}|{signature}") is None
    assert auth.session(f"ana|{int(issued) + 3600}|{nonce}|{signature}") is None
    assert auth.session("ana|1|2") is None and auth.session("||||") is None


def test_a_session_whose_label_is_no_longer_configured_is_refused() -> None:
    key = b"k" * 32
    cookie = Auth(TOKENS, key=key).issue("ben")
    assert Auth({"ana": "a-secret"}, key=key).session(cookie) is None


def test_each_session_has_its_own_csrf_token_and_sign_out_revokes_it() -> None:
    auth = Auth(TOKENS)
    one, two = auth.session(auth.issue("ana")), auth.session(auth.issue("ana"))
    assert one is not None and two is not None and one.csrf != two.csrf
    assert auth.check_csrf(one, one.csrf) and not auth.check_csrf(one, two.csrf)
    assert not auth.check_csrf(one, "") and not auth.check_csrf(one, one.csrf[:-1])
    cookie = auth.issue("ben")
    session = auth.session(cookie)
    assert session is not None
    auth.revoke(session)
    assert auth.session(cookie) is None


def test_the_sign_in_form_token_is_tied_to_its_cookie() -> None:
    auth = Auth(TOKENS)
    cookie = auth.signin_cookie()
    expected = auth.signin_csrf(cookie)
    assert expected is not None and expected == auth.signin_csrf(cookie)
    assert auth.signin_csrf(auth.signin_cookie()) != expected
    assert auth.signin_csrf("forged|" + "0" * 64) is None and auth.signin_csrf(None) is None
