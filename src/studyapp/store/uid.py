"""UUIDv7 (RFC 9562 §5.7): globally unique ids that sort by creation time.

Python's `uuid.uuid7` arrives in 3.14; until then this module builds the same layout: 48 bits
of Unix milliseconds, version 7, a 12-bit counter that keeps ids made in the same millisecond
in order (RFC 9562 §6.2, method 1), the variant, and 62 random bits.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator, Sequence

_lock = threading.Lock()
_last_millis = -1
_counter = 0


def uuid7(millis: int | None = None) -> uuid.UUID:
    """A new UUIDv7; `millis` dates it (e.g. a migrated review keeps its own time)."""
    global _last_millis, _counter  # noqa: PLW0603 - the monotonic state of this process
    with _lock:
        now = time.time_ns() // 1_000_000 if millis is None else millis
        if millis is None and now <= _last_millis:
            now = _last_millis
            _counter += 1
            if _counter > 0xFFF:  # 4096 ids in one millisecond: borrow the next one
                now += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # room to count up
        if millis is None:
            _last_millis = now
        counter = _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (now & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def new_uid() -> str:
    return str(uuid7())


def new_uids(count: int) -> list[str]:
    """`count` new UUIDv7s in order, for bulk inserts (see `iter_new_uids`)."""
    return list(iter_new_uids(count))


_BLOCK = 4096  # ids in one millisecond: the 12-bit counter's range
# A hex digit of random bits → the variant's digit: "10" and the digit's two low bits.
_VARIANT_DIGIT = str.maketrans("0123456789abcdef", "89ab89ab89ab89ab")


def iter_new_uids(count: int) -> Iterator[str]:
    """`count` new UUIDv7s in order, made a millisecond's worth at a time, so that an
    import of 100,000 rows holds 4,096 of them at once, not all. Built as text from one
    read of random bytes: several times cheaper than `new_uid`. Past 4,096 in a
    millisecond they borrow the following milliseconds, as RFC 9562 §6.2 allows, and
    `new_uid` continues after them."""
    global _last_millis  # noqa: PLW0603 - the monotonic state of this process
    with _lock:
        start = max(time.time_ns() // 1_000_000, _last_millis + 1)
        # The next single id lands in the millisecond after the last one used here.
        _last_millis = start + (max(count - 1, 0) >> 12) + 1
    for block in range(0, count, _BLOCK):
        size = min(_BLOCK, count - block)
        millis = f"{(start + block // _BLOCK) & ((1 << 48) - 1):012x}"
        head = f"{millis[:8]}-{millis[8:]}-7"
        rand = os.urandom(8 * size).hex()  # 16 hex digits an id, the first gives the variant
        variants = rand[::16].translate(_VARIANT_DIGIT)
        yield from [
            f"{head}{index:03x}-{variants[index]}{rand[16 * index + 1 : 16 * index + 4]}"
            f"-{rand[16 * index + 4 : 16 * index + 16]}"
            for index in range(size)
        ]


def dated_uids(millis: Sequence[int]) -> list[str]:
    """A UUIDv7 dated by each of `millis` (e.g. imported reviews keep their own time), the
    rest random (no counter: ids of the same millisecond need no order). Made as text,
    as `iter_new_uids` does: SQLite's printf of the same layout costs twice as much."""
    rand = os.urandom(10 * len(millis)).hex()  # 20 hex digits an id; 19 are used
    found: list[str] = []
    for index, moment in enumerate(millis):
        stamp = f"{moment & ((1 << 48) - 1):012x}"
        r = rand[20 * index : 20 * index + 19]
        found.append(
            f"{stamp[:8]}-{stamp[8:]}-7{r[:3]}-{r[3].translate(_VARIANT_DIGIT)}{r[4:7]}-{r[7:]}"
        )
    return found


def uid_millis(uid: str) -> int:
    """The creation time inside a UUIDv7, in Unix milliseconds."""
    return uuid.UUID(uid).int >> 80


# The same layout in SQL, for migrations that give ids to existing rows: `{millis}` is the
# SQL expression of the row's time. random() is 64-bit, so masking gives uniform bits.
SQL_UUID7 = (
    "lower(printf('%08x-%04x-7%03x-%x%03x-%012x', ({millis}) >> 16, ({millis}) & 65535, "
    "random() & 4095, 8 + (random() & 3), random() & 4095, random() & 281474976710655))"
)
