"""What every benchmark prints: the machine it ran on, tables of figures, and the same as Markdown."""

from __future__ import annotations

import os
import platform
import sqlite3
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

Table = tuple[list[str], list[list[str]]]  # headers, rows


@cache  # measured once per run, so the printed and the Markdown tables agree
def machine() -> dict[str, str]:
    """nproc, memory, CPU model, Python and SQLite versions: what the figures depend on."""
    cpu = "unknown"
    memory = "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        kib = next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{int(kib) / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        pass  # not Linux: the figures still stand, the machine is just less well described
    return {
        "CPU": cpu,
        "CPU speed now (lower is faster)": f"{cpu_check():.2f} s for 10M Python loop additions",
        "cores (nproc)": str(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        ),
        "memory": memory,
        "load average (1 min)": f"{os.getloadavg()[0]:.1f}",  # other work on the machine meanwhile
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def cpu_check() -> float:
    """CPU seconds for a fixed pure-Python loop: on a shared or throttled machine the same CPU
    model can run several times slower from one hour to the next, and this says how fast it ran."""
    start = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - start


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between the closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def text_table(table: Table) -> str:
    headers, rows = table
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(
            str(c).rjust(w) if _numeric(c) else str(c).ljust(w) for c, w in zip(row, widths, strict=True)
        )
        for row in rows
    ]
    return "\n".join(lines)


def markdown_table(table: Table) -> str:
    headers, rows = table
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if _numeric(rows[0][i]) else "---" for i in range(len(headers))) + "|",
    ]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_table() -> Table:
    return ["machine", ""], [[key, value] for key, value in machine().items()]


def write_markdown(path: Path, title: str, notes: Sequence[str], tables: Sequence[tuple[str, Table]]) -> None:
    parts = [f"## {title}", "", *notes, ""]
    for caption, table in [*tables, ("Machine", machine_table())]:
        parts += [f"**{caption}**", "", markdown_table(table), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")


def print_tables(notes: Sequence[str], tables: Sequence[tuple[str, Table]]) -> None:
    for note in notes:
        print(note)
    for caption, table in [*tables, ("Machine", machine_table())]:
        print(f"\n{caption}\n{text_table(table)}")


def _numeric(cell: object) -> bool:
    return (
        str(cell).replace(".", "", 1).replace(",", "").replace("×", "").replace("%", "").lstrip("-").isdigit()
    )
