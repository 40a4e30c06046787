"""Hearth's one settings module, fed by the environment (see README, "Environment")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
import jinja2
import redis
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from hearth.lib.env import email_settings, env_bool, env_int, env_list, env_str, env_url, secret_key

# Lets admin and manager classes be subscripted for the type checker at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HEARTH_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 1, minimum=1, maximum=64)
# Threads per worker process that run pages and the API (hearth/web/asgi_handler.py); each holds
# at most one database connection, so it must stay at or under DATABASE_POOL_SIZE.
WEB_THREADS = env_int("WEB_THREADS", 4, minimum=1, maximum=64)
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
# Served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto): secure cookies,
# redirects and HSTS. On by default outside development.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SITE_NAME = "Hearth"
# The site's address, for links in mail the job queue sends (no request to take the host from).
SITE_URL = (
    env_url("SITE_URL", schemes={"http", "https"})
    or f"{'https' if HTTPS else 'http'}://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}"
    + ("" if HTTPS else f":{PORT}")
).rstrip("/")
# New communities wait for a site administrator's approval before they open.
COMMUNITIES_NEED_APPROVAL = env_bool("COMMUNITIES_NEED_APPROVAL", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Hearth's apps come before allauth so that their templates override allauth's.
    "hearth.web",
    "hearth.accounts",
    "hearth.conditions",
    "hearth.communities",
    "hearth.discussions",
    "hearth.chats",
    "hearth.treatments",
    "hearth.experiences",
    "hearth.professionals",
    "hearth.evidence",
    "hearth.profiles",
    "hearth.connections",
    "hearth.conversations",
    "hearth.tracking",
    "hearth.privacy",
    "hearth.notifications",
    "hearth.moderation",
    "hearth.safety",
    "hearth.wellbeing",
    "hearth.search",
    "hearth.audit",
    "hearth.api",
    "hearth.demo",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "csp",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    # The header middleware comes before WhiteNoise so that static files carry the headers too.
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hearth.safety.middleware.crisis_panel_not_stored",  # a page with the private crisis panel: no-store
    "django_htmx.middleware.HtmxMiddleware",
    # Inside CSP, CSRF and auth: it needs the viewer, and swaps in each response's nonce and token.
    "hearth.web.page_cache.VisitorPageCacheMiddleware",
]

ROOT_URLCONF = "hearth.urls"
ASGI_APPLICATION = "hearth.asgi.application"
WSGI_APPLICATION = "hearth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.web.context_processors.site",
                "hearth.notifications.context_processors.unread",
                "hearth.safety.context_processors.crisis",
                "hearth.moderation.context_processors.suspension",
            ],
        },
    },
    {
        # Only for the few fragments read so often that the Django template language's cost per
        # variable shows (the posts of a thread page); pages themselves are Django templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "undefined": jinja2.StrictUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "auto_reload": DEBUG,
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = env_url("DATABASE_URL", schemes={"postgres", "postgresql", "sqlite"})
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_health_checks=True)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A pool of open connections per worker process: connecting anew for every request cost
        # a few milliseconds each, and under load left PostgreSQL refusing "too many clients".
        # Each of a worker's WEB_THREADS threads holds at most one (a system check refuses more
        # threads than connections); DATABASE_POOL_SIZE times WEB_CONCURRENCY must stay under
        # max_connections.
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
        # JIT compiling pays off for long reports, not for a web page's short queries, where
        # the planner's cost estimates on large tables could make it add tens of milliseconds.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 2,
            "max_size": env_int("DATABASE_POOL_SIZE", 20, minimum=1, maximum=200),
            "timeout": 3,  # waiting longer for a connection only delays the 503 when the database is away
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hearth.sqlite3"),
            "OPTIONS": {
                # Concurrent use: readers never wait for the writer (WAL), writers queue for the
                # lock at BEGIN instead of failing mid-transaction (IMMEDIATE), and wait up to 20 s.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA cache_size=-20000;"
                    "PRAGMA temp_store=MEMORY;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Fail fast, and an optional read replica (docs/deploy.md) -------------------------------
# A PostgreSQL server that does not answer costs a request seconds, not minutes: it gets the 503
# page (hearth/web/errors.py) and a later request connects again by itself.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
DATABASE_REPLICA_URL = env_url("DATABASE_REPLICA_URL", schemes={"postgres", "postgresql"})
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to name the PostgreSQL primary.")
    try:
        _replica = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0), conn_health_checks=True
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a valid database URL: {error}") from None
    _replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **_replica.get("OPTIONS", {})}
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["hearth.lib.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "hearth.lib.db_router.pin_to_primary_after_writes",
    )

# --- Cache, channel layer and job queue: in-process by default, Redis with REDIS_URL -------
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss", "unix"})
if REDIS_URL:
    # Short timeouts: with Redis gone, a cache call or a job enqueued fails within seconds (the
    # request gets the 503 page) instead of hanging. Blocking reads (the channel layer's wait up
    # to 5 s, the job worker's 1 s) need sockets that wait longer than they do.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_connect_timeout": 2, "socket_timeout": 10}]},
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "hearth",
        "immediate": False,
        # The worker's blocking reads wait 1 s. (Huey takes a URL or a pool, so a pool it is.)
        "connection_pool": redis.ConnectionPool.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=3),
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hearth"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hearth",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": False,
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "hearth.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "hearth.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "hearth.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "handle"
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "hearth.accounts.validators.HANDLE_VALIDATORS"
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# The same answer whether or not an address has an account: an employer or insurer cannot
# learn that someone is a member by trying their address.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Sessions are recorded at sign-in; tracking activity would write to the database on every page
# a member reads (about 5 ms each, and a write lock on SQLite).
USERSESSIONS_TRACK_ACTIVITY = False

# --- Email ----------------------------------------------------------------------------------
globals().update(email_settings("EMAIL_URL", VAR_DIR / "mail"))
# A JSON file of crisis lines and emergency numbers by country, replacing hearth/safety/resources.py's.
HEARTH_CRISIS_RESOURCES = env_str("HEARTH_CRISIS_RESOURCES", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Requests -------------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576
# In the database, not the cache: shared by every worker, and pages still read when Redis is
# away (Django's cached_db sessions write to the cache after each database read, and fail then).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.request": {"level": "ERROR"}, "huey": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "hearth.web.errors.csrf_failure"
