"""schemathesis hooks for scripts/fuzz-api: the fuzzer speaks as a signed-in user.

Generated calls may end that login (logout, revoking a session found through
another call's answer); schemathesis then asks `get` for a new token (its
`retry_on` 401) and replays the call, so the run keeps testing as a user
instead of collecting 401s.
"""

import json
import os
import urllib.request

import schemathesis

BASE = os.environ["CONFAB_FUZZ_BASE"]
USERNAME = os.environ["CONFAB_FUZZ_USERNAME"]
PASSWORD = os.environ["CONFAB_FUZZ_PASSWORD"]


def login() -> str:
    body = json.dumps({"username": USERNAME, "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{BASE}/api/v1/auth/login",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["access_token"]


@schemathesis.auth(refresh_interval=600)
class SignedIn:
    def get(self, case, context):
        return login()

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
