"""TA-Lib parity of ``arena indicators`` on real klines from ../shared/data.

Runs the built binary (``$ARENA_BIN``, default ``.build/debug/arena``) on real
1m freqtrade JSON (BTC, ETH) and a 1h Binance kline CSV, and compares every
output column with TA-Lib on the same input, read here by Python's own parsers
(``json``, ``float``). The indicators TA-Lib lacks (rolling VWAP, realised
volatility, ATR percentile) are compared with brute-force numpy recomputations.

Error measure: ``|ours − ref| / max(|ref|, floor)`` with, per column, ``floor =
FLOOR_FRACTION × median |ref|`` (the column's own scale): a value near 0 (a MACD
histogram, OBV crossing zero, a %K of 0 reached through a rolling sum) is held
to an absolute error of ``TOLERANCE × floor`` instead of an unbounded relative one. Warm-up: a cell is
empty exactly where the reference is NaN.

Skipped when the data set is absent; when the binary is missing, skipped too
unless ``ARENA_REQUIRE_INTEROP=1`` (as ``make test`` sets), then failed.
"""

import csv
import math
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from conftest import REPO
from klines import load

talib = pytest.importorskip("talib")

DATA = Path(os.environ.get("ARENA_SHARED_DATA", REPO.parent / "shared" / "data"))
TOLERANCE = 1e-9
FLOOR_FRACTION = 1e-3

FILES = {
    "btc-1m-json": "raw/binance_spot_freqtrade_json/BTC_USDT-1m.json",
    "eth-1m-json": "raw/binance_spot_freqtrade_json/ETH_USDT-1m.json",
    "btc-1h-csv": "raw/binance_spot_gapless_crypto_data/binance_spot_BTCUSDT-1h_20170817-20240101.csv",
}
# The example list plus every other indicator; then short, odd periods to probe seeding edges.
SPECS = {
    "standard": "ema:21,rsi:14,atr:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv,"
                "sma:20,wma:20,vwap:20,rvol:30:525600,atrpct:14:100",
    "short": "sma:2,ema:3,wma:9,rsi:2,atr:1,bbands:5:1.5,macd:5:35:5,adx:3,stoch:5:1:1,vwap:1,rvol:2,atrpct:1:5",
}


def rolling_vwap(h, l, c, v, n):
    out = np.full(len(c), np.nan)
    tp = (h + l + c) / 3
    notional = sliding_window_view(tp * v, n).sum(axis=1)
    volume = sliding_window_view(v, n).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out[n - 1:] = np.where(volume > 0, notional / volume, np.nan)
    return out


def realised_vol(c, n, per_year=None):
    out = np.full(len(c), np.nan)
    # math.log is the C library's log, as Swift's; numpy's own SIMD log may differ by an ulp.
    r = np.array([math.log(x) for x in c[1:] / c[:-1]])
    out[n:] = sliding_window_view(r, n).std(axis=1, ddof=1) * (math.sqrt(per_year) if per_year else 1.0)
    return out


def atr_percentile(h, l, c, n, w):
    """Share (in %) of the last w ATR values that are ≤ the current one."""
    atr = talib.ATR(h, l, c, n)
    out = np.full(len(c), np.nan)
    for i in range(n + w - 1, len(c)):
        window = atr[i - w + 1:i + 1]
        out[i] = 100.0 * np.count_nonzero(window <= atr[i]) / w
    return out


def references(spec: str, o, h, l, c, v) -> dict:
    """Column name → reference series, for every item of ``spec``."""
    ref = {}
    for item in spec.split(","):
        name, *args = item.split(":")
        base = "_".join([name, *args])
        p = [float(a) if "." in a else int(a) for a in args]
        if name in ("sma", "ema", "wma", "rsi"):
            ref[base] = getattr(talib, name.upper())(c, p[0])
        elif name == "atr":
            ref[base] = talib.ATR(h, l, c, p[0])
        elif name == "bbands":
            up, mid, low = talib.BBANDS(c, p[0], p[1], p[1], 0)
            ref.update({f"{base}_upper": up, f"{base}_middle": mid, f"{base}_lower": low})
        elif name == "macd":
            m, s, hist = talib.MACD(c, *p)
            ref.update({f"{base}_macd": m, f"{base}_signal": s, f"{base}_hist": hist})
        elif name == "adx":
            ref[base] = talib.ADX(h, l, c, p[0])
            ref[f"plus_di_{args[0]}"] = talib.PLUS_DI(h, l, c, p[0])
            ref[f"minus_di_{args[0]}"] = talib.MINUS_DI(h, l, c, p[0])
        elif name == "stoch":
            k, d = talib.STOCH(h, l, c, p[0], p[1], 0, p[2], 0)
            ref.update({f"{base}_k": k, f"{base}_d": d})
        elif name == "obv":
            ref[base] = talib.OBV(c, v)
        elif name == "vwap":
            ref[base] = rolling_vwap(h, l, c, v, p[0])
        elif name == "rvol":
            ref[base] = realised_vol(c, p[0], p[1] if len(p) > 1 else None)
        elif name == "atrpct":
            ref[base] = atr_percentile(h, l, c, p[0], p[1])
        else:
            raise AssertionError(f"no reference for {item}")
    return ref


def run_arena(binary: Path, source: Path, spec: str, out: Path):
    done = subprocess.run(
        [str(binary), "indicators", "--input", str(source), "--indicators", spec, "--output", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with out.open() as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    columns = {name: [r[i] for r in rows] for i, name in enumerate(header)}
    return header, columns


@pytest.mark.parametrize("spec_name", SPECS)
@pytest.mark.parametrize("file_name", FILES)
def test_indicator_parity_with_talib(arena_binary, tmp_path, file_name, spec_name):
    source = DATA / FILES[file_name]
    if not source.is_file():
        pytest.skip(f"{source} is absent")
    spec = SPECS[spec_name]
    times, o, h, l, c, v = load(source)
    header, ours = run_arena(arena_binary, source, spec, tmp_path / "out.csv")
    ref = references(spec, o, h, l, c, v)

    assert header == ["open_time_ms", *ref.keys()]
    assert [int(t) for t in ours["open_time_ms"]] == times.tolist()
    report = []
    for name, expected in ref.items():
        cells = ours[name]
        assert len(cells) == len(expected)
        empty = np.array([cell == "" for cell in cells])
        warm = np.isnan(expected)
        mismatched = np.flatnonzero(empty != warm)
        assert mismatched.size == 0, (
            f"{name}: warm-up differs from the reference first at row {mismatched[0]} "
            f"(ours {'empty' if empty[mismatched[0]] else cells[mismatched[0]]}, reference {expected[mismatched[0]]})"
        )
        assert (~warm).any(), f"{name}: the reference never warms up on {file_name}"
        got = np.array([float(cell) for cell, w in zip(cells, warm) if not w])
        want = expected[~warm]
        floor = FLOOR_FRACTION * np.median(np.abs(want))
        error = np.abs(got - want) / np.maximum(np.abs(want), floor)
        worst = int(np.argmax(error))
        report.append(f"{name}: max error {error[worst]:.2e}")
        assert error[worst] <= TOLERANCE, (
            f"{name}: error {error[worst]:.3e} at value row {worst}: ours {got[worst]!r}, reference {want[worst]!r}"
        )
    print("\n".join(report))
