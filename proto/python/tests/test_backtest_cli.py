"""``arena backtest`` as a script uses it (issue #19): the output files, a sweep's combined report,
and a sweep's runs equal to the same study run alone. On the bundled BTC minutes (2023-04-01 → 04-03)."""

import csv
import json
import os
import sqlite3
import subprocess

from conftest import REPO

DATA = REPO / "data" / "samples" / "BTC_USDT-1m-20230401-20230403.json"


#: The environment without ARENA_* variables: `--config` takes them as configuration overrides (`make test` sets
#: ARENA_REQUIRE_INTEROP, which is not one).
CLEAN = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}


def run(arena, *arguments, timeout=600):
    done = subprocess.run([str(arena), "backtest", *arguments], capture_output=True, text=True, timeout=timeout, env=CLEAN)
    assert done.returncode == 0, done.stderr + done.stdout
    return done


def test_a_study_writes_its_results(arena_binary, tmp_path):
    run(arena_binary, "--model", "ema_cross", "--data", str(DATA), "--output", str(tmp_path))
    for name in ["summary.json", "fills.csv", "equity-ema_cross.csv", "report.html", "leaderboard.json", "config.yaml",
                 "records/decisions.jsonl", "records/verdicts.jsonl", "records/orders.jsonl", "records/fills.jsonl",
                 "records/accounts.jsonl"]:
        assert (tmp_path / name).is_file(), name
    summary = json.loads((tmp_path / "summary.json").read_text())
    model = summary["models"][0]
    assert summary["bars"] == 4320 and model["bars"] == 4320
    with open(tmp_path / "fills.csv", newline="") as f:
        fills = list(csv.DictReader(f))
    assert list(fills[0]) == ["bar_open_time_ms", "side", "price", "quantity", "fee", "model"]
    assert len(fills) == model["fills"] and sum(r["side"] == "BUY" for r in fills) == model["buys"] > 10
    assert set(model["metrics"]) >= {"total_return", "sharpe", "sortino", "max_drawdown", "cagr", "calmar"}
    decisions = (tmp_path / "records" / "decisions.jsonl").read_text().splitlines()
    assert len(decisions) == summary["rounds"]
    report = (tmp_path / "report.html").read_text()
    assert "<svg" in report and "ema_cross" in report and "buy_and_hold:BTCUSDT" in report
    # The records are also in the store, SQLite by default, as a reporter keeps them: the audit log's chain holds.
    store = tmp_path / "records.sqlite"
    assert store.is_file()
    verify = subprocess.run([str(arena_binary), "audit", "verify", "--store", f"sqlite:{store}"], capture_output=True, text=True,
                            timeout=120, env=CLEAN)
    assert verify.returncode == 0 and "audit log OK" in verify.stdout, verify.stdout + verify.stderr
    with sqlite3.connect(store) as db:
        kinds = dict(db.execute("SELECT kind, COUNT(*) FROM audit_log GROUP BY kind").fetchall())
        navs = db.execute("SELECT COUNT(*) FROM reporter_nav WHERE model = 'ema_cross'").fetchone()[0]
    assert kinds["decision"] == len(decisions) and kinds["fill"] == len(fills) and navs > 4000
    # Another store by --store; --no-records writes none.
    other = tmp_path / "elsewhere.sqlite"
    run(arena_binary, "--model", "ema_cross", "--data", str(DATA), "--store", f"sqlite:{other}", "--output", str(tmp_path / "other"))
    assert other.is_file() and not (tmp_path / "other" / "records.sqlite").exists()
    run(arena_binary, "--model", "ema_cross", "--data", str(DATA), "--no-records", "--output", str(tmp_path / "bare"))
    assert not (tmp_path / "bare" / "records.sqlite").exists() and not (tmp_path / "bare" / "records").exists()
    # The configuration written next to the results reruns the study.
    again = tmp_path / "again"
    run(arena_binary, "--config", str(tmp_path / "config.yaml"), "--output", str(again))
    assert (again / "summary.json").read_text() == (tmp_path / "summary.json").read_text()
    assert (again / "fills.csv").read_text() == (tmp_path / "fills.csv").read_text()


def test_a_sweep_runs_every_point_and_ranks_them(arena_binary, tmp_path):
    done = run(arena_binary, "--model", "ema_cross", "--data", str(DATA), "--sweep", "fast=5,9;slow=21,30",
               "--output", str(tmp_path / "sweep"))
    assert "4/4" in done.stderr
    with open(tmp_path / "sweep" / "sweep.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["fast"], r["slow"]) for r in rows] != [] and len(rows) == 4
    assert sorted((r["fast"], r["slow"]) for r in rows) == [("5", "21"), ("5", "30"), ("9", "21"), ("9", "30")]
    equities = [float(r["final_equity"]) for r in rows]
    assert equities == sorted(equities, reverse=True)
    assert "runs/fast=9_slow=21/report.html" in (tmp_path / "sweep" / "sweep.html").read_text()
    # A point of the sweep is the same study run alone.
    alone = tmp_path / "alone"
    run(arena_binary, "--model", "ema_cross", "--data", str(DATA), "--param", "fast=9", "--param", "slow=21", "--output", str(alone))
    point = tmp_path / "sweep" / "runs" / "fast=9_slow=21"
    assert (point / "summary.json").read_text() == (alone / "summary.json").read_text()
    assert (point / "fills.csv").read_text() == (alone / "fills.csv").read_text()


def test_bad_options_are_refused_with_a_message(arena_binary, tmp_path):
    bad = tmp_path / "BTC_USDT-1m-bad.json"
    bad.write_text("[[1,2]")
    for arguments, message in [
        (["--model", "ema_cross", "--output", str(tmp_path)], "--data"),
        (["--model", "ema_cross", "--data", str(DATA), "--sweep", "fast=", "--output", str(tmp_path)], "--sweep"),
        (["--model", "ema_cross", "--data", str(DATA), "--param", "fast=1", "--output", str(tmp_path)], "fast"),
        (["--model", "no_such_kind", "--data", str(DATA), "--output", str(tmp_path)], "no_such_kind"),
        (["--model", "ema_cross", "--data", str(tmp_path / "BTC_USDT-1m-missing.json"), "--output", str(tmp_path)], "cannot read"),
        (["--model", "ema_cross", "--data", str(bad), "--output", str(tmp_path)], "BTC_USDT-1m-bad.json:1"),
        (["--model", "ema_cross", "--data", str(DATA), "--store", "mysql://db/arena", "--output", str(tmp_path)], "--store"),
        (["--model", "ema_cross", "--data", str(DATA), "--store", "sqlite:x.db", "--no-records", "--output", str(tmp_path)], "--no-records"),
        (["--model", "ema_cross", "--data", str(DATA), "--from-store", "sqlite:x.db", "--output", str(tmp_path)], "--config"),
        (["--model", "ema_cross", "--data", str(DATA), "--start", "2023-04-01T00:00:00Z", "--output", str(tmp_path)], "--from-store"),
        (["--config", "c.yaml", "--from-store", "sqlite:x.db", "--start", "yesterday", "--output", str(tmp_path)], "ISO 8601"),
    ]:
        done = subprocess.run([str(arena_binary), "backtest", *arguments], capture_output=True, text=True, timeout=120, env=CLEAN)
        assert done.returncode != 0, arguments
        assert message in done.stderr + done.stdout, (arguments, done.stderr + done.stdout)
