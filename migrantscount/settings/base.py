"""Settings shared by every environment. Environment-specific files import this."""

from pathlib import Path

import dj_database_url

from .env import env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("MIGRANTSCOUNT_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "migrantscount.core",
    "migrantscount.pages",
    "migrantscount.data",
    "migrantscount.profiles",
    "migrantscount.stories",
    "migrantscount.social",
    "migrantscount.events",
    "migrantscount.analytics",
    "migrantscount.api",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # Outermost, so it sees the final headers (analytics.counting; docs/analytics.md).
    "migrantscount.analytics.counting.CountingMiddleware",
    "migrantscount.core.middleware.TrustedProxySchemeMiddleware",
    "migrantscount.core.page_cache.PublicCacheControlMiddleware",
    # Before the page cache keeps a page (it sits outside this stack, at WSGI).
    "migrantscount.core.middleware.CompactHtmlMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "migrantscount.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "migrantscount.api.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "migrantscount.core.middleware.StaffSessionExpiryMiddleware",
    "migrantscount.core.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "migrantscount.urls"
# A refused form token shows a page in the form's language that keeps the text.
CSRF_FAILURE_VIEW = "migrantscount.stories.views.csrf_failure"
WSGI_APPLICATION = "migrantscount.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "migrantscount.analytics.beacon.reach_tags",
            ],
        },
    },
]


def sqlite_options() -> dict[str, object]:
    """SQLite shared by two web workers and a task worker.

    WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
    two writers queue on the busy timeout instead of failing with "database is locked"
    when a reader upgrades to a writer mid-transaction.
    """
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=30000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }


def database_from_url(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=600))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = sqlite_options()
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The page cache in front of Django (core.page_cache, wrapped in wsgi.py): anonymous
# public answers kept in each web process's memory, purged through Wagtail's frontend
# cache (a proxy or CDN backend goes beside "pagecache"); see docs/operations.md.
MIGRANTSCOUNT_PAGE_CACHE = env_int("MIGRANTSCOUNT_PAGE_CACHE", 1) == 1
MIGRANTSCOUNT_PAGE_CACHE_MAX_BYTES = env_int(
    "MIGRANTSCOUNT_PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024
)
# How long a shared cache may keep a public page no purge has reached (s-maxage).
MIGRANTSCOUNT_PAGE_CACHE_SECONDS = env_int("MIGRANTSCOUNT_PAGE_CACHE_SECONDS", 3600)
MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = env_str(
    "MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG", str(VAR_DIR / "page-cache-purges.log")
)
WAGTAILFRONTENDCACHE: dict[str, dict[str, str]] = {
    "pagecache": {"BACKEND": "migrantscount.core.page_cache.FrontendCacheBackend"},
}
# A reverse-proxy cache in front (deploy/varnish/default.vcl): the address where it
# takes PURGE and BAN from this host, e.g. http://127.0.0.1:80 (core.proxy_cache).
MIGRANTSCOUNT_PROXY_PURGE_URL = env_str("MIGRANTSCOUNT_PROXY_PURGE_URL", "")
if MIGRANTSCOUNT_PROXY_PURGE_URL:
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "migrantscount.core.proxy_cache.ProxyBackend",
        "LOCATION": MIGRANTSCOUNT_PROXY_PURGE_URL,
    }
# After a purge a task GETs each purged page this many times (one per web worker).
MIGRANTSCOUNT_PAGE_WARM_REQUESTS = env_int("MIGRANTSCOUNT_PAGE_WARM_REQUESTS", 2)

