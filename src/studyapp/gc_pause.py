"""Pausing Python's cycle collector around bulk work.

Parsing 100,000 notes or rendering a huge answer makes millions of small objects, few of
them in cycles. Each allocation burst sets off a collection that walks every tracked object
made so far: 300-400 ms of a 100,000-question import (15%) went to finding no garbage.
Paused, the collector runs again after the call and finds what little it left.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def collector_paused(call: Callable[P, T]) -> Callable[P, T]:
    @functools.wraps(call)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return call(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused
