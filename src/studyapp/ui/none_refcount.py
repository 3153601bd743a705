"""A guard against a reference-counting bug in PySide6 6.12 on Python 3.11.

Every call of a PySide6 method that returns nothing (`label.setText(...)`, `timer.start()`,
`proxy.setFilterFixedString(...)` …) drops one reference to `None` that it never took
(measured: `sys.getrefcount(None)` falls by exactly one per call), and calls that return a
bool do the same to `True` or `False`. Python 3.12 made these singletons immortal, so there it
is harmless; on 3.11 they start with a few thousand references, and after some minutes of use
a count reaches zero and the interpreter aborts ("Fatal Python error: none_dealloc:
deallocating None", or "bool_dealloc"), usually while finalising at quit.

The fix does what Python 3.12 does: it gives each of them so many references (2**40) that no
session can use them up. It runs once, after the first paint; tests/ui/test_quit.py quits the
real app 50 times and tests/ui/test_none_refcount.py shows the leak and the guard.
"""

from __future__ import annotations

import sys

RESERVE = 2**40
_done = False


def keep_none_alive() -> None:
    global _done  # noqa: PLW0603 - once per process
    if _done or sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    _done = True