# One cache shared by every web, worker and scheduler process: the per-address limit on
# story submissions and the site chrome's invalidation (pages.chrome) need that, and
# Django's default (memory) cache is private to each process. Files need no server;
# at scale, a settings module can point CACHES at Redis.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("MIGRANTSCOUNT_CACHE_DIR", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": env_int("MIGRANTSCOUNT_CACHE_MAX_ENTRIES", 20000)},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Platform services (migrantscount.core; see docs/operations.md).
AUTHENTICATION_BACKENDS = ["migrantscount.core.backends.ThrottledModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "migrantscount.core.forms.ThrottledLoginForm"
MIGRANTSCOUNT_LOGIN_FAILURE_LIMIT = 5
# Per account, whatever the addresses (a botnet tries one password from each): above
# this the account is throttled for everyone until the window passes (issue 12).
MIGRANTSCOUNT_LOGIN_FAILURE_ACCOUNT_LIMIT = env_int(
    "MIGRANTSCOUNT_LOGIN_FAILURE_ACCOUNT_LIMIT", 20
)
MIGRANTSCOUNT_LOGIN_FAILURE_WINDOW_MINUTES = 15
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated);
# empty: REMOTE_ADDR is the client (see migrantscount/core/client_ip.py).
MIGRANTSCOUNT_TRUSTED_PROXIES = env_list("MIGRANTSCOUNT_TRUSTED_PROXIES", "")
# TOTP for every account that reaches the admin (on in production).
MIGRANTSCOUNT_REQUIRE_2FA = False
MIGRANTSCOUNT_2FA_EXEMPT_USERS = env_list("MIGRANTSCOUNT_2FA_EXEMPT_USERS", "")
OTP_TOTP_ISSUER = "Migrants Count"
# Sessions of staff who can read personal data (decrypted submissions) end after this
# idle time and at most this long after sign-in (core.middleware, issue 12).
MIGRANTSCOUNT_STAFF_IDLE_MINUTES = env_int("MIGRANTSCOUNT_STAFF_IDLE_MINUTES", 30)
MIGRANTSCOUNT_STAFF_SESSION_MAX_HOURS = env_int(
    "MIGRANTSCOUNT_STAFF_SESSION_MAX_HOURS", 9
)
# Browser-side limits (core.middleware, issue 12). Public pages: own origin only, no
# inline script or style, no nonce (their bodies are cached and shared between
# readers); no frame-ancestors, since chart embeds are framed by other sites
# (X-Frame-Options covers the rest). The Wagtail admin still writes inline scripts
# and styles, so it allows them, but still no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# Web reach (migrantscount.analytics; docs/analytics.md "Reach"): "server" counts in
# each web process (the page cache's hits too), "beacon" counts only through the
# cookieless beacon (behind a proxy or CDN), "off" counts nothing. Counts are written
# as aggregates every MIGRANTSCOUNT_REACH_FLUSH_SECONDS; at most _MAX_KEYS distinct
# rows are held per process between two writes.
MIGRANTSCOUNT_REACH_COUNTING = env_str("MIGRANTSCOUNT_REACH_COUNTING", "server")
MIGRANTSCOUNT_REACH_FLUSH_SECONDS = env_int("MIGRANTSCOUNT_REACH_FLUSH_SECONDS", 60)
MIGRANTSCOUNT_REACH_MAX_KEYS = env_int("MIGRANTSCOUNT_REACH_MAX_KEYS", 5000)
# Optional: the organisation's own Matomo or Plausible, cookieless, its script from the
# organisation's server only (checked); off unless all three are set.
MIGRANTSCOUNT_TRACKER = env_str("MIGRANTSCOUNT_TRACKER", "")
MIGRANTSCOUNT_TRACKER_URL = env_str("MIGRANTSCOUNT_TRACKER_URL", "").rstrip("/")
MIGRANTSCOUNT_TRACKER_SITE_ID = env_str("MIGRANTSCOUNT_TRACKER_SITE_ID", "")
if MIGRANTSCOUNT_TRACKER and MIGRANTSCOUNT_TRACKER_URL:
    _tracker_origin = "/".join(MIGRANTSCOUNT_TRACKER_URL.split("/")[:3])
    for _directive in ("script-src", "connect-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(_tracker_origin)
MIGRANTSCOUNT_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'self'"],
    }
}
MIGRANTSCOUNT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
# No avatars from gravatar.com: they would send staff e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Comma-separated Fernet keys, newest first (newest encrypts, all decrypt).
MIGRANTSCOUNT_ENCRYPTION_KEYS = env_list("MIGRANTSCOUNT_ENCRYPTION_KEYS", "")
MIGRANTSCOUNT_HEARTBEAT_MAX_AGE_SECONDS = 120
# The worker records its own heartbeat this often (manage.py worker), queue or not.
MIGRANTSCOUNT_WORKER_BEAT_SECONDS = 30
MIGRANTSCOUNT_STUCK_TASK_MINUTES = env_int("MIGRANTSCOUNT_STUCK_TASK_MINUTES", 60)
MIGRANTSCOUNT_BACKUP_DIR = Path(
    env_str("MIGRANTSCOUNT_BACKUP_DIR", str(VAR_DIR / "backups"))
)
# Backups (core.services.backups): archives are encrypted with this passphrase (never
# stored in them; `make run` keeps a local one in var/backup_passphrase), deleted
# after the retention period by a periodic job, and a restore replays the erasure
# ledger, a file outside the database (ids and times of withdrawn consents).
MIGRANTSCOUNT_BACKUP_PASSPHRASE = env_str("MIGRANTSCOUNT_BACKUP_PASSPHRASE", "")
MIGRANTSCOUNT_BACKUP_RETENTION_DAYS = env_int("MIGRANTSCOUNT_BACKUP_RETENTION_DAYS", 30)
MIGRANTSCOUNT_ERASURE_LEDGER = Path(
    env_str("MIGRANTSCOUNT_ERASURE_LEDGER", str(VAR_DIR / "erasure_ledger.jsonl"))
)

# Live interviews (migrantscount.events; see docs/events.md).
EVENTS_OCCURRENCE_HORIZON_DAYS = env_int("EVENTS_OCCURRENCE_HORIZON_DAYS", 120)
EVENTS_GUEST_CONTACT_RETENTION_DAYS = env_int("EVENTS_GUEST_CONTACT_RETENTION_DAYS", 90)
# Hosts' and interpreters' e-mail addresses go this many days after their last
# interview (they are on the team side, so kept longer than guests').
EVENTS_TEAM_CONTACT_RETENTION_DAYS = env_int("EVENTS_TEAM_CONTACT_RETENTION_DAYS", 365)
# Reminder e-mails to host, interpreters and guests, in minutes before the start
# (one day and one hour); after downtime only the nearest one due is sent.
EVENTS_REMINDER_MINUTES = (24 * 60, 60)
# How long before the start the announcement posts are made: time to translate and
# approve the first one (T-7 days) before it is due.
EVENTS_ANNOUNCE_AHEAD_DAYS = env_int("EVENTS_ANNOUNCE_AHEAD_DAYS", 14)

# Perception surveys (migrantscount.analytics; see docs/analytics.md "Perception
# surveys"). A form token expires after SURVEYS_FORM_MAX_AGE_SECONDS; a sheet sent
# sooner than SURVEYS_MIN_SECONDS after the form was drawn is refused; an address
# (a keyed hash of it, in the cache for 24 hours) may send SURVEYS_RESPONSES_PER_DAY.
SURVEYS_FORM_MAX_AGE_SECONDS = env_int("SURVEYS_FORM_MAX_AGE_SECONDS", 4 * 3600)
SURVEYS_MIN_SECONDS = env_int("SURVEYS_MIN_SECONDS", 8)
SURVEYS_RESPONSES_PER_DAY = env_int("SURVEYS_RESPONSES_PER_DAY", 10)

