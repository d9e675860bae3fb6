"""Settings for bench/open311_load.py only: production settings with the rate limits
lifted (one load generator posts thousands of reports from one address with one key) and a
URLconf that adds the baseline view. Never used outside the benchmark."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "open311_bench_urls"
REPORT_RATE_LIMIT_COUNT = 1_000_000_000
OPEN311_KEY_RATE_LIMIT_COUNT = 1_000_000_000
# No mail leaves the machine: the bench posts no e-mail addresses, and nothing else is sent.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
