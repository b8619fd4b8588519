"""Settings from the environment: defaults, every tunable parsed, every mistake reported by name in plain words."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from bot.config import DispatchSettings, Settings, SettingsError, load_settings
from bot.core.policy import IntakePolicy, ReminderSchedule
from bot.core.working_days import WorkingWeek

OBJECTIVES_LIST = "a comma-separated list (at most 100, each ≤ 75 characters)"


def load(**environ: str) -> Settings:
    return load_settings(environ=environ, dotenv=False)


def problems(**environ: str) -> str:
    with pytest.raises(SettingsError) as raised:
        load(**environ)
    return str(raised.value)


def test_an_empty_environment_gives_the_defaults():
    settings = load()

    assert settings == Settings()
    assert settings.database_url == "sqlite:///flightdeck.db"
    assert (settings.port, settings.default_timezone, settings.log_level) == (3000, "UTC", "INFO")
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.run_dispatcher and not settings.socket_mode
    assert settings.intake == IntakePolicy()
    assert settings.intake.promote_daily_caps["USD"] == Decimal(1000)
    assert (settings.intake.promote_max_days, settings.intake.min_flight_days) == (30, 5)
    assert settings.intake.promote_objectives == ("Views", "Profile visits", "Website clicks")
    assert settings.schedule == ReminderSchedule()
    assert (settings.schedule.renew_before_expiry, settings.schedule.local_time) == (timedelta(hours=72), time(9, 30))
    assert settings.dispatch == DispatchSettings()


def test_blank_settings_fall_back_to_their_defaults():
    assert load(PORT="  ", PROMOTE_DAILY_CAPS="", REMIND_LOCAL_TIME="", LOG_LEVEL="") == Settings()


# -- each setting parsed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "read", "expected"),
    [
        pytest.param(
            {"PROMOTE_DAILY_CAPS": "usd:500, EUR : 450.50,aed:1800"},
            lambda s: s.intake.promote_daily_caps,
            {"USD": Decimal("500"), "EUR": Decimal("450.50"), "AED": Decimal("1800")},
            id="money-map-caps",
        ),
        pytest.param(
            {"AD_GROUP_MIN_DAILY": "USD:25"},
            lambda s: s.intake.ad_group_min_daily,
            {"USD": Decimal("25")},
            id="money-map-ad-group-minimum",
        ),
        pytest.param({"PROMOTE_MAX_DAYS": "14"}, lambda s: s.intake.promote_max_days, 14, id="ceiling"),
        pytest.param({"MIN_FLIGHT_DAYS": "4"}, lambda s: s.intake.min_flight_days, 4, id="min-flight"),
        pytest.param(
            {"RECOMMENDED_FLIGHT_DAYS": "10"}, lambda s: s.intake.recommended_flight_days, 10, id="recommended-flight"
        ),
        pytest.param(
            {"PROMOTE_OBJECTIVES": " Views , Website clicks,,"},
            lambda s: s.intake.promote_objectives,
            ("Views", "Website clicks"),
            id="objectives-promote",
        ),
        pytest.param(
            {"SPARK_OBJECTIVES": "Reach,Conversions,Lead generation"},
            lambda s: s.intake.spark_objectives,
            ("Reach", "Conversions", "Lead generation"),
            id="objectives-spark",
        ),
        pytest.param(
            {"REMIND_HOLD_AFTER_START": "2d"}, lambda s: s.schedule.hold_after_start, timedelta(days=2), id="days"
        ),
        pytest.param(
            {"REMIND_RENEW_BEFORE_EXPIRY": "72h"},
            lambda s: s.schedule.renew_before_expiry,
            timedelta(hours=72),
            id="hours",
        ),
        pytest.param(
            {"REMIND_SWAP_BEFORE_EXPIRY": "90m"},
            lambda s: s.schedule.swap_before_expiry,
            timedelta(minutes=90),
            id="minutes",
        ),
        pytest.param(
            {"REMIND_PULL_AFTER_END": "1.5d"},
            lambda s: s.schedule.pull_after_end,
            timedelta(hours=36),
            id="fractional-days",
        ),
        pytest.param(
            {"REMIND_OVERDUE_AFTER_END": " 30 s "},
            lambda s: s.schedule.overdue_after_end,
            timedelta(seconds=30),
            id="seconds-with-spaces",
        ),
        pytest.param(
            {"REMIND_MIN_REACHED_AFTER_START": "120h"},
            lambda s: s.schedule.min_reached_after_start,
            timedelta(days=5),
            id="min-reached",
        ),
        pytest.param({"REMIND_LOCAL_TIME": "08:45"}, lambda s: s.schedule.local_time, time(8, 45), id="clock-time"),
        pytest.param(
            {"REMIND_REVIEW_EVERY_DAYS": "14"}, lambda s: s.schedule.review_every, timedelta(days=14), id="review"
        ),
        pytest.param({"REMIND_REVIEW_EVERY_DAYS": "0"}, lambda s: s.schedule.review_every, None, id="review-off"),
        pytest.param({}, lambda s: s.schedule.working_week, None, id="working-days-off"),
        pytest.param(
            {"WORKING_DAYS": "sun-thu"},
            lambda s: s.schedule.working_week,
            WorkingWeek(days=frozenset({6, 0, 1, 2, 3})),
            id="working-days",
        ),
        pytest.param(
            {"WORKING_DAYS": "mon-fri", "HOLIDAYS": "2026-12-25, 2027-01-01"},
            lambda s: s.schedule.working_week,
            WorkingWeek(holidays=frozenset({date(2026, 12, 25), date(2027, 1, 1)})),
            id="working-days-and-holidays",
        ),
        pytest.param(
            {"HOLIDAYS": "2026-12-25"},
            lambda s: s.schedule.working_week,
            WorkingWeek(days=frozenset(range(7)), holidays=frozenset({date(2026, 12, 25)})),
            id="holidays-alone",
        ),
        pytest.param({"PORT": "8080"}, lambda s: s.port, 8080, id="port"),
        pytest.param({"PORT": "65535"}, lambda s: s.port, 65535, id="port-highest"),
        pytest.param({"PORT": "1"}, lambda s: s.port, 1, id="port-lowest"),
        pytest.param(
            {"DEFAULT_TIMEZONE": "America/New_York"}, lambda s: s.default_timezone, "America/New_York", id="timezone"
        ),
        pytest.param({"LOG_LEVEL": "debug"}, lambda s: s.log_level, "DEBUG", id="log-level-any-case"),
        pytest.param({"RUN_DISPATCHER": "false"}, lambda s: s.run_dispatcher, False, id="flag-false"),
        pytest.param({"RUN_DISPATCHER": "No"}, lambda s: s.run_dispatcher, False, id="flag-no"),
        pytest.param({"RUN_DISPATCHER": "1"}, lambda s: s.run_dispatcher, True, id="flag-one"),
        pytest.param(
            {"DISPATCH_INTERVAL_SECONDS": "0"}, lambda s: s.dispatch.interval_seconds, 0.0, id="seconds-zero-allowed"
        ),
        pytest.param(
            {"SLACK_CHANNEL_INTERVAL_SECONDS": "1.5"},
            lambda s: s.dispatch.channel_interval_seconds,
            1.5,
            id="seconds-fraction",
        ),
        pytest.param({"DISPATCH_BATCH_SIZE": "50"}, lambda s: s.dispatch.batch_size, 50, id="batch-size"),
        pytest.param(
            {"SLACK_API_URL": "http://127.0.0.1:8321/api"},
            lambda s: s.slack_api_url,
            "http://127.0.0.1:8321/api/",
            id="api-url-gets-trailing-slash",
        ),
        pytest.param(
            {"SLACK_API_URL": "http://127.0.0.1:8321/api/"},
            lambda s: s.slack_api_url,
            "http://127.0.0.1:8321/api/",
            id="api-url-keeps-its-slash",
        ),
        pytest.param(
            {"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test"},
            lambda s: s.database_url,
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            id="database-url",
        ),
        pytest.param({"SLACK_APP_TOKEN": "xapp-1-A0-1-abc"}, lambda s: s.socket_mode, True, id="app-token-socket-mode"),
    ],
)
def test_a_setting_is_parsed(environ, read, expected):
    assert read(load(**environ)) == expected


def test_the_currencies_offered_follow_the_caps():
    assert load(PROMOTE_DAILY_CAPS="EUR:900,GBP:800").intake.currencies == ("EUR", "GBP")


# -- each mistake reported --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        pytest.param("PORT", "abc", "a port number from 1 to 65535", id="port-words"),
        pytest.param("PORT", "0", "a port number from 1 to 65535", id="port-zero"),
        pytest.param("PORT", "3000.5", "a port number from 1 to 65535", id="port-fraction"),
        pytest.param("PORT", "65536", "a port number from 1 to 65535", id="port-too-high"),
        pytest.param("PORT", "70000", "a port number from 1 to 65535", id="port-far-too-high"),
        pytest.param("PORT", "-80", "a port number from 1 to 65535", id="port-negative"),
        pytest.param("PROMOTE_MAX_DAYS", "-30", "a whole number above zero", id="ceiling-negative"),
        pytest.param("MIN_FLIGHT_DAYS", "five", "a whole number above zero", id="min-flight-words"),
        pytest.param("DISPATCH_INTERVAL_SECONDS", "-1", "a number of seconds, zero or more", id="seconds-negative"),
        pytest.param("SLACK_TIMEOUT_SECONDS", "soon", "a number of seconds, zero or more", id="seconds-words"),
        pytest.param("DISPATCH_LEASE_SECONDS", "nan", "a number of seconds, zero or more", id="seconds-nan"),
        pytest.param("SLACK_TIMEOUT_SECONDS", "inf", "a number of seconds, zero or more", id="seconds-infinite"),
        pytest.param("RUN_DISPATCHER", "maybe", "true or false", id="flag"),
        pytest.param("DEFAULT_TIMEZONE", "Mars/Olympus_Mons", "a time zone name such as Europe/Paris", id="tz-unknown"),
        pytest.param("DEFAULT_TIMEZONE", "Europe", "a time zone name such as Europe/Paris", id="tz-a-region"),
        pytest.param("DEFAULT_TIMEZONE", "../etc/passwd", "a time zone name such as Europe/Paris", id="tz-a-path"),
        pytest.param("LOG_LEVEL", "verbose", "one of DEBUG, INFO, WARNING, ERROR, CRITICAL", id="log-level"),
        pytest.param("REMIND_HOLD_AFTER_START", "2 days", "a duration such as 2d, 72h or 30m", id="duration-words"),
        pytest.param("REMIND_RENEW_BEFORE_EXPIRY", "72", "a duration such as 2d, 72h or 30m", id="duration-no-unit"),
        pytest.param("REMIND_SWAP_BEFORE_EXPIRY", "-24h", "a duration such as 2d, 72h or 30m", id="duration-negative"),
        pytest.param("REMIND_PULL_AFTER_END", "1w", "a duration such as 2d, 72h or 30m", id="duration-weeks"),
        pytest.param(
            "REMIND_OVERDUE_AFTER_END", "99999999999d", "a duration such as 2d, 72h or 30m", id="duration-overflow"
        ),
        pytest.param("REMIND_LOCAL_TIME", "9.30am", "a time of day such as 09:30", id="clock-am"),
        pytest.param("REMIND_REVIEW_EVERY_DAYS", "-7", "a whole number of days (0 turns it off)", id="review-negative"),
        pytest.param("REMIND_REVIEW_EVERY_DAYS", "1w", "a whole number of days (0 turns it off)", id="review-weeks"),
        pytest.param("WORKING_DAYS", "weekdays", "working days such as mon-fri or sun-thu", id="working-days-words"),
        pytest.param("HOLIDAYS", "25/12/2026", "dates such as 2026-12-25,2027-01-01", id="holidays-not-iso"),
        pytest.param("REMIND_LOCAL_TIME", "25:00", "a time of day such as 09:30", id="clock-no-such-hour"),
        pytest.param("PROMOTE_OBJECTIVES", ", ,", OBJECTIVES_LIST, id="objectives-empty"),
        pytest.param("SPARK_OBJECTIVES", "Reach," + "x" * 76, OBJECTIVES_LIST, id="objectives-too-long"),
        pytest.param(
            "PROMOTE_OBJECTIVES", ",".join(f"o{n}" for n in range(101)), OBJECTIVES_LIST, id="objectives-over-100"
        ),
        pytest.param("PROMOTE_DAILY_CAPS", "USD1000", "a list such as USD:1000,EUR:1000", id="money-no-colon"),
        pytest.param("PROMOTE_DAILY_CAPS", "US:1000", "a list such as USD:1000,EUR:1000", id="money-bad-currency"),
        pytest.param("PROMOTE_DAILY_CAPS", "USD:lots", "a list such as USD:1000,EUR:1000", id="money-words"),
        pytest.param("PROMOTE_DAILY_CAPS", "USD:0", "a list such as USD:1000,EUR:1000", id="money-zero"),
        pytest.param("PROMOTE_DAILY_CAPS", "USD:1000,EUR:-5", "a list such as USD:1000,EUR:1000", id="money-negative"),
        pytest.param("PROMOTE_DAILY_CAPS", "USD:inf", "a list such as USD:1000,EUR:1000", id="money-infinite"),
        pytest.param("AD_GROUP_MIN_DAILY", "USD:NaN", "a list such as USD:1000,EUR:1000", id="money-nan"),
    ],
)
def test_a_malformed_setting_is_reported_by_name(name, raw, expected):
    assert problems(**{name: raw}) == f"{name} should be {expected}, not {raw!r}"


def test_every_problem_is_reported_at_once():
    message = problems(
        PORT="http",
        PROMOTE_DAILY_CAPS="USD=1000",
        REMIND_RENEW_BEFORE_EXPIRY="3 days",
        REMIND_LOCAL_TIME="half nine",
        DEFAULT_TIMEZONE="Paris",
        MIN_FLIGHT_DAYS="5",
    )

    assert message.split("; ") == [
        "PORT should be a port number from 1 to 65535, not 'http'",
        "DEFAULT_TIMEZONE should be a time zone name such as Europe/Paris, not 'Paris'",
        "PROMOTE_DAILY_CAPS should be a list such as USD:1000,EUR:1000, not 'USD=1000'",
        "REMIND_RENEW_BEFORE_EXPIRY should be a duration such as 2d, 72h or 30m, not '3 days'",
        "REMIND_LOCAL_TIME should be a time of day such as 09:30, not 'half nine'",
    ]


@pytest.mark.parametrize("url", ["mysql://flightdeck:hunter2@db/flightdeck", "flightdeck.db", "redis://cache"])
def test_a_database_flightdeck_cant_use_is_named_without_repeating_the_address(url):
    message = problems(DATABASE_URL=url)

    assert "DATABASE_URL" in message and "PostgreSQL" in message
    assert "hunter2" not in message


@pytest.mark.parametrize("url", ["sqlite:///here.db", "postgres://u@h/d", "postgresql+psycopg://u@h/d"])
def test_sqlite_and_postgresql_addresses_are_taken(url):
    assert load(DATABASE_URL=url).database_url == url
