from datetime import timedelta

import pytest

from bot.durations import DurationError, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("10s", 10), ("15m", 900), ("1h30m", 5400), ("7d", 604800), ("2w", 1209600), (45, 45)],
)
def test_parse(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "10", "1x", "-5m", "h", "1h 2", None, True])
def test_refuse(text):
    with pytest.raises(DurationError):
        parse_duration(text)


def test_round_trip():
    assert format_duration(parse_duration("1d2h3m")) == "1d2h3m"
