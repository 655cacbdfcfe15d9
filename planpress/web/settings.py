"""Settings of the intranet application, read from the environment (docs/web.md, 部署.md).

PLANPRESS_ROOT           the project (the folder with source/), default: the current directory
PLANPRESS_STATE_DIR      the application's own files (database, locks, secret key), default ROOT/.planpress
PLANPRESS_DATABASE_URL   postgresql://user:password@host:5432/name; default: SQLite (WAL) in the state folder
PLANPRESS_SECRET_KEY     default: generated once into the state folder
PLANPRESS_ALLOWED_HOSTS  comma-separated host names the server answers to (default: 127.0.0.1, localhost)
PLANPRESS_HTTPS=1        behind an HTTPS proxy: secure cookies, HSTS, the proxy's X-Forwarded-Proto trusted
PLANPRESS_SESSION_HOURS  how long a sign-in lasts (default 8: a shift)
PLANPRESS_LDAP_URI …     sign-in with the hospital's directory (see accounts/ldap.py); off by default
PLANPRESS_PUBLIC_URL     the application's address for links in e-mails, e.g. https://planpress.hospital.local/
PLANPRESS_CA_CERT, PLANPRESS_CA_KEY  the hospital CA's certificate and its passphrase-encrypted key (PEM),
                         for issuing signing certificates in the application (signing/authority.py)
PLANPRESS_SIGNING_TRIES  wrong signing passwords before a person's signing locks (default 5)
PLANPRESS_OUTPUT_BUILDS=0  no `planpress build` after a release in the browser and once a day (default: on)
PLANPRESS_SMTP_HOST, _PORT (25), _USER, _PASSWORD, _STARTTLS=1, PLANPRESS_MAIL_FROM  e-mail: a signature due,
                         overdue reading reminders
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

WEB_DIR = Path(__file__).resolve().parent

PLANPRESS_ROOT = Path(os.environ.get("PLANPRESS_ROOT") or os.getcwd()).resolve()
STATE_DIR = Path(os.environ.get("PLANPRESS_STATE_DIR") or PLANPRESS_ROOT / ".planpress").resolve()


def _secret_key() -> str:
    given = os.environ.get("PLANPRESS_SECRET_KEY")
    if given:
        return given
    path = STATE_DIR / "secret_key"
    try:
        return path.read_text("ascii").strip()
    except FileNotFoundError:
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key)
        return key
    except OSError:  # a read-only state folder (a check run): a key for this process only
        return secrets.token_urlsafe(50)


def _database() -> dict:
    url = os.environ.get("PLANPRESS_DATABASE_URL", "").strip()
    if not url:
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": STATE_DIR / "planpress.sqlite3",
            "OPTIONS": {
                # WAL: readers never wait for the writer; IMMEDIATE: a transaction that will write
                # takes the lock when it starts, so two writers queue instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"planpress：PLANPRESS_DATABASE_URL 只支持 postgresql://…（收到的是 {parts.scheme}://）。")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "planpress",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.pop("host", None) or parts.hostname or "",  # ?host=/run/postgresql: a socket folder
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": query,
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("PLANPRESS_WEB_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("PLANPRESS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
                 if h.strip()]
HTTPS = os.environ.get("PLANPRESS_HTTPS") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planpress.web.accounts",
    "planpress.web.audit",
    "planpress.web.documents",
    "planpress.web.drafts",
    "planpress.web.acknowledge",
    "planpress.web.drills",
    "planpress.web.signing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "planpress.web.security.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "planpress.web.accounts.middleware.PasswordChangeRequired",
    "planpress.web.documents.project.OneLookPerRead",
    "planpress.web.signing.outputs.DailyBuild",
    "planpress.web.acknowledge.directorysync.ScheduledSync",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "planpress.web.urls"
WSGI_APPLICATION = "planpress.web.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [WEB_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "planpress.web.context.navigation",
    ]},
}]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Account"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "documents:dashboard"

PASSWORD_HASHERS = [
    "planpress.web.accounts.hashers.Argon2id",  # Argon2id, OWASP's parameters (accounts/hashers.py)
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # only to read hashes made elsewhere
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if os.environ.get("PLANPRESS_LDAP_URI"):
    from .accounts.ldap import configure as _configure_ldap

    globals().update(_configure_ldap(os.environ))
    AUTHENTICATION_BACKENDS.insert(0, "django_auth_ldap.backend.LDAPBackend")

# Sign-in: how many wrong passwords lock an account, and for how long (accounts/lockout.py).
PLANPRESS_LOCK_AFTER = int(os.environ.get("PLANPRESS_LOCK_AFTER", "5"))
PLANPRESS_LOCK_MINUTES = int(os.environ.get("PLANPRESS_LOCK_MINUTES", "15"))
# Signing (signing/): wrong signing passwords before signing locks; the hospital CA the certificate
# administrator issues with (its key encrypted under the administrator's passphrase).
PLANPRESS_SIGNING_TRIES = int(os.environ.get("PLANPRESS_SIGNING_TRIES", "5"))
PLANPRESS_CA_CERT = os.environ.get("PLANPRESS_CA_CERT", "")
PLANPRESS_CA_KEY = os.environ.get("PLANPRESS_CA_KEY", "")
# `planpress build` by the application after a release and once a day (signing/outputs.py).
PLANPRESS_OUTPUT_BUILDS = os.environ.get("PLANPRESS_OUTPUT_BUILDS", "1") == "1"
if os.environ.get("PLANPRESS_TEST_WEAK_KDF") == "1":  # tests only: production keeps signing/keystore.PRODUCTION_N
    PLANPRESS_SCRYPT_N = 2 ** 12

SESSION_COOKIE_AGE = int(float(os.environ.get("PLANPRESS_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "planpress_session"
CSRF_COOKIE_NAME = "planpress_csrf"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "planpress.web.errors.csrf_failure"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# What a browser may send (security.py and the views check the rest, as `check` checks files).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # a form: the YAML cap (1 MiB) with room for the rest
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
PLANPRESS_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # an imported Word or PDF file
# Draft PDF and cards after each save (drafts/runner.py); off only in tests that do not look at them.
PLANPRESS_DRAFTS = os.environ.get("PLANPRESS_DRAFTS", "1") == "1"

# E-mail (web/mail.py): a signature due (signing/notify.py), overdue reading (acknowledge/reminders.py),
# through the hospital's SMTP server; without one nothing is sent and the page says so.
PLANPRESS_SMTP_HOST = os.environ.get("PLANPRESS_SMTP_HOST", "")
EMAIL_HOST = PLANPRESS_SMTP_HOST
EMAIL_PORT = int(os.environ.get("PLANPRESS_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PLANPRESS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PLANPRESS_SMTP_PASSWORD", "")
EMAIL_USE_TLS = "1" in (os.environ.get("PLANPRESS_SMTP_STARTTLS"), os.environ.get("PLANPRESS_SMTP_TLS"))
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("PLANPRESS_MAIL_FROM", "planpress@hospital.invalid")
PLANPRESS_PUBLIC_URL = os.environ.get("PLANPRESS_PUBLIC_URL", "")
# Drill attachments (drills/): each at most this size, photos (JPEG, PNG) and scans (PDF) only
PLANPRESS_DRILL_ATTACHMENT_BYTES = 10 * 1024 * 1024

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static", WEB_DIR / "frontend" / "dist"]
STATIC_ROOT = STATE_DIR / "static"  # only for `collectstatic` (not needed: WhiteNoise serves the folders above)
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start when it is missing
except OSError:
    pass
WHITENOISE_USE_FINDERS = True  # served from the folders above: no collectstatic step to forget
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
