"""One day of the interview plan: which questions to study today.

Each unsecured question has a *window*: the days on which one more study would bring its
predicted recall on the exam day up to the target (the later, the better, so windows end on the
last day before the exam). Questions are admitted in priority order — studied before never
studied, then easiest first, so that never-studied and hardest questions are the ones given up —
as long as every admitted final study still fits in the days left (for every day k, the work
that cannot start before k fits in the capacity from k on). Admitted questions are packed as late
as their windows allow; what lands on today is today's must-do. Room left today goes first to
*building* studies: never-studied or fragile questions that no single late study can secure
within the budget get studied now, so that a later one can; then to admitted final studies
whose window has already opened (no day's room is wasted). Builds come first because only
today's room can give them theirs, while an early final study could wait: the other order
let a lower target (which opens windows earlier) secure fewer questions than a higher one.
Later days are planned at HEADROOM of the budget, which keeps room for the lapses that the plan
cannot foresee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.study.plan_model import Memory, Model

# Don't spend a building study on a question still fresher than this: FSRS grows stability
# little when recall is near certain.
BUILD_BELOW = 0.9
# Plan later days to this share of the budget: a lapse costs a relearning step and a second
# study, and the last days must have room for them.
HEADROOM = 0.8
# Predictions equal to the target up to float noise count as secured.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Need:
    index: int
    start: int | None  # first day of the window; None: no single study secures it
    cost: float  # expected reviews of that study
    priority: tuple[bool, float, float]


@dataclass(frozen=True, slots=True)
class DayChoice:
    finals: tuple[int, ...]  # indexes studied today as their last study before the exam
    builds: tuple[int, ...]  # indexes studied today to make a later final study enough
    cost: float  # expected reviews of today's queue


def window_start(
    model: Model, memory: Memory | None, day: int, exam: int, target: float
) -> int | None:
    """The first day from `day` on from which a single study secures the question."""
    start = model.window(memory, exam, target)
    return None if start is None else max(start, day)


def needs(
    model: Model,
    memories: Sequence[Memory | None],
    day: int,
    exam: int,
    target: float,
    predicted: Sequence[float] | None = None,
) -> list[Need]:
    """The questions not yet secured, with their windows, in priority order. `predicted`:
    the recall on the exam day the projection has promised so far (a study it planned counts
    its lapse odds); without it, the memories are real states and their recall is the promise."""
    found: list[Need] = []
    for index, memory in enumerate(memories):
        if _secured(model, memory, exam, target, None if predicted is None else predicted[index]):
            continue
        start = window_start(model, memory, day, exam, target)
        cost = model.expected_cost(memory, exam - 1)
        priority = (
            memory is None,
            0.0 if memory is None else memory.difficulty,
            -(0.0 if memory is None else memory.stability),
        )
        found.append(Need(index, start, cost, priority))
    found.sort(key=lambda need: need.priority)
    return found


def _secured(
    model: Model, memory: Memory | None, exam: int, target: float, predicted: float | None
) -> bool:
    # The projection assumes each study succeeds, so the memory after it alone would call the
    # question secured while the promise (its lapse odds weighed in) is below the target: a
    # lower target then left it half-studied, securing fewer than a higher one (issue 16).
    if predicted is not None:
        return predicted >= target - EPSILON
    return memory is not None and model.recall(memory, exam) >= target


def admit(needs_in_order: Sequence[Need], day: int, exam: int, capacity: float) -> list[Need]:
    """The longest-priority set of single final studies that fits in the days left."""
    days = exam - day
    # slack[j]: room left from day + j to the exam once the studies that cannot start
    # before day + j are counted (slices keep this O(n·days) loop in C)
    slack = [_room(j, days, capacity) for j in range(days)]
    admitted: list[Need] = []
    for need in needs_in_order:
        if need.start is None:
            continue
        reach = need.start - day + 1
        if min(slack[:reach]) >= need.cost:
            slack[:reach] = [value - need.cost for value in slack[:reach]]
            admitted.append(need)
    return admitted


def _room(offset: int, days: int, capacity: float) -> float:
    """Planned capacity from day + offset to the exam: today in full, later days with headroom."""
    later = (days - offset - (1 if offset == 0 else 0)) * capacity * HEADROOM
    return later + (capacity if offset == 0 else 0)


def due_today(admitted: Sequence[Need], day: int, exam: int, capacity: float) -> list[Need]:
    """Pack admitted studies from the last day backwards, latest windows latest, as a fluid
    (a study that straddles two days goes to the earlier one, so no room is wasted); the
    ones that land on today are today's must-do."""
    today: list[Need] = []
    current, room = exam - 1, capacity * HEADROOM
    for need in sorted(admitted, key=lambda n: (n.start or day, n.priority), reverse=True):
        room -= need.cost
        while room < 0 and current > day:
            current -= 1
            room += capacity * (1 if current == day else HEADROOM)
        if current == day:
            today.append(need)
    return today


def choose(
    model: Model,
    memories: Sequence[Memory | None],
    day: int,
    exam: int,
    capacity: float,
    target: float,
    predicted: Sequence[float] | None = None,
) -> DayChoice:
    """Today's queue: the final studies that cannot wait, then building studies, then final
    studies that may happen today, never more than `capacity` expected reviews."""
    if day >= exam:
        return DayChoice((), (), 0.0)
    pending = needs(model, memories, day, exam, target, predicted)
    admitted = admit(pending, day, exam, capacity)
    finals: list[Need] = []
    spent = 0.0
    for need in due_today(admitted, day, exam, capacity):
        if spent + need.cost <= capacity:
            finals.append(need)
            spent += need.cost
    # Room left over today goes first to building studies for the questions left out (a
    # study that only today's room can give them: what makes a lower target never secure
    # fewer, since a lower target opens windows earlier and must not crowd them out)...
    chosen = {need.index for need in finals}
    placed = {need.index for need in admitted}
    builds: list[int] = []
    for need in pending:
        if need.index in placed or day >= exam - 1:
            continue
        memory = memories[need.index]
        if memory is not None and model.recall(memory, day) > BUILD_BELOW:
            continue
        cost = model.expected_cost(memory, day)
        if spent + cost <= capacity:
            builds.append(need.index)
            spent += cost
    # ... then on admitted final studies that may already happen (earliest windows first:
    # they still meet the target, and free later days).
    for need in sorted(admitted, key=lambda n: (n.start or 0, n.priority)):
        if need.index in chosen or (need.start or 0) > day:
            continue
        if spent + need.cost <= capacity:
            finals.append(need)
            spent += need.cost
    return DayChoice(tuple(need.index for need in finals), tuple(builds), spent)
