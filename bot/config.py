"""Settings, read once from the environment (and `.env`, through python-dotenv).

Everything an agency may want to tune lives here as plain data: the Promote caps that derive
check 4 of the decision tree, the objective lists, and the reminder schedule. The pure core
receives these objects; it never reads the environment itself.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.policy import IntakePolicy, ReminderSchedule
from bot.core.working_days import WorkingWeek, parse_holidays, parse_weekdays

SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///flightdeck.db"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class DispatchSettings:
    interval_seconds: float = 5.0
    batch_size: int = 200
    lease_seconds: float = 120.0
    channel_interval_seconds: float = 1.0
    max_attempts: int = 8
    retry_base_seconds: float = 5.0
    late_after_seconds: float = 600.0
    # Slack may take well over 10 s to answer a message it accepts; giving up sooner sends it twice.
    slack_timeout_seconds: float = 30.0


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str = ""
    slack_app_token: str = ""
    slack_signing_secret: str = ""
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    slack_api_url: str = SLACK_API_URL
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    intake: IntakePolicy = field(default_factory=IntakePolicy)
    schedule: ReminderSchedule = field(default_factory=ReminderSchedule)
    dispatch: DispatchSettings = field(default_factory=DispatchSettings)
    run_dispatcher: bool = True
    # The bot's public HTTPS base (https://flightdeck.example.com): calendar feed links are built on it.
    public_url: str = ""
    # Keys the calendar feed links (see bot/calendar/tokens.py); changing it replaces every link.
    calendar_secret: str = ""

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def feed_key(self) -> str:
        """What signs calendar feed links: CALENDAR_SECRET, else the signing secret (also secret, also stable)."""
        return self.calendar_secret or self.slack_signing_secret


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Settings from `environ` (default: the process environment after loading `.env`)."""
    if environ is None:
        if dotenv:
            from dotenv import find_dotenv, load_dotenv

            # The .env beside where Flightdeck runs, not one found by walking up from the installed package.
            load_dotenv(find_dotenv(usecwd=True), override=False)
        environ = os.environ
    env = _Env(environ)
    intake_defaults = IntakePolicy()
    schedule_defaults = ReminderSchedule()
    dispatch_defaults = DispatchSettings()
    settings = Settings(
        slack_bot_token=env.text("SLACK_BOT_TOKEN"),
        slack_app_token=env.text("SLACK_APP_TOKEN"),
        slack_signing_secret=env.text("SLACK_SIGNING_SECRET"),
        database_url=env.database_url("DATABASE_URL", DEFAULT_DATABASE_URL),
        port=env.port("PORT", 3000),
        slack_api_url=_api_url(env.text("SLACK_API_URL") or SLACK_API_URL),
        default_timezone=env.timezone("DEFAULT_TIMEZONE", "UTC"),
        log_level=env.log_level("LOG_LEVEL", "INFO"),
        intake=IntakePolicy(
            promote_daily_caps=env.money_map("PROMOTE_DAILY_CAPS", intake_defaults.promote_daily_caps),
            promote_max_days=env.integer("PROMOTE_MAX_DAYS", intake_defaults.promote_max_days),
            ad_group_min_daily=env.money_map("AD_GROUP_MIN_DAILY", intake_defaults.ad_group_min_daily),
            min_flight_days=env.integer("MIN_FLIGHT_DAYS", intake_defaults.min_flight_days),
            recommended_flight_days=env.integer("RECOMMENDED_FLIGHT_DAYS", intake_defaults.recommended_flight_days),
            promote_objectives=env.choices("PROMOTE_OBJECTIVES", intake_defaults.promote_objectives),
            spark_objectives=env.choices("SPARK_OBJECTIVES", intake_defaults.spark_objectives),
        ),
        schedule=ReminderSchedule(
            hold_after_start=env.duration("REMIND_HOLD_AFTER_START", schedule_defaults.hold_after_start),
            min_reached_after_start=env.duration(
                "REMIND_MIN_REACHED_AFTER_START", schedule_defaults.min_reached_after_start
            ),
            renew_before_expiry=env.duration("REMIND_RENEW_BEFORE_EXPIRY", schedule_defaults.renew_before_expiry),
            swap_before_expiry=env.duration("REMIND_SWAP_BEFORE_EXPIRY", schedule_defaults.swap_before_expiry),
            pull_after_end=env.duration("REMIND_PULL_AFTER_END", schedule_defaults.pull_after_end),
            overdue_after_end=env.duration("REMIND_OVERDUE_AFTER_END", schedule_defaults.overdue_after_end),
            review_every=env.days_or_off("REMIND_REVIEW_EVERY_DAYS", schedule_defaults.review_every),
            local_time=env.clock_time("REMIND_LOCAL_TIME", schedule_defaults.local_time),
            working_week=env.working_week("WORKING_DAYS", "HOLIDAYS"),
        ),
        dispatch=DispatchSettings(
            interval_seconds=env.number("DISPATCH_INTERVAL_SECONDS", dispatch_defaults.interval_seconds),
            batch_size=env.integer("DISPATCH_BATCH_SIZE", dispatch_defaults.batch_size),
            lease_seconds=env.number("DISPATCH_LEASE_SECONDS", dispatch_defaults.lease_seconds),
            channel_interval_seconds=env.number(
                "SLACK_CHANNEL_INTERVAL_SECONDS", dispatch_defaults.channel_interval_seconds
            ),
            max_attempts=env.integer("DISPATCH_MAX_ATTEMPTS", dispatch_defaults.max_attempts),
            retry_base_seconds=env.number("DISPATCH_RETRY_BASE_SECONDS", dispatch_defaults.retry_base_seconds),
            late_after_seconds=env.number("DISPATCH_LATE_AFTER_SECONDS", dispatch_defaults.late_after_seconds),
            slack_timeout_seconds=env.number("SLACK_TIMEOUT_SECONDS", dispatch_defaults.slack_timeout_seconds),
        ),
        run_dispatcher=env.flag("RUN_DISPATCHER", True),
        public_url=env.public_url("PUBLIC_URL"),
        calendar_secret=env.text("CALENDAR_SECRET"),
    )
    if env.problems:
        raise SettingsError("; ".join(env.problems))
    return settings


