"""Challenge Exchange settings.

One module, configured by environment variables (all listed in `.env.example` and the README).
The defaults are the embedded profile: SQLite, database search, immediate tasks, console e-mail,
media on local disk, Stripe off. `DJANGO_ENV=production` refuses to start without the secrets and
services a real deployment needs.
"""

import base64
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    missing = [
        name
        for name in (
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DATABASE_URL",
            "EMAIL_URL",
            "SEALED_BOX_MASTER_KEY",
        )
        if not env.str(name, default="")
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Production settings need these environment variables: {', '.join(missing)}."
        )

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

# The development key is only ever used on the embedded profile; production refuses to start
# without its own key (checked above).
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="django-insecure-embedded-profile-key-never-used-in-production",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Wagtail e-mails every platform superuser about each challenge submitted for review; the
# council's own editors are told instead (challenges/tasks.py).
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# No avatars from gravatar.com: it would learn officers' e-mail hashes, and the admin's CSP
# (img-src 'self') blocks it anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_SITE_NAME = "Challenge Exchange"

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "procurement.accounts",
    "procurement.reference",
    "procurement.buyers",
    "procurement.audit",
    "procurement.evaluation",
    "procurement.awards",
    "procurement.payments",
    "procurement.opendata",
    "procurement.demo",
    "procurement.ops",
    "cms",
    "challenges",
    "suppliers",
    "tenders",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so that a request over capacity costs almost nothing (procurement/ops/admission.py).
    "procurement.ops.admission.AdmissionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "procurement.accounts.mfa.CouncilMfaMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

if PRODUCTION:
    # Static files from the app process itself, collected into STATIC_ROOT with hashed names and
    # served with far-future caching (runserver serves them in development).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "procurement.urls"
WSGI_APPLICATION = "procurement.wsgi.application"

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
                "django.template.context_processors.csp",
                "wagtail.contrib.settings.context_processors.settings",
                "procurement.accounts.context_processors.support",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked" (the audit
    # chain and deadline checks take write locks).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts (django-allauth) ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "procurement.accounts.validators.RepeatedCharacterValidator"},
]
LOGIN_URL = "account_login"
# The Wagtail admin signs people in through allauth, so two-factor authentication applies there too.
# It sends people it refuses to this view, which sends signed-out people to sign in and turns
# away signed-in people without an editing role (rather than bouncing them between the admin
# and the sign-in).
WAGTAILADMIN_LOGIN_URL = "buyers:editor_sign_in"
# Private pages send people to allauth's sign-in too, not Wagtail's password-only form; Wagtail's
# own password reset is off (allauth's is rate limited and the only one).
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGIN_REDIRECT_URL = "/"
# Council members land on their council home after signing in (procurement/accounts/adapter.py).
ACCOUNT_ADAPTER = "procurement.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address (in the browser that signed up) signs the person in and takes them to
# where they signed up from (`next`), e.g. the challenge they want to bid for.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Challenge Exchange] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# allauth's forms with GOV.UK labels and error messages (procurement/accounts/forms.py).
ACCOUNT_FORMS = {
    "login": "procurement.accounts.forms.LoginForm",
    "signup": "procurement.accounts.forms.SignupForm",
    "reset_password": "procurement.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "procurement.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "procurement.accounts.forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "procurement.accounts.forms.AuthenticateForm",
    "reauthenticate": "procurement.accounts.forms.MfaReauthenticateForm",
}
# Where people write when they are stuck signing in (shown on the sign-in and e-mail pages).
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="") or f"support@{urlsplit(SITE_URL).hostname}"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Challenge Exchange"

# --- Tasks --------------------------------------------------------------------------------------
# Django's own tasks API (django.tasks) and the django-tasks package that Wagtail 8 imports both
# read TASKS. The embedded profile runs tasks at once; production queues them in the database for
# `manage.py db_worker`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database" if PRODUCTION else "immediate")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# --- Web processes -----------------------------------------------------------------------------
# Admission control (procurement/ops/admission.py): requests let into Django at once per web
# process, how many more may wait and for how long before a quick 503. 0 active means no limit
# (the embedded profile's default).
WEB_MAX_ACTIVE_REQUESTS = env.int("WEB_MAX_ACTIVE_REQUESTS", default=4 if PRODUCTION else 0)
WEB_MAX_QUEUED_REQUESTS = env.int("WEB_MAX_QUEUED_REQUESTS", default=8)
WEB_MAX_QUEUE_SECONDS = env.float("WEB_MAX_QUEUE_SECONDS", default=0.5)

# --- Search -------------------------------------------------------------------------------------
# The public listings use Elasticsearch when ELASTICSEARCH_URL is set and the database otherwise.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="challenge-exchange")
# "english" needs the analysis-common module; the minimal test distribution lacks it
# (docs/decisions/0002-search-analysis-chain.md).
ELASTICSEARCH_ANALYSIS = env.str("ELASTICSEARCH_ANALYSIS", default="english")
if ELASTICSEARCH_ANALYSIS not in {"english", "standard"}:
    raise ImproperlyConfigured("ELASTICSEARCH_ANALYSIS must be 'english' or 'standard'.")
