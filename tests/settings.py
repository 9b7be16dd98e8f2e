"""The project's settings, as the test suite runs them."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "k" * 40)

from diplomacy.settings import *  # noqa: E402, F403

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the finders, without collectstatic's manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Playwright's sync API runs an event loop in the test thread; the ORM calls it makes
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Each test process keeps its own pages; the page cache is off but for the tests of it, which
# turn it on (the other tests count the queries of pages computed afresh).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A server process the suite starts (bench_load's) may be told to keep them.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 0)  # noqa: F405

# A read replica, as a test mirror of the default database (the same database under a second
# alias); the router that sends public reads to it is on only in the replica's tests, whose
# data is committed where the mirror's own connection can read it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = []
