#!/usr/bin/env python3
"""Peer backtesters: an outside oracle for `arena backtest` (issue #19).

Runs one strategy, EMA(9/21) cross, long or flat, on a freqtrade kline JSON
file (a list of ``[open_time_ms, open, high, low, close, volume]``) in one of
three engines that share no code with Alpha Arena or with each other:

- ``backtrader`` (1.9.78.123): its own EMA indicators, ``cheat_on_open=True``;
  an order placed in ``next_open`` fills at that bar's open, commission via
  ``broker.setcommission``;
- ``vectorbt`` (1.2.0): TA-Lib's EMA, the crosses as numpy masks shifted one
  bar, ``Portfolio.from_signals(price=open, size=inf, fees=...)``;
- ``plain``: a plain-Python loop, no library at all.

The strategy, exactly:

- EMA(n) of the close, seeded by the SMA of its first n closes (TA-Lib and
  backtrader convention), then ``ema += (close - ema) * 2 / (n + 1)``;
- a cross up at a bar's close when ``fast > slow`` there and ``fast <= slow`` on
  the previous bar; a cross down when ``fast < slow`` after ``fast >= slow``
  (no cross is looked for until both EMAs exist on both bars);
- long only: a cross up while flat buys, a cross down while long sells all;
- the order fills at the NEXT bar's open, with all the cash:
  ``qty = cash / (open * (1 + fee))``; a buy costs ``qty * open * (1 + fee)``
  and a sell yields ``qty * open * (1 - fee)``; no slippage; fractional sizes;
- a signal on the last bar is not filled;
- final equity = cash + the open position at the last close (no exit fee).

    scripts/peer_backtest.py --data BTC_USDT-1m.json --engine backtrader --output DIR [--copies K]

writes ``DIR/summary.json`` (model, bars, buys, fills, final_equity, engine,
seconds, bars_per_second; ``seconds`` times the backtest alone, not the file
read nor the output) and ``DIR/fills.csv`` (``bar_open_time_ms,side,price,
quantity,fee``: the open time of the bar filled at, BUY or SELL, Python reprs of
the floats). ``--copies K`` runs on K copies of the data end to end (each copy's
times shifted to follow the previous one's by a minute), for a throughput bench.

On Binance BTC/USDT 1m (66,087 bars, shared/data) every engine gives 1,591
buys, 3,182 fills and a final equity of 2,326.45094822... USDT from 10,000
(0.05 % per side): proto/python/tests/test_backtest_parity.py checks it.

Notes on that file: there fast and slow are never exactly equal (the nearest is 3e-5 USD apart at
~28,000), so the ``<=``/``>=`` of the definition, or backtrader's own CrossOver (which looks past
equal bars), would decide nothing; backtrader's EMA recurrence, ``prev * (1 - a) + x * a``, differs
from TA-Lib's by at most 3e-11 USD there. The engines' quantities differ by float rounding only
(at most ~2e-13 relatively over the 3,182 fills); backtrader lands on 2326.4509482289855 exactly.
"""
import argparse
import csv
import json
import math
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

MODEL = "ema_cross"
FAST, SLOW = 9, 21
FEE = 0.0005
CASH = 10_000.0
MINUTE_MS = 60_000


@dataclass
class Bars:
    """Klines as parallel lists of floats (times in ms)."""
    times: list
    open: list
    high: list
    low: list
    close: list
    volume: list

    def __len__(self):
        return len(self.times)


@dataclass
class Fill:
    bar_open_time_ms: int
    side: str  # "BUY" or "SELL"
    price: float
    quantity: float
    fee: float


@dataclass
class Result:
    fills: list
    final_equity: float


def load(path: Path, copies: int = 1) -> Bars:
    """The file's klines, ``copies`` times end to end (later copies' times shifted to follow on by a minute)."""
    rows = json.loads(Path(path).read_text())
    times = [int(r[0]) for r in rows]
    columns = [[float(r[j]) for r in rows] for j in range(1, 6)]
    span = times[-1] - times[0] + MINUTE_MS
    all_times = [t + k * span for k in range(copies) for t in times]
    return Bars(all_times, *(column * copies for column in columns))


# --- plain Python -----------------------------------------------------------------------------

def ema(values, n):
    """EMA(n): None for the first n-1 values, then the SMA of the first n, then the recurrence."""
    out = [None] * len(values)
    if len(values) < n:
        return out
    k = 2.0 / (n + 1)
    e = sum(values[:n]) / n
    out[n - 1] = e
    for i in range(n, len(values)):
        e = (values[i] - e) * k + e
        out[i] = e
    return out


def run_plain(bars: Bars, fee: float = FEE, cash: float = CASH) -> Result:
    """The reference: one loop over the bars, the pending order filled at the next bar's open first."""
    fast, slow = ema(bars.close, FAST), ema(bars.close, SLOW)
    qty, pending, fills = 0.0, None, []
    last = len(bars) - 1
    for i in range(len(bars)):
        price = bars.open[i]
        if pending == "BUY":
            qty = cash / (price * (1 + fee))
            cash -= qty * price * (1 + fee)
            fills.append(Fill(bars.times[i], "BUY", price, qty, qty * price * fee))
        elif pending == "SELL":
            cash += qty * price * (1 - fee)
            fills.append(Fill(bars.times[i], "SELL", price, qty, qty * price * fee))
            qty = 0.0
        pending = None
        if i == last or i == 0 or slow[i - 1] is None:
            continue
        f, s, f0, s0 = fast[i], slow[i], fast[i - 1], slow[i - 1]
        if qty == 0.0 and f > s and f0 <= s0:
            pending = "BUY"
        elif qty > 0.0 and f < s and f0 >= s0:
            pending = "SELL"
    return Result(fills, cash + qty * bars.close[-1])


# --- backtrader -------------------------------------------------------------------------------

def affordable(cash: float, price: float, fee: float) -> float:
    """``cash / (price * (1 + fee))``, less the ulp or two that backtrader's broker would refuse.

    The broker fills a buy only when ``(cash - size * price) - size * fee * price >= 0`` in floats; for
    all the cash that rounds below 0 about every other time and the order dies as ``Margin``. Stepping
    down ulp by ulp changes the quantity by ~1e-16 relatively.
    """
    size = cash / (price * (1 + fee))
    while (cash - size * price) - size * fee * price < 0.0:
        size = math.nextafter(size, 0.0)
    return size


def run_backtrader(bars: Bars, fee: float = FEE, cash: float = CASH) -> Result:
    """backtrader with cheat-on-open: ``next`` sees the cross at a close, ``next_open`` orders at the next open."""
    import backtrader as bt

    class ListFeed(bt.feed.DataBase):
        """Bars straight from lists (backtrader's PandasData reads one cell at a time with ``iloc``)."""

        def start(self):
            super().start()
            self._i = -1

        def _load(self):
            self._i += 1
            i = self._i
            if i >= len(bars):
                return False
            moment = datetime.fromtimestamp(bars.times[i] / 1000, tz=timezone.utc).replace(tzinfo=None)
            self.lines.datetime[0] = bt.date2num(moment)
            self.lines.open[0] = bars.open[i]
            self.lines.high[0] = bars.high[i]
            self.lines.low[0] = bars.low[i]
            self.lines.close[0] = bars.close[i]
            self.lines.volume[0] = bars.volume[i]
            self.lines.openinterest[0] = 0.0
            return True

    class EmaCross(bt.Strategy):
        def __init__(self):
            self.fast = bt.ind.EMA(self.data.close, period=FAST)
            self.slow = bt.ind.EMA(self.data.close, period=SLOW)
            self.signal = None
            self.fills, self.refused = [], []

        def next(self):
            # backtrader's CrossOver looks back past equal bars to the last non-zero difference; the
            # strategy compares with the previous bar only, so the cross is spelled out here.
            self.signal = None
            if len(self.data) == len(bars):  # a signal on the last bar is not filled
                return
            f, s, f0, s0 = self.fast[0], self.slow[0], self.fast[-1], self.slow[-1]
            if not self.position and f > s and f0 <= s0:
                self.signal = "BUY"
            elif self.position and f < s and f0 >= s0:
                self.signal = "SELL"

        def next_open(self):
            if self.signal == "BUY":
                self.buy(size=affordable(self.broker.getcash(), self.data.open[0], fee))
            elif self.signal == "SELL":
                self.close()
            self.signal = None

        def notify_order(self, order):
            if order.status == order.Completed:
                # One execution bit each; its price is the open itself (``executed.price`` is an average,
                # size * price / size, which can be an ulp off).
                (bit,) = order.executed.exbits
                self.fills.append(Fill(bars.times[len(self.data) - 1], "BUY" if order.isbuy() else "SELL",
                                       bit.price, abs(bit.size), order.executed.comm))
            elif order.status in (order.Canceled, order.Margin, order.Rejected):
                self.refused.append((len(self.data) - 1, order.getstatusname()))

    cerebro = bt.Cerebro(cheat_on_open=True, stdstats=False)
    cerebro.adddata(ListFeed())
    cerebro.addstrategy(EmaCross)
    cerebro.broker.setcash(cash)
    cerebro.broker.setcommission(commission=fee)
    strategy = cerebro.run()[0]
    if strategy.refused:
        raise RuntimeError(f"backtrader refused {len(strategy.refused)} orders, first {strategy.refused[0]}")
    return Result(strategy.fills, cerebro.broker.getvalue())


