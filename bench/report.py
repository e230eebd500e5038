"""What every benchmark prints: a table for people and one JSON line for machines.

The JSON line starts with `BENCH ` so it can be picked out of the output with grep;
it carries the benchmark's name, the machine, the date and every figure.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
from collections.abc import Sequence
from datetime import datetime, timezone

from rich.console import Console  # the table people read
from rich.table import Table


def machine() -> dict[str, object]:
    """Where the run happened: enough to tell two machines apart."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children), in MB."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), interpolated between closest ranks as numpy's default does."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def emit(name: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[object]],
         figures: dict[str, object]) -> None:
    """Print the table, then the JSON line with `figures`."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column, justify="left" if column == columns[0] else "right")
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    Console().print(table)
    line = {"bench": name, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(), **figures}
    print("BENCH " + json.dumps(line, sort_keys=False))
    sys.stdout.flush()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
