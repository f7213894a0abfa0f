#!/usr/bin/env python3
"""Complete sign-ins through the built-in development provider, one after
another: sign-in start, the provider's page, its form, our callback and the
account page (5 requests). Prints p50/p99 of a whole sign-in and, last, a
session cookie for benchmarking signed-in pages.

    scripts/bench-sign-in.py BASE_URL [COUNT [PERSONAL_ID NAME]]

With PERSONAL_ID and NAME it signs in as that person (level 2, typed into
the provider's form) instead of the demo citizen.
"""
import http.cookiejar
import statistics
import sys
import time
import urllib.parse
import urllib.request

base = sys.argv[1].rstrip("/")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
who = dict(persona="custom", personal_id=sys.argv[3], name=sys.argv[4],
           birthdate="1990-01-01", level="2") if len(sys.argv) > 4 else dict(persona="citizen")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(url):
        try:
            response = opener.open(url if url.startswith("http") else base + url)
            response.read()
            return response.status, response.headers
        except urllib.error.HTTPError as redirect:
            return redirect.code, redirect.headers

    status, headers = get("/auth/sign-in?next=/account")
    authorize = headers["Location"]
    get(authorize)
    form = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize).query))
    form.update(who, decision="approve")
    request = urllib.request.Request(
        base + "/dev-idp/authorize",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Origin": base, "Sec-Fetch-Site": "same-origin"},
    )
    try:
        opener.open(request)
        raise SystemExit("the provider did not redirect")
    except urllib.error.HTTPError as redirect:
        callback = redirect.headers["Location"]
    status, headers = get(callback)
    assert headers["Location"] == "/account", headers["Location"]
    status, _ = get("/account")
    assert status == 200, status
    return next(c for c in jar if c.name == "session").value


get_cookie = sign_in()  # warm-up: discovery, first connections
times = []
for _ in range(count):
    start = time.perf_counter()
    cookie = sign_in()
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{count} sign-ins: p50 {statistics.median(times):.1f} ms, "
      f"p99 {times[int(len(times) * 0.99) - 1]:.1f} ms")
print(cookie)