def _api_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


_DATABASE_SCHEMES = ("sqlite://", "postgres://", "postgresql://", "postgresql+psycopg://")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dhms])\s*$")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class _Env:
    """Reads typed values and collects every problem, so one run reports them all."""

    def __init__(self, environ: Mapping[str, str]):
        self._environ = environ
        self.problems: list[str] = []

    def text(self, name: str) -> str:
        return self._environ.get(name, "").strip()

    def _parse(self, name, default, convert, expected: str):
        raw = self.text(name)
        if not raw:
            return default
        try:
            return convert(raw)
        except (ValueError, ArithmeticError, InvalidOperation, KeyError):
            self.problems.append(f"{name} should be {expected}, not {raw!r}")
            return default

    def database_url(self, name: str, default: str) -> str:
        """SQLite or PostgreSQL, the two Flightdeck runs on. The value is not repeated: it may hold a password."""
        raw = self.text(name)
        if raw and not raw.startswith(_DATABASE_SCHEMES):
            self.problems.append(
                f"{name} should be a SQLite or PostgreSQL address (sqlite:///flightdeck.db, "
                "postgresql+psycopg://user:password@host/database)"
            )
            return default
        return raw or default

    def public_url(self, name: str) -> str:
        """An http(s) base with a host, kept without its trailing slash; calendars need it reachable.

        Nothing that would end the link early in a message (`<`, `>`, `|`, a backtick) or make it a
        query: the feed's path is appended to it as it is.
        """
        raw = self.text(name)
        if not raw:
            return ""
        scheme, _, rest = raw.partition("://")
        host = rest.split("/", 1)[0]
        if scheme.lower() not in ("https", "http") or not host or any(c in raw for c in ' <>|"\\?#`'):
            self.problems.append(f"{name} should be the bot's public address, such as https://flightdeck.example.com")
            return ""
        return raw.rstrip("/")

    def integer(self, name: str, default: int) -> int:
        return self._parse(name, default, _positive_int, "a whole number above zero")

    def port(self, name: str, default: int) -> int:
        def convert(raw: str) -> int:
            value = int(raw)
            if not 1 <= value <= 65535:
                raise ValueError(raw)
            return value

        return self._parse(name, default, convert, "a port number from 1 to 65535")

    def number(self, name: str, default: float) -> float:
        return self._parse(name, default, _non_negative_float, "a number of seconds, zero or more")

    def flag(self, name: str, default: bool) -> bool:
        values = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
        return self._parse(name, default, lambda raw: values[raw.lower()], "true or false")

    def timezone(self, name: str, default: str) -> str:
        def convert(raw: str) -> str:
            try:
                ZoneInfo(raw)
            except (ZoneInfoNotFoundError, ValueError, OSError) as error:
                raise ValueError(raw) from error
            return raw

        return self._parse(name, default, convert, "a time zone name such as Europe/Paris")

    def duration(self, name: str, default: timedelta) -> timedelta:
        def convert(raw: str) -> timedelta:
            match = _DURATION.match(raw)
            if not match:
                raise ValueError(raw)
            return timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2]])

        return self._parse(name, default, convert, "a duration such as 2d, 72h or 30m")

    def days_or_off(self, name: str, default: timedelta | None) -> timedelta | None:
        def convert(raw: str) -> timedelta | None:
            days = int(raw)
            if days < 0:
                raise ValueError(raw)
            return timedelta(days=days) if days else None

        return self._parse(name, default, convert, "a whole number of days (0 turns it off)")

    def working_week(self, days_name: str, holidays_name: str) -> WorkingWeek | None:
        """Off unless either is set; holidays alone are days off in a seven-day week."""
        days = self._parse(days_name, None, parse_weekdays, "working days such as mon-fri or sun-thu")
        holidays = self._parse(holidays_name, None, parse_holidays, "dates such as 2026-12-25,2027-01-01")
        if days is None and holidays is None:
            return None
        return WorkingWeek(days=days or frozenset(range(7)), holidays=holidays or frozenset())

    def log_level(self, name: str, default: str) -> str:
        def convert(raw: str) -> str:
            if raw.upper() not in _LOG_LEVELS:
                raise ValueError(raw)
            return raw.upper()

        return self._parse(name, default, convert, "one of " + ", ".join(_LOG_LEVELS))

    def clock_time(self, name: str, default: time) -> time:
        return self._parse(name, default, time.fromisoformat, "a time of day such as 09:30")

    def choices(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        def convert(raw: str) -> tuple[str, ...]:
            items = tuple(item.strip() for item in raw.split(",") if item.strip())
            if not items or len(items) > 100 or any(len(item) > 75 for item in items):
                raise ValueError(raw)
            return items

        return self._parse(name, default, convert, "a comma-separated list (at most 100, each ≤ 75 characters)")

    def money_map(self, name: str, default: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
        def convert(raw: str) -> dict[str, Decimal]:
            result = {}
            for item in raw.split(","):
                currency, _, amount = item.partition(":")
                currency = currency.strip().upper()
                if not re.fullmatch(r"[A-Z]{3}", currency):
                    raise ValueError(item)
                value = Decimal(amount.strip())
                # An infinite cap can't be shown in the modal; a very large number says "no cap" as well.
                if not value.is_finite() or value <= 0:
                    raise ValueError(item)
                result[currency] = value
            return result

        return self._parse(name, default, convert, "a list such as USD:1000,EUR:1000")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(raw)
    return value


def _non_negative_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value < 0:
        raise ValueError(raw)
    return value