# Migrants' stories (migrantscount.stories; see docs/stories.md).
STORIES_CONTACT_RETENTION_DAYS = env_int("STORIES_CONTACT_RETENTION_DAYS", 90)
# Submissions never published (received, in review, declined) are deleted
# this long after receipt (stories.retention); the privacy notice states both periods.
STORIES_UNPUBLISHED_RETENTION_DAYS = env_int("STORIES_UNPUBLISHED_RETENTION_DAYS", 365)
STORIES_SUBMISSIONS_PER_IP_PER_HOUR = env_int("STORIES_SUBMISSIONS_PER_IP_PER_HOUR", 5)
# Every POST of the form counts, refused ones too (each may carry a photo to decode).
STORIES_ATTEMPTS_PER_IP_PER_HOUR = env_int("STORIES_ATTEMPTS_PER_IP_PER_HOUR", 20)
STORIES_MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Request bodies (core.front, in front of Django): larger ones are refused with 413
# before being read; public forms carry at most one photo plus text. Uploads stay in
# memory up to the public cap, so a photo (personal data, maybe with GPS) is never
# spooled unencrypted to disk (only admin uploads above it are, data files and
# documents).
MIGRANTSCOUNT_MAX_REQUEST_BYTES = env_int(
    "MIGRANTSCOUNT_MAX_REQUEST_BYTES", STORIES_MAX_PHOTO_BYTES + 2 * 1024 * 1024
)
MIGRANTSCOUNT_MAX_ADMIN_REQUEST_BYTES = env_int(
    "MIGRANTSCOUNT_MAX_ADMIN_REQUEST_BYTES", 100 * 1024 * 1024
)
FILE_UPLOAD_MAX_MEMORY_SIZE = MIGRANTSCOUNT_MAX_REQUEST_BYTES
# Admin uploads above the public cap spool here (made at start by core, mode 0700),
# not in the machine's shared /tmp.
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR", str(VAR_DIR / "tmp"))
STORIES_MAX_PHOTO_PIXELS = 40_000_000
# PNG and WebP decode at full size (JPEG at a reduced scale): 12 MP costs ~0.1 GB.
STORIES_MAX_PHOTO_PIXELS_FULL_DECODE = 12_000_000
# Processed story photos live outside MEDIA_ROOT: they are never served publicly.
STORIES_PRIVATE_MEDIA_ROOT = Path(
    env_str("STORIES_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media"))
)

