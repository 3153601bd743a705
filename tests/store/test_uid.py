"""UUIDv7 as RFC 9562 lays it out: version 7, the RFC variant, the creation time in the top
48 bits, and ids that sort in the order they were made, one by one or in bulk."""

from __future__ import annotations

import time
import uuid

from studyapp.store.uid import new_uid, new_uids, uid_millis, uuid7


def test_ids_have_the_layout_and_order_of_uuidv7() -> None:
    before = time.time_ns() // 1_000_000
    made = [new_uid() for _ in range(2_000)] + new_uids(10_000) + [new_uid() for _ in range(10)]
    after = time.time_ns() // 1_000_000
    parsed = [uuid.UUID(text) for text in made]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert all(str(u) == text for u, text in zip(parsed, made, strict=True))
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    # Bulk ids may borrow a few milliseconds ahead (4,096 per millisecond), never more.
    assert before <= uid_millis(made[0]) <= uid_millis(made[-1]) <= after + 10_000 // 4096 + 1


def test_a_given_time_is_kept() -> None:
    assert uid_millis(str(uuid7(1_700_000_000_123))) == 1_700_000_000_123


def test_dated_ids_carry_their_own_time_and_the_uuidv7_layout() -> None:
    from studyapp.store.uid import dated_uids

    moments = [1_700_000_000_123, 1_700_000_000_123, 1_600_000_000_000, 0, 2**48 - 1]
    made = dated_uids(moments)
    assert [uid_millis(text) for text in made] == moments
    parsed = [uuid.UUID(text) for text in made]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert all(str(u) == text for u, text in zip(parsed, made, strict=True))
    assert len(set(made)) == len(made)