# --- vectorbt ---------------------------------------------------------------------------------

def crosses(fast: np.ndarray, slow: np.ndarray):
    """(up, down) boolean masks of the crosses at each bar's close (False where an EMA is NaN)."""
    up, down = np.zeros(len(fast), bool), np.zeros(len(fast), bool)
    up[1:] = (fast[1:] > slow[1:]) & (fast[:-1] <= slow[:-1])
    down[1:] = (fast[1:] < slow[1:]) & (fast[:-1] >= slow[:-1])
    return up, down


def run_vectorbt(bars: Bars, fee: float = FEE, cash: float = CASH) -> Result:
    """vectorbt's ``from_signals`` on TA-Lib's EMAs, signals moved to the bar they fill at."""
    import pandas as pd
    import talib
    import vectorbt as vbt

    close, open_ = np.asarray(bars.close), np.asarray(bars.open)
    up, down = crosses(talib.EMA(close, FAST), talib.EMA(close, SLOW))
    entries, exits = np.zeros_like(up), np.zeros_like(down)
    entries[1:], exits[1:] = up[:-1], down[:-1]  # the last bar's signal falls off the end
    index = pd.to_datetime(np.asarray(bars.times), unit="ms")
    pf = vbt.Portfolio.from_signals(
        pd.Series(close, index=index), entries=entries, exits=exits, price=open_,
        size=np.inf, fees=fee, slippage=0.0, init_cash=cash, direction="longonly", freq="1min",
    )
    records = pf.orders.values  # the structured record array
    fills = [Fill(bars.times[r["idx"]], "BUY" if r["side"] == 0 else "SELL", float(r["price"]),
                  float(r["size"]), float(r["fees"])) for r in records]
    return Result(fills, float(pf.final_value()))


def warm_up_vectorbt():
    """Numba compiles vectorbt's kernels on first use: done once on a few bars, outside the timing."""
    n = 64
    closes = [100.0 + math.sin(i / 3) for i in range(n)]
    run_vectorbt(Bars([i * MINUTE_MS for i in range(n)], closes, closes, closes, closes, [1.0] * n))


ENGINES = {"backtrader": run_backtrader, "vectorbt": run_vectorbt, "plain": run_plain}


# --- output -----------------------------------------------------------------------------------

def write(output: Path, engine: str, bars: Bars, result: Result, seconds: float) -> dict:
    output.mkdir(parents=True, exist_ok=True)
    summary = {
        "model": MODEL,
        "bars": len(bars),
        "buys": sum(f.side == "BUY" for f in result.fills),
        "fills": len(result.fills),
        "final_equity": result.final_equity,
        "engine": engine,
        "seconds": seconds,
        "bars_per_second": len(bars) / seconds if seconds > 0 else None,
    }
    (output / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    with open(output / "fills.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["bar_open_time_ms", "side", "price", "quantity", "fee"])
        for x in result.fills:
            w.writerow([x.bar_open_time_ms, x.side, repr(x.price), repr(x.quantity), repr(x.fee)])
    return summary


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, type=Path, help="freqtrade kline JSON")
    p.add_argument("--engine", choices=sorted(ENGINES), default="plain")
    p.add_argument("--output", required=True, type=Path, help="directory for summary.json and fills.csv")
    p.add_argument("--copies", type=int, default=1, help="run on K copies of the data end to end")
    p.add_argument("--fee", type=float, default=FEE, help="fee per side, a fraction of notional (default 0.0005)")
    p.add_argument("--cash", type=float, default=CASH, help="starting cash (default 10000)")
    args = p.parse_args(argv)
    if args.copies < 1:
        p.error("--copies must be at least 1")
    bars = load(args.data, args.copies)
    if args.engine == "vectorbt":
        warm_up_vectorbt()
    start = time.perf_counter()
    result = ENGINES[args.engine](bars, fee=args.fee, cash=args.cash)
    seconds = time.perf_counter() - start
    summary = write(args.output, args.engine, bars, result, seconds)
    print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
