"""Kline files read by Python's own parsers, independently of the Swift code under test."""

import csv
import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np


def load(path: Path):
    """(open_time_ms, open, high, low, close, volume) arrays, parsed independently of the Swift code."""
    if path.suffix == ".json":
        rows = json.loads(path.read_text())
        times = [int(r[0]) for r in rows]
        values = [[float(x) for x in r[1:6]] for r in rows]
    else:
        lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
        reader = csv.reader(lines)
        header = next(reader)
        assert header[:6] == ["date", "open", "high", "low", "close", "volume"], header
        times, values = [], []
        for r in reader:
            moment = datetime.strptime(r[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
            times.append(int(moment.timestamp() * 1000))
            values.append([float(x) for x in r[1:6]])
    v = np.array(values, dtype=np.float64)
    return np.array(times, dtype=np.int64), v[:, 0], v[:, 1], v[:, 2], v[:, 3], v[:, 4]
