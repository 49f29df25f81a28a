"""What the benchmarks share: result rows and targets, timing, memory, the machine."""

from __future__ import annotations

import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
PACKAGES = ("geodata", "pandas", "numpy", "shapely", "pyahocorasick", "folium", "branca", "streamlit",
            "streamlit-folium", "playwright")


@dataclass(frozen=True)
class Target:
    """A figure the issue asks for: ``value <op> threshold`` passes (``op`` is "<" or ">=")."""

    op: str
    threshold: float
    text: str

    def passes(self, value: float) -> bool:
        return value < self.threshold if self.op == "<" else value >= self.threshold


@dataclass
class Row:
    """One line of the results table."""

    group: str
    metric: str
    size: str
    median: float | None
    unit: str
    repeats: int = 1
    spread: str = ""
    target: Target | None = None
    note: str = ""

    @property
    def status(self) -> str:
        if self.target is None:
            return ""
        if self.median is None:
            return "not measured"
        return "pass" if self.target.passes(self.median) else "FAIL"

    def as_dict(self) -> dict[str, Any]:
        return {"group": self.group, "metric": self.metric, "size": self.size, "median": self.median,
                "unit": self.unit, "repeats": self.repeats, "spread": self.spread, "note": self.note,
                "target": self.target.text if self.target else None, "status": self.status}


@dataclass
class Section:
    """The rows of one benchmark and anything it has to say about how it ran."""

    name: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ timing


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def spread(values: Sequence[float], scale: float = 1.0, digits: int = 3) -> str:
    """"min–max" of ``values`` times ``scale``."""
    if not values:
        return ""
    return f"{min(values) * scale:.{digits}g}–{max(values) * scale:.{digits}g}"


# ------------------------------------------------------------------ memory


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS, VmHWM (peak resident set) and the like of a process, in kB (Linux)."""
    values: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return values
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[key] = int(rest.split()[0])
    return values


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (``/proc/self/clear_refs``, value 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory in MB: VmHWM, or ru_maxrss of this process where /proc is missing."""
    status = proc_status(pid)
    if "VmHWM" in status:
        return status["VmHWM"] / 1024
    if pid == "self":
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return None


def rss_mb(pid: int | str = "self") -> float | None:
    status = proc_status(pid)
    return status["VmRSS"] / 1024 if "VmRSS" in status else None


# ------------------------------------------------------------------ processes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pin_to_one_core() -> set[int] | None:
    """Run this process on one CPU; returns the previous set (None where unsupported)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(previous)})
    return previous


def restore_affinity(previous: set[int] | None) -> None:
    if previous is not None:
        os.sched_setaffinity(0, previous)


# ------------------------------------------------------------------ the machine


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else platform.machine()


def ram_gb() -> float | None:
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return None
    found = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) / 1024 / 1024 if found else None


def package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def chromium_version(path: str = "/usr/bin/chromium") -> str:
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    return done.stdout.strip() or "unknown"


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, OS, Python and package versions: where the figures were measured."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ram_gb()
    return {
        "cpu": cpu_model(),
        "cores": f"{os.cpu_count()} logical ({affinity} usable)",
        "ram": f"{memory:.1f} GB" if memory else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": package_versions(),
        "chromium": chromium_version(),
        "load_average": " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "",
        "executable": sys.executable,
    }
