"""Settings read from the environment, so one binary serves laptops and production alike."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///jam.db"
REGISTRATION_MODES = ("open", "invitation", "off")


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


def _flag(value: str) -> bool:
    """``on``/``off`` (and the usual spellings of both) as a bool; anything else is an error."""
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected on or off, got {value!r}")


def normalize_database_url(url: str) -> str:
    """Accept the URLs people type (``postgresql://``, ``sqlite:///x.db``); use async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


@dataclass(frozen=True)
class Settings:
    """Runtime configuration.

    ``employee_domains``: e-mail domains whose accounts become employees once their address is
    verified (a signed link sent by mail). Everyone else is a guest, who comes in through an
    invitation code; administrators create accounts of either kind.
    """

    database_url: str = DEFAULT_DATABASE_URL
    employee_domains: tuple[str, ...] = ()
    session_days: int = 30
    cookie_secure: bool = False
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    log_level: str = "info"
    # Sentence-embedding model for themes: "" = the default folder if installed, "off" = none,
    # or a folder path (see jam.embedding_model).
    embedding_model: str = ""
    # How often each process looks at the event outbox when nothing woke it (the fallback for
    # SQLite across processes and for a lost PostgreSQL notification).
    event_poll_seconds: float = 0.5
    # How often an open WebSocket checks that its session is still valid (logged out or
    # expired: closed with 4403).
    session_check_seconds: float = 15.0
    # Accounts (jam.actions.accounts): who may sign up ("open": addresses on employee_domains
    # without a code too; "invitation": only with an invitation code; "off": nobody, admins
    # create accounts), where mail goes ("folder:PATH", "smtp://host:port"; "" = a folder
    # next to a SQLite database, else in the temp directory), the sender, the base URL of the
    # links in mails, and the key that signs them ("" = one generated once and kept in the
    # database). Login throttling: failed sign-ins allowed per account and per client address
    # within the window.
    registration: str = "invitation"
    mail: str = ""
    mail_from: str = "jam <jam@localhost>"
    public_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    login_window_seconds: float = 60.0
    login_failures_per_account: int = 5
    login_failures_per_address: int = 20
    # Requests (jam.api.limits): the largest body accepted; how long a refused request
    # (over the query budget, too large) waits before its answer, so a client repeating one
    # cannot keep the server busy; GraphiQL at GET /graphql and schema introspection (on for
    # development; a production deployment may turn them off).
    max_body_bytes: int = 1_048_576
    refusal_delay_seconds: float = 1.0
    graphiql: bool = True
    introspection: bool = True
    # How long a starting server waits for an unreachable database before giving up.
    startup_wait_seconds: float = 60.0
    # The built web UI served at / ("" = frontend/dist of this checkout, jam.api.web_ui), and
    # a line its sign-in page shows (the demo lists its logins there).
    ui_dir: str = ""
    sign_in_hint: str = ""

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "database_url": normalize_database_url(
                env.get("JAM_DATABASE_URL", DEFAULT_DATABASE_URL)
            ),
            "employee_domains": _split(env.get("JAM_EMPLOYEE_DOMAINS", "")),
            "session_days": int(env.get("JAM_SESSION_DAYS", "30")),
            "cookie_secure": env.get("JAM_COOKIE_SECURE", "").lower() in {"1", "true", "yes"},
            "allowed_origins": _split(env.get("JAM_ALLOWED_ORIGINS", "")),
            "log_level": env.get("JAM_LOG_LEVEL", "info"),
            "embedding_model": env.get("JAM_EMBEDDING_MODEL", ""),
            "event_poll_seconds": float(env.get("JAM_EVENT_POLL_SECONDS", "0.5")),
            "session_check_seconds": float(env.get("JAM_SESSION_CHECK_SECONDS", "15")),
            "registration": env.get("JAM_REGISTRATION", "invitation").strip().lower(),
            "mail": env.get("JAM_MAIL", ""),
            "mail_from": env.get("JAM_MAIL_FROM", "jam <jam@localhost>"),
            "public_url": env.get("JAM_PUBLIC_URL", "http://127.0.0.1:8000"),
            "secret_key": env.get("JAM_SECRET_KEY", ""),
            "login_window_seconds": float(env.get("JAM_LOGIN_WINDOW_SECONDS", "60")),
            "login_failures_per_account": int(env.get("JAM_LOGIN_FAILURES_PER_ACCOUNT", "5")),
            "login_failures_per_address": int(env.get("JAM_LOGIN_FAILURES_PER_ADDRESS", "20")),
            "max_body_bytes": int(env.get("JAM_MAX_BODY_BYTES", "1048576")),
            "refusal_delay_seconds": float(env.get("JAM_REFUSAL_DELAY_SECONDS", "1")),
            "graphiql": _flag(env.get("JAM_GRAPHIQL", "on")),
            "introspection": _flag(env.get("JAM_INTROSPECTION", "on")),
            "startup_wait_seconds": float(env.get("JAM_STARTUP_WAIT_SECONDS", "60")),
            "ui_dir": env.get("JAM_UI_DIR", ""),
            "sign_in_hint": env.get("JAM_SIGN_IN_HINT", ""),
        }
        if values["registration"] not in REGISTRATION_MODES:
            raise ValueError(f"JAM_REGISTRATION must be one of {', '.join(REGISTRATION_MODES)}")
        values.update(overrides)
        if isinstance(values["database_url"], str):
            values["database_url"] = normalize_database_url(values["database_url"])
        return cls(**values)  # type: ignore[arg-type]
