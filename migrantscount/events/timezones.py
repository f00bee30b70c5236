"""Local wall-clock times in IANA zones: the shared helpers live in
`core.lib.timezones` (social schedules posts with them too)."""

from migrantscount.core.lib.timezones import (
    exists,
    in_zone,
    to_utc,
    validate_time_zone,
    zone,
)

__all__ = ["exists", "in_zone", "to_utc", "validate_time_zone", "zone"]