# Social engine (migrantscount.social; see docs/social.md).
# A delivery not sent this long after it was due is expired, not sent.
SOCIAL_NOT_AFTER_HOURS = env_int("SOCIAL_NOT_AFTER_HOURS", 24)
# The dispatcher polls at most this often (seconds); a due delivery goes out within 5 s.
SOCIAL_DISPATCH_POLL_SECONDS = 1.0
# Rows claimed per poll, and the age after which a row still "publishing" is taken
# as abandoned by a dead dispatcher (swept to "unconfirmed", then looked up).
SOCIAL_DISPATCH_BATCH = env_int("SOCIAL_DISPATCH_BATCH", 20)
SOCIAL_STUCK_PUBLISHING_SECONDS = env_int("SOCIAL_STUCK_PUBLISHING_SECONDS", 300)
# Retries after 5xx / timeouts: exponential backoff with full jitter, capped.
SOCIAL_RETRY_BASE_SECONDS = 30
SOCIAL_RETRY_MAX_SECONDS = 3600
SOCIAL_MAX_ATTEMPTS = env_int("SOCIAL_MAX_ATTEMPTS", 8)
# Pacing windows (the networks' documented limits) are divided by this factor, so a
# benchmark can compress an hour into seconds; 1 in production.
SOCIAL_PACING_TIME_SCALE = float(env_str("SOCIAL_PACING_TIME_SCALE", "1"))
# /healthz: dispatch lag above this (seconds) is reported as unhealthy for social.
SOCIAL_DISPATCH_LAG_WARN_SECONDS = env_int("SOCIAL_DISPATCH_LAG_WARN_SECONDS", 300)
# Networks connected through OAuth 2 (docs/social.md, "Connecting through OAuth"):
# the campaign's app on each, from SOCIAL_<NETWORK>_CLIENT_ID / _CLIENT_SECRET /
# _REDIRECT_URI (blank redirect: this site's /admin/social/connect/<network>/callback/).
SOCIAL_OAUTH_CLIENTS = {
    network: {
        "client_id": env_str(f"SOCIAL_{network.upper()}_CLIENT_ID", ""),
        "client_secret": env_str(f"SOCIAL_{network.upper()}_CLIENT_SECRET", ""),
        "redirect_uri": env_str(f"SOCIAL_{network.upper()}_REDIRECT_URI", ""),
    }
    for network in ("x", "facebook", "instagram", "threads", "linkedin")
}
# Owners are e-mailed this many days before a credential only a person can renew
# expires (and at once when a refresh fails).
SOCIAL_EXPIRY_WARNING_DAYS = env_int("SOCIAL_EXPIRY_WARNING_DAYS", 7)
# Reach snapshots of a published delivery, this many hours after publication.
SOCIAL_METRICS_AFTER_HOURS = (1, 24, 24 * 7, 24 * 30)
SOCIAL_METRICS_BATCH = env_int("SOCIAL_METRICS_BATCH", 200)
# Bluesky's counts come from an AppView (public, unauthenticated reads).
SOCIAL_BLUESKY_APPVIEW_URL = env_str(
    "SOCIAL_BLUESKY_APPVIEW_URL", "https://public.api.bsky.app"
)
# The public address of MEDIA_URL (e.g. https://migrantscount.org/media/): Meta
# fetches Instagram and Threads images from it. While blank, scheduling an
# Instagram post (or a Threads post with an image) is refused.
PUBLIC_MEDIA_BASE_URL = env_str("PUBLIC_MEDIA_BASE_URL", "")
# Meta's Graph APIs (social/platforms/graph.py: Facebook Pages, Instagram, Threads).
# Meta retires each Graph version about two years after its release: change it here.
# The hosts are settings so that `manage.py run_fake_meta` (local try-outs) and the
# tests can stand in for Meta.
SOCIAL_GRAPH_API_VERSION = env_str("SOCIAL_GRAPH_API_VERSION", "v25.0")
SOCIAL_THREADS_API_VERSION = env_str("SOCIAL_THREADS_API_VERSION", "v1.0")
SOCIAL_META_GRAPH_URL = env_str("SOCIAL_META_GRAPH_URL", "https://graph.facebook.com")
SOCIAL_META_WWW_URL = env_str("SOCIAL_META_WWW_URL", "https://www.facebook.com")
SOCIAL_INSTAGRAM_GRAPH_URL = env_str(
    "SOCIAL_INSTAGRAM_GRAPH_URL", "https://graph.instagram.com"
)
SOCIAL_INSTAGRAM_API_URL = env_str(
    "SOCIAL_INSTAGRAM_API_URL", "https://api.instagram.com"
)
SOCIAL_INSTAGRAM_WWW_URL = env_str(
    "SOCIAL_INSTAGRAM_WWW_URL", "https://www.instagram.com"
)
SOCIAL_THREADS_GRAPH_URL = env_str(
    "SOCIAL_THREADS_GRAPH_URL", "https://graph.threads.net"
)
SOCIAL_THREADS_WWW_URL = env_str("SOCIAL_THREADS_WWW_URL", "https://threads.com")
# How Instagram accounts connect: "instagram" (Instagram Login, no Facebook Page
# needed; its API cannot delete posts) or "facebook" (Facebook Login through the
# Page the professional account is linked to).
SOCIAL_INSTAGRAM_LOGIN = env_str("SOCIAL_INSTAGRAM_LOGIN", "instagram")
# X (API v2; social/platforms/x.py): its hosts, and what each call costs in US dollars
# (pay per use; X's pricing page, Aug 2026; reads are per post returned).
SOCIAL_X_API_URL = env_str("SOCIAL_X_API_URL", "https://api.x.com")
SOCIAL_X_AUTHORIZE_URL = env_str(
    "SOCIAL_X_AUTHORIZE_URL", "https://x.com/i/oauth2/authorize"
)
SOCIAL_X_WEB_URL = env_str("SOCIAL_X_WEB_URL", "https://x.com")
SOCIAL_X_PRICES = {
    "post": env_str("SOCIAL_X_PRICE_POST", "0.015"),
    "post_with_url": env_str("SOCIAL_X_PRICE_POST_WITH_URL", "0.200"),
    "delete": env_str("SOCIAL_X_PRICE_DELETE", "0.010"),
    "media_metadata": env_str("SOCIAL_X_PRICE_MEDIA_METADATA", "0.005"),
    "post_read": env_str("SOCIAL_X_PRICE_POST_READ", "0.005"),
    "user_read": env_str("SOCIAL_X_PRICE_USER_READ", "0.010"),
}
# LinkedIn (social/platforms/linkedin.py): the API version sent as Linkedin-Version
# (YYYYMM). LinkedIn serves each version about a year, then answers HTTP 426: move it
# forward before then (docs/social.md, "LinkedIn").
SOCIAL_LINKEDIN_VERSION = env_str("SOCIAL_LINKEDIN_VERSION", "202610")
SOCIAL_LINKEDIN_API_URL = env_str("SOCIAL_LINKEDIN_API_URL", "https://api.linkedin.com")
SOCIAL_LINKEDIN_OAUTH_URL = env_str(
    "SOCIAL_LINKEDIN_OAUTH_URL", "https://www.linkedin.com/oauth/v2"
)
SOCIAL_LINKEDIN_WEB_URL = env_str("SOCIAL_LINKEDIN_WEB_URL", "https://www.linkedin.com")

