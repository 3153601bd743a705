"""Replaying an SM-2 card's review log through fsrs for its memory state (stability and
difficulty), without fsrs's per-review Card copies and datetimes.

`Scheduler.review_card` costs some 30 µs a review, which makes a 100,000-review
collection take seconds. The memory update it performs does not depend on the learning
steps: a new card starts from the rating's initial values, a review less than a day after
the previous one takes the short-term update, any later one the long-term update with the
retrievability at that moment. This loop makes those same calls on the same scheduler
object that grading uses, and a property test checks it against `review_card` itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from fsrs import Rating

from studyapp.study import scheduler

DAY_MS = 86_400_000
RATINGS = {int(rating): rating for rating in Rating}


def replay_memory(reviews: Iterable[tuple[int, int]]) -> tuple[float, float] | None:
    """(stability, difficulty) after (epoch ms, rating 1–4) reviews in time order; None
    for no reviews."""
    fsrs = scheduler._scheduler(scheduler.SchedulerSettings())
    factor, decay = fsrs._FACTOR, fsrs._DECAY
    stability = difficulty = 0.0
    last_ms: int | None = None
    for at_ms, grade in reviews:
        rating = RATINGS[grade]
        if last_ms is None:
            stability = fsrs._initial_stability(rating=rating)
            difficulty = fsrs._initial_difficulty(rating=rating, clamp=True)
        else:
            days = (at_ms - last_ms) // DAY_MS  # whole days, as timedelta.days counts
            if days < 1:
                stability = fsrs._short_term_stability(stability=stability, rating=rating)
            else:
                recall = (1 + factor * days / stability) ** decay
                stability = fsrs._next_stability(
                    difficulty=difficulty, stability=stability, retrievability=recall, rating=rating
                )
            difficulty = fsrs._next_difficulty(difficulty=difficulty, rating=rating)
        last_ms = at_ms
    return None if last_ms is None else (float(stability), float(difficulty))
