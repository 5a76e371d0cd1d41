"""Parity of ``arena metrics`` with quantstats and empyrical on real equity curves.

Curves: buy-and-hold of BTC and ETH on the bundled 1-minute samples (``data/samples``), buy-and-hold
of BTC over six years of hourly bars, and the equity of a real backtest — an EMA(9/21) crossover,
long or flat, 0.1 % fee per side, on the same hourly bars (``../shared/data``, skipped when absent).
Each curve goes to the built binary as CSV; its JSON is compared with the oracles' functions on the
same returns (``pct_change``) to a relative 1e-9 (absolute below 1): quantstats 0.0.86
``comp``/``cagr``/``volatility``/``sharpe``/``sortino``/``max_drawdown``/``calmar``/``best``/``worst``/
``probabilistic_sharpe_ratio``, and empyrical-reloaded 0.7.1 ``annual_return``/``annual_volatility``/
``sharpe_ratio``/``sortino_ratio``. docs/metrics.md states each definition.
"""

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from klines import load

qs = pytest.importorskip("quantstats")
ep = pytest.importorskip("empyrical")

ARENA = Path(os.environ.get("ARENA_BIN", REPO / ".build" / "debug" / "arena"))
SAMPLES = REPO / "data" / "samples"
SHARED = Path(os.environ.get("ARENA_SHARED_DATA", REPO.parent / "shared" / "data"))
HOURLY_BTC = SHARED / "raw/binance_spot_gapless_crypto_data/binance_spot_BTCUSDT-1h_20170817-20240101.csv"
TOLERANCE = 1e-9
CAPITAL = 10_000.0


@pytest.fixture(scope="module")
def arena_binary():
    if not ARENA.exists():
        if os.environ.get("ARENA_REQUIRE_INTEROP") == "1":
            pytest.fail(f"{ARENA} is missing; build it with `swift build --product arena`")
        pytest.skip(f"{ARENA} is missing")
    return ARENA


def buy_and_hold(path: Path):
    """Capital put into the asset at the first close and held: (close_time_ms, equity)."""
    times, _, _, _, close, _ = load(path)
    step = times[1] - times[0]
    return times + step, CAPITAL * close / close[0]


def ema(values, period):
    out = np.empty_like(values)
    alpha = 2.0 / (period + 1)
    out[0] = values[0]
    for i in range(1, len(values)):
        out[i] = alpha * values[i] + (1 - alpha) * out[i - 1]
    return out


def ema_cross_backtest(path: Path, fee=0.001):
    """Long when EMA(9) > EMA(21) at a bar's close, flat otherwise; trades at the next bar's open."""
    times, open_, _, _, close, _ = load(path)
    fast, slow = ema(close, 9), ema(close, 21)
    cash, units, equity = CAPITAL, 0.0, np.empty(len(close))
    want = False
    for i in range(len(close)):
        if i > 0 and want != (units > 0):
            if want:
                units = cash * (1 - fee) / open_[i]
                cash = 0.0
            else:
                cash = units * open_[i] * (1 - fee)
                units = 0.0
        equity[i] = cash + units * close[i]
        want = fast[i] > slow[i]
    step = times[1] - times[0]
    return times + step, equity


def curves():
    out = {
        "btc-1m-buy-and-hold": lambda: buy_and_hold(SAMPLES / "BTC_USDT-1m-20230401-20230403.json"),
        "eth-1m-buy-and-hold": lambda: buy_and_hold(SAMPLES / "ETH_USDT-1m-20230401-20230403.json"),
    }
    if HOURLY_BTC.exists():
        out["btc-1h-buy-and-hold"] = lambda: buy_and_hold(HOURLY_BTC)
        out["btc-1h-ema-cross"] = lambda: ema_cross_backtest(HOURLY_BTC)
    return out


def run_metrics(binary, times, equity, tmp_path, *extra):
    path = tmp_path / "equity.csv"
    lines = ["timestamp_ms,equity"] + [f"{int(t)},{repr(float(e))}" for t, e in zip(times, equity)]
    path.write_text("\n".join(lines) + "\n")
    result = subprocess.run([str(binary), "metrics", "--equity", str(path), *extra], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def close(ours, reference, name):
    assert ours is not None, f"{name}: null, reference {reference}"
    scale = max(1.0, abs(reference))
    assert abs(ours - reference) <= TOLERANCE * scale, f"{name}: {ours!r} vs {reference!r}"


def oracle(times, equity, periods_per_year):
    index = pd.to_datetime(np.asarray(times, dtype=np.int64), unit="ms")
    returns = pd.Series(equity, index=index).pct_change().dropna()
    r = returns.to_numpy()
    return returns, {
        "total_return": qs.stats.comp(returns),
        "cagr": qs.stats.cagr(returns, periods=periods_per_year),
        "cagr_empyrical": ep.annual_return(r, annualization=periods_per_year),
        "volatility": qs.stats.volatility(returns, periods=periods_per_year),
        "volatility_empyrical": ep.annual_volatility(r, annualization=periods_per_year),
        "sharpe": qs.stats.sharpe(returns, periods=periods_per_year),
        "sharpe_empyrical": ep.sharpe_ratio(r, annualization=periods_per_year),
        "sortino": qs.stats.sortino(returns, periods=periods_per_year),
        "sortino_empyrical": ep.sortino_ratio(r, annualization=periods_per_year),
        "max_drawdown": qs.stats.max_drawdown(returns),
        "calmar": qs.stats.calmar(returns, periods=periods_per_year),
        "best_period": qs.stats.best(returns),
        "worst_period": qs.stats.worst(returns),
        "probabilistic_sharpe_ratio": qs.stats.probabilistic_sharpe_ratio(returns, periods=periods_per_year),
    }


@pytest.mark.parametrize("name", list(curves()))
def test_metrics_equal_quantstats_and_empyrical(arena_binary, name, tmp_path):
    times, equity = curves()[name]()
    ours = run_metrics(arena_binary, times, equity, tmp_path)
    step_ms = float(np.median(np.diff(times)))
    periods_per_year = 365 * 86_400_000 / step_ms
    assert ours["periods_per_year"] == pytest.approx(periods_per_year, rel=0, abs=1e-9)
    assert ours["periods"] == len(equity) - 1
    _, reference = oracle(times, equity, periods_per_year)
    for key, value in reference.items():
        close(ours[key.removesuffix("_empyrical")], value, f"{name} {key}")
    assert ours["max_drawdown"] < 0


def test_periods_per_year_override(arena_binary, tmp_path):
    times, equity = curves()["btc-1m-buy-and-hold"]()
    ours = run_metrics(arena_binary, times, equity, tmp_path, "--periods-per-year", "365")
    _, reference = oracle(times, equity, 365)
    close(ours["sharpe"], reference["sharpe"], "sharpe at 365")
    close(ours["cagr"], reference["cagr"], "cagr at 365")


@pytest.mark.parametrize("text, message", [
    ("timestamp_ms,equity\n1000,100\n", "at least 2 points"),
    ("1000,100\n1000,101\n", "strictly increase"),
    ("1000,100\n2000,-1\n", "must be positive"),
    ("1000,100\n2000,abc\n", "line 2"),
    ("1000,100,3\n", "expected 2 fields"),
])
def test_bad_input_is_refused_with_a_reason(arena_binary, tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    result = subprocess.run([str(arena_binary), "metrics", "--equity", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