# Languages: the four official languages of the OAS.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Migrants Count"
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# "simple" (no stemming, no stop words) on PostgreSQL: stories are stemmed per language
# before indexing, as SQLite's FTS5 needs (stories/search.py). Wagtail's database
# backend, ranking on SQLite in one pass (core/sqlite_search.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "migrantscount.core.search_backend",
        "SEARCH_CONFIG": "simple",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "txt", "json"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# A new translation starts as a draft even when its source is live, so it goes
# through the workflow (translators cannot publish; see docs/stories.md).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Public media: only these folders of MEDIA_ROOT are served, at MEDIA_URL, by
# core.views.public_media (renditions and share cards; never data-import uploads,
# documents or original uploads; social/outgoing holds the images Instagram and
# Threads fetch while a post goes out, removed after it). Renditions of a withdrawn
# story's photo are deleted, so caches keep them at most this long
# (docs/operations.md, Media).
MIGRANTSCOUNT_PUBLIC_MEDIA_DIRS = ["images", "stories/cards", "social/outgoing"]
MIGRANTSCOUNT_MEDIA_MAX_AGE_SECONDS = env_int(
    "MIGRANTSCOUNT_MEDIA_MAX_AGE_SECONDS", 7 * 24 * 3600
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background work: one database queue serves our tasks and Wagtail's own
# (search index, reference index).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


def email_from_url(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp://user:pass@host:25, submission://… (STARTTLS, port 587),
    smtps://… (TLS, port 465), console:, locmem:, dummy:."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    simple = {"console", "locmem", "dummy"}
    if parts.scheme in simple:
        return {
            "EMAIL_BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"
        }
    if parts.scheme == "file":
        # file:var/outbox (relative to the project) or file:///srv/outbox: one file
        # per message, in a folder only the site's user can read (make run's default:
        # a receipt holds a private status link, so mail never goes to the log).
        folder = Path(unquote(parts.path))
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(
                folder if folder.is_absolute() else BASE_DIR / folder
            ),
        }
    ports = {"smtp": 25, "submission": 587, "smtps": 465}
    if parts.scheme not in ports:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be one of {sorted(simple | set(ports) | {'file'})}."
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or ports[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "submission",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


_email = email_from_url(env_str("EMAIL_URL", "console:"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", str(VAR_DIR / "outbox"))
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_SUBJECT_PREFIX = "[Migrants Count] "
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Migrants Count <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK: dict[str, object] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI description at /api/v1/schema/, generated from the API's views
# (docs/data.md, API).
SPECTACULAR_SETTINGS: dict[str, object] = {
    "TITLE": "Migrants Count open data API",
    "VERSION": "1",
    "DESCRIPTION": "Official migration and remittance figures with their source, "
    "vintage and the cell they were read from. Current vintages unless asked.",
    "LICENSE": {"name": "Figures: see each dataset's licence"},
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "PREPROCESSING_HOOKS": ["migrantscount.api.schema.only_the_public_api"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
        # One line per task and per page save drowns what matters in the foreground
        # output of `make run`; the audit log keeps editors' actions.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # httpx logs every request's URL at INFO, and Meta's token endpoints take
        # the app secret and tokens in the query string (GET /oauth/access_token).
        "httpx": {"level": "WARNING"},
    },
}

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
SECRET_KEY_MIN_LENGTH = env_int("SECRET_KEY_MIN_LENGTH", 50)