# The database backend counts facets exactly while a search matches up to this many notices;
# beyond that it estimates them from a sample of about SEARCH_COUNT_SAMPLE notices.
SEARCH_EXACT_COUNTS_UP_TO = env.int("SEARCH_EXACT_COUNTS_UP_TO", default=20_000)
SEARCH_COUNT_SAMPLE = env.int("SEARCH_COUNT_SAMPLE", default=10_000)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# What the listings index, by source name: each app hands `search` plain records through its
# provider, so `search` imports no app.
SEARCH_PROVIDERS = {
    "challenge": "challenges.search_records.ChallengeNotices",
    "external": "search.external_notices.ExternalNotices",
    "award": "procurement.awards.search_records.AwardNotices",
}

# --- Payments -----------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Points the official library at stripe-mock in tests and demos; empty means Stripe itself.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_ENABLED = bool(STRIPE_SECRET_KEY)
# The platform's cut of each milestone payment, in basis points (100 = 1%); 0 takes nothing.
PAYMENTS_PLATFORM_FEE_BPS = env.int("PAYMENTS_PLATFORM_FEE_BPS", default=0)

# --- E-mail -------------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587 or consolemail:// (the default).
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (_smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {}),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Challenge Exchange <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "frontend" / "build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Media and sealed proposal files go to an S3-compatible object store when S3_BUCKET is set (every
# web node then sees the same files), and to local folders otherwise. Sealed files are encrypted
# before they reach either (tenders/sealing.py).
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
_s3_options = {
    "bucket_name": S3_BUCKET,
    "endpoint_url": S3_ENDPOINT_URL or None,
    "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
    "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
    "region_name": env.str("S3_REGION", default="us-east-1"),
    "addressing_style": "path",
    "signature_version": "s3v4",
    "default_acl": None,
    "file_overwrite": False,
}
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "media"},
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "sealed": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "sealed"},
        }
        if S3_BUCKET
        else {"BACKEND": "tenders.storage.SealedFileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Wagtail documents go through Wagtail's own view (its permission checks), wherever they are kept.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# --- Challenges ---------------------------------------------------------------------------------
# The shortest time suppliers get between publication and the submission deadline.
CHALLENGE_MIN_TENDER_DAYS = env.int("CHALLENGE_MIN_TENDER_DAYS", default=10)
# Working days between the award's approval and the contract (Procurement Act 2023 s. 51: at
# least eight), counted in procurement/awards/standstill.py.
AWARD_STANDSTILL_WORKING_DAYS = env.int("AWARD_STANDSTILL_WORKING_DAYS", default=8)
# Publishing a challenge is the approval of its workflow, not a permission editors hold.
WAGTAIL_FINISH_WORKFLOW_ACTION = "challenges.publication.publish_approved_revision"
# No background saves in the editor: an explicit submit sent while Wagtail's autosave was still
# on its way lacked the new inline rows' ids and saved every row twice. Officers save or submit
# when they choose. See docs/decisions/0009-no-autosave-in-the-challenge-editor.md.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# --- Sealed box ---------------------------------------------------------------------------------
# Proposal answers and files are encrypted at rest with a data key per challenge, and each data
# key is stored wrapped by this master key (tenders/sealing.py). Kept out of the database, a
# copy of the database alone opens nothing. The default is a development key anyone can derive
# from this file: it keeps the embedded profile working and protects nothing, which is why
# production refuses to start without its own key.
DEVELOPMENT_SEALED_BOX_MASTER_KEY = base64.b64encode(
    hashlib.sha256(b"challenge-exchange: development sealed-box key, NOT SECRET").digest()
).decode()
SEALED_BOX_MASTER_KEY = (
    env.str("SEALED_BOX_MASTER_KEY", default="") or DEVELOPMENT_SEALED_BOX_MASTER_KEY
)
try:
    _master_key_length = len(base64.b64decode(SEALED_BOX_MASTER_KEY, validate=True))
except ValueError:
    _master_key_length = 0
if _master_key_length != 32:
    raise ImproperlyConfigured(
        "SEALED_BOX_MASTER_KEY must be 32 random bytes in base64, for example the output of "
        '`python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"`.'
    )
if PRODUCTION and SEALED_BOX_MASTER_KEY == DEVELOPMENT_SEALED_BOX_MASTER_KEY:
    raise ImproperlyConfigured("SEALED_BOX_MASTER_KEY must not be the development key.")
# Encrypted proposal files. Outside MEDIA_ROOT and the static root, so no web server or media
# URL can ever serve them; only the permission-checked attachment view reads them.
SEALED_STORAGE_ROOT = Path(env.str("SEALED_STORAGE_ROOT", default="") or VAR_DIR / "sealed")

# --- Open data ----------------------------------------------------------------------------------
# The OCDS prefix of every ocid we publish (`{prefix}-{challenge id}`); a real deployment
# registers its own with the Open Contracting Partnership.
OCDS_PREFIX = env.str("OCDS_PREFIX", default="ocds-cxdemo")

# --- Locale and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_s3_origin = "{0.scheme}://{0.netloc}".format(urlsplit(S3_ENDPOINT_URL)) if S3_BUCKET else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # Images kept in the object store are linked there (signed addresses).
    "img-src": [CSP.SELF, "data:", *([_s3_origin] if _s3_origin else [])],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Wagtail 8's admin templates put inline scripts in the page (editor panels, choosers, date
# pickers) and give them no nonce, so its views alone allow inline scripts; everything else in
# the admin policy is as strict as the site's. No nonce here: browsers ignore 'unsafe-inline'
# when a nonce is present. See docs/decisions/0008-admin-content-security-policy.md.
WAGTAIL_ADMIN_CSP = {**SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("elastic_transport", "django.tasks", "django_tasks", "wagtail", "weasyprint")
    },
}
