"""Study days: like Anki, a day rolls over at 4 am local time, so a late session still
counts for the evening it started in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

ROLLOVER_HOUR = 4


def utc_now() -> datetime:
    return datetime.now(UTC)


def day_start(now: datetime, rollover_hour: int = ROLLOVER_HOUR) -> datetime:
    """The UTC instant at which the study day containing `now` began."""
    local = now.astimezone()
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)
