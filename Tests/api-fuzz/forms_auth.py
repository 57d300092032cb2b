"""Schemathesis hooks for fuzzing Oversight's HTML forms signed in.

Loaded with SCHEMATHESIS_HOOKS=forms_auth (PYTHONPATH=Tests/api-fuzz). Signs in once through the sign-in form
(FUZZ_BASE_URL, FUZZ_USER, FUZZ_PASSWORD), then gives every generated request the session cookie and puts the
session's CSRF token in the form's `_csrf` field, as a browser posting the page's form would.
"""
import os
import re

import requests
import schemathesis

SESSION_COOKIE = "oversight_session"
SIGNIN_COOKIE = "oversight_signin"
CSRF_FIELD = "_csrf"
TOKEN = re.compile(r'name="_csrf" value="([^"]+)"')


def _sign_in():
    base = os.environ["FUZZ_BASE_URL"]
    form = requests.get(base + "/signin", timeout=10)
    form.raise_for_status()
    signin_token = TOKEN.search(form.text).group(1)
    response = requests.post(
        base + "/signin",
        data={"name": os.environ["FUZZ_USER"], "password": os.environ["FUZZ_PASSWORD"], CSRF_FIELD: signin_token},
        cookies={SIGNIN_COOKIE: form.cookies.get(SIGNIN_COOKIE, signin_token)},
        allow_redirects=False,
        timeout=10,
    )
    session = response.cookies.get(SESSION_COOKIE)
    if response.status_code != 303 or not session:
        raise RuntimeError(f"sign-in as {os.environ['FUZZ_USER']} failed: {response.status_code} {response.text[:200]}")
    account = requests.get(base + "/account", cookies={SESSION_COOKIE: session}, timeout=10)
    account.raise_for_status()
    return {"session": session, "csrf": TOKEN.search(account.text).group(1)}


# Signed in once for the whole run (the sign-in form is rate limited per address).
@schemathesis.auth(refresh_interval=24 * 3600)
class SessionAndCSRF:
    def get(self, case, context):
        return _sign_in()

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), SESSION_COOKIE: data["session"]}
        # Negative cases may make the body something other than an object; those carry no token (and are refused).
        if isinstance(case.body, dict):
            case.body[CSRF_FIELD] = data["csrf"]
