"""Settings under which a test server speaks plain HTTP (HTTPS has tests of its own)."""

PLAIN_HTTP = {
    "HTTPS": False,
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SECURE_HSTS_SECONDS": 0,
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "http",
}
