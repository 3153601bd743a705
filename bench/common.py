"""Helpers shared by the benchmarks: timing and table printing."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def print_table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def launch(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Start a process, run it to its end and time its marker lines (ms from just
    before it is spawned), and read its `rss-kb N` line if it prints one; Qt's stderr
    chatter is kept aside unless the run fails."""
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env
        )
        marks: dict[str, float] = {}
        assert process.stdout is not None
        for line in process.stdout:
            name, _, value = line.strip().partition(" ")
            # "rss-kb N" carries its own value; a bare word is a moment; anything else is
            # the program's own chatter (Anki prints its version).
            if not value:
                marks[name] = (time.perf_counter() - started) * 1000
            elif name == "rss-kb":
                marks[name] = float(value)
        process.wait(timeout=60)
        if process.returncode != 0 or "usable" not in marks:
            errors.seek(0)
            raise SystemExit(f"{command} failed ({process.returncode}): {marks}\n{errors.read()}")
    return marks
