"""Parity of ``arena backtest`` with peer backtesters (issue #19).

The peers' strategy — EMA(9/21) cross, long or flat, filled at the next bar's open with all the cash,
0.05 % fee per side, 10,000 USDT — is run by scripts/peer_backtest.py in three engines that share no
code: backtrader (cheat-on-open), vectorbt (``Portfolio.from_signals``) and a plain-Python loop. On
Binance BTC/USDT 1m (66,087 bars, ``../shared/data``, skipped when absent) each must give the peers'
numbers — 1,591 buys, 3,182 fills, a final equity of 2,326.4509482289855 USDT to 1e-6 — and all of
them the same fills (bar, side, price exactly; quantity to 1e-9 relative).

Then the Swift CLI, ``arena backtest --model ema_cross``, must give the same counts, the final
equity to 1e-4 and every fill at the same bar, side and price as the peers (quantity to 1e-8
relative).
"""

import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SHARED = Path(os.environ.get("ARENA_SHARED_DATA", REPO.parent / "shared" / "data"))
BTC_1M = SHARED / "raw/binance_spot_freqtrade_json/BTC_USDT-1m.json"
SCRIPT = REPO / "scripts" / "peer_backtest.py"

MODEL = "ema_cross"
BUYS, FILLS = 1591, 3182
FINAL_EQUITY = 2326.4509482289855  # the peers' float result
#: engine → the module it needs (plain needs none).
ENGINES = {"plain": None, "backtrader": "backtrader", "vectorbt": "vectorbt"}

pytestmark = pytest.mark.skipif(not BTC_1M.is_file(), reason=f"{BTC_1M} is absent")


def read_fills(path: Path, model: str = MODEL) -> list:
    """fills.csv rows as (bar_open_time_ms, side, price, quantity); rows of other models left out if a
    ``model`` column tells them apart."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if rows and "model" in rows[0]:
        rows = [r for r in rows if r["model"] == model]
    return [(int(r["bar_open_time_ms"]), r["side"], float(r["price"]), float(r["quantity"])) for r in rows]


def model_summary(summary: dict, model: str = MODEL) -> dict:
    """The one model's entry of a summary.json: either the top-level object or one of ``models``."""
    if "models" in summary:
        matches = [m for m in summary["models"] if m.get("model") == model]
        assert len(matches) == 1, f"{len(matches)} entries for {model} in {summary['models']}"
        return matches[0]
    assert summary.get("model") == model, summary
    return summary


@pytest.fixture(scope="module")
def peers(tmp_path_factory) -> dict:
    """engine → (summary, fills) for each engine whose library is installed, each run once."""
    runs = {}
    for engine, module in ENGINES.items():
        if module and importlib.util.find_spec(module) is None:
            # `make test` installs every peer (proto/python/requirements.txt): missing there is a failure.
            if os.environ.get("ARENA_REQUIRE_INTEROP"):
                pytest.fail(f"{module} is not installed (proto/python/requirements.txt)")
            continue
        out = tmp_path_factory.mktemp(f"peer-{engine}")
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "--data", str(BTC_1M), "--engine", engine, "--output", str(out)],
            capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, f"{engine}: {done.stderr}{done.stdout}"
        runs[engine] = (json.loads((out / "summary.json").read_text()), read_fills(out / "fills.csv"))
    return runs


def assert_same_fills(ours: list, theirs: list, quantity_tolerance: float, label: str):
    assert len(ours) == len(theirs), f"{label}: {len(ours)} fills against {len(theirs)}"
    for k, (a, b) in enumerate(zip(ours, theirs)):
        assert a[:3] == b[:3], f"{label}: fill {k} is {a[:3]}, the peer's {b[:3]}"
        assert abs(a[3] - b[3]) <= quantity_tolerance * abs(b[3]), f"{label}: fill {k} quantity {a[3]} against {b[3]}"


@pytest.mark.parametrize("engine", list(ENGINES))
def test_peer_engine_gives_the_peers_numbers(peers, engine):
    if engine not in peers:
        pytest.skip(f"{ENGINES[engine]} is not installed (proto/python/requirements.txt)")
    summary, fills = peers[engine]
    assert summary["model"] == MODEL and summary["engine"] == engine
    assert summary["bars"] == 66087
    assert (summary["buys"], summary["fills"]) == (BUYS, FILLS)
    assert abs(summary["final_equity"] - FINAL_EQUITY) < 1e-6
    assert len(fills) == FILLS and sum(f[1] == "BUY" for f in fills) == BUYS
    # Long or flat: buys and sells alternate, starting with a buy.
    assert all(f[1] == ("BUY" if k % 2 == 0 else "SELL") for k, f in enumerate(fills))


def test_peer_engines_agree_on_every_fill(peers):
    if len(peers) < 2:
        pytest.skip("only one peer engine is installed")
    reference = peers["plain"][1]
    for engine, (_, fills) in peers.items():
        assert_same_fills(fills, reference, 1e-9, f"{engine} against plain")


def test_arena_backtest_matches_the_peers(arena_binary, peers, tmp_path):
    done = subprocess.run(
        [str(arena_binary), "backtest", "--model", MODEL, "--data", str(BTC_1M), "--fee-bp", "5",
         "--slippage-bp", "0", "--cash", "10000", "--output", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    summary = model_summary(json.loads((tmp_path / "summary.json").read_text()))
    assert (summary["buys"], summary["fills"]) == (BUYS, FILLS)
    assert abs(float(summary["final_equity"]) - FINAL_EQUITY) <= 1e-4
    ours = read_fills(tmp_path / "fills.csv")
    for engine, (_, fills) in peers.items():
        assert_same_fills(ours, fills, 1e-8, f"arena against {engine}")
