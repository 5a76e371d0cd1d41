"""The whole arena end to end (issue 16), through its HTTP API.

``arena up --lockstep --ticks N`` runs every service as a process over ZeroMQ and replays the
bundled BTC and ETH klines as fast as they can be processed, each minute held until the OMS, the
feature engine and the risk guard are done with the last and the reporter has recorded it
(``arena.lockstep``, ADR 0016), with a
roster of deterministic models that all trade within the run. It exits 0 after N decision rounds,
keeping the store; the reporter then serves that store, and the API shows that:

- every model has decisions (one per tick), a verdict for each, orders, fills and a NAV;
- each model's ledger (cash, fees, positions, realised PnL) is the fold of its fills;
- the audit log's hash chain verifies (``arena audit verify``);
- the same run with ``--single-process`` (every service in one process over the in-process
  transport) gives identical decisions, verdicts, orders, fills, ledgers and NAV curves, and the
  same data coverage and buy-and-hold baseline;
- so does ``arena backtest`` on the same configuration (the services' kernels in one loop, no bus,
  ADR 0019) up to the run's last round;
- so does a run in which every service is killed with SIGKILL in turn (the
  supervisor restarts each), and a run on PostgreSQL that is restarted in the middle: nothing is
  lost or doubled, and the ledgers end the same.

Skipped when the binary is missing, unless ``ARENA_REQUIRE_INTEROP=1`` (``make test``).
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
import json
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from conftest import REPO
from test_dashboard import ARENA, REQUIRED, free_port
from test_local_run import children_of, require_binary

TICKS = 240
STARTING_CAPITAL = Decimal("10000")
# The key of what observe() reads of the market side (not a model).
MARKET = "market"
# Deterministic models that all place orders within TICKS five-minute ticks of the samples.
ROSTER = {
    "buy_and_hold_btc": '{id: buy_and_hold_btc, kind: buy_and_hold, version: "1", params: {symbol: BTCUSDT}}',
    "ema_trend": '{id: ema_trend, kind: ema_trend, version: "1"}',
    "breakout": '{id: breakout, kind: breakout, version: "1"}',
}
REPORTER = ARENA.parent / "arena-reporter"


def environment(folder, port):
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
    return dict(inherited,
                ARENA_CONFIG=str(REPO / "config" / "arena.yaml"),
                ARENA_STORE__URL=f"sqlite:{folder / 'arena.sqlite'}",
                ARENA_REPORTER__PORT=str(port),
                ARENA_MARKET__REPLAY__SPEED="0",
                ARENA_MODELS="[" + ", ".join(ROSTER.values()) + "]",
                ARENA_LOGGING__LEVEL="notice",
                ARENA_LOGGING__FORMAT="json")


def arena_up(folder, *flags):
    """Runs ``arena up --lockstep --ticks TICKS`` to its end in `folder`; returns its environment."""
    env = environment(folder, free_port())
    result = subprocess.run([str(ARENA), "up", "--lockstep", "--ticks", str(TICKS), *flags], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=900)
    (folder / "up.log").write_text(result.stderr)
    assert result.returncode == 0, result.stderr[-4000:]
    assert f'"round":"{TICKS} of {TICKS}"' in result.stderr
    return env


# Killed in turn during the faulted run, each once the replay has passed the round beside it.
KILLS = [(30, "gateway"), (60, "features"), (90, "scorer"), (120, "risk"), (150, "oms"), (180, "reporter"), (210, "alerter")]


def rounds_recorded(store):
    """The rounds the feature engine recorded in `store` (a URL), 0 before its tables exist."""
    if store.startswith("postgres://"):
        result = subprocess.run(["psql", store, "-tAc", "SELECT COUNT(*) FROM features_rounds"], capture_output=True, text=True)
        return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else 0
    try:
        with sqlite3.connect(f"file:{store.removeprefix('sqlite:')}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM features_rounds").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet, or busy for longer than the timeout


def wait_for_round(process, store, count, folder):
    deadline = time.monotonic() + 300
    while rounds_recorded(store) < count:
        assert process.poll() is None, (folder / "up.log").read_text()[-4000:]
        assert time.monotonic() < deadline, f"round {count} not reached: {(folder / 'up.log').read_text()[-4000:]}"
        time.sleep(0.05)


def child(supervisor, executable):
    """The pid of `supervisor`'s child running `executable`, if one runs."""
    for pid in children_of(supervisor):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read().split(b"\0")[0].endswith(executable.encode()):
                    return pid
        except OSError:
            pass
    return None


def arena_up_disturbed(folder, disturb, env=None):
    """Like ``arena_up``, calling ``disturb(process, store)`` while it runs; returns the environment."""
    env = env or environment(folder, free_port())
    log = open(folder / "up.log", "w")
    process = subprocess.Popen([str(ARENA), "up", "--lockstep", "--ticks", str(TICKS)], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        disturb(process, env["ARENA_STORE__URL"])
        assert process.wait(timeout=900) == 0, (folder / "up.log").read_text()[-4000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    assert f'"round":"{TICKS} of {TICKS}"' in (folder / "up.log").read_text()
    return env


def arena_up_with_kills(folder):
    """A run in which each service of KILLS is killed with SIGKILL in turn."""
    def kill_in_turn(process, store):
        for after, service in KILLS:
            wait_for_round(process, store, after, folder)
            victim = child(process.pid, f"arena-{service}")
            assert victim, f"no arena-{service} to kill"
            os.kill(victim, signal.SIGKILL)
            # The supervisor starts another before the next kill.
            deadline = time.monotonic() + 120
            while child(process.pid, f"arena-{service}") in (None, victim):
                assert process.poll() is None and time.monotonic() < deadline, f"arena-{service} was not restarted"
                time.sleep(0.05)
    return arena_up_disturbed(folder, kill_in_turn)


POSTGRES = REPO / "scripts" / "test-postgres.sh"


def arena_up_restarting_postgres(folder, cluster):
    """A run on the PostgreSQL of `cluster` (scripts/test-postgres.sh's environment), restarted at round 120."""
    started = subprocess.run([str(POSTGRES), "start"], env=cluster, capture_output=True, text=True, timeout=300)
    if started.returncode != 0:
        if REQUIRED:
            pytest.fail(f"no PostgreSQL: {started.stderr[-2000:]}")
        pytest.skip(f"no PostgreSQL: {started.stderr[-500:]}")
    env = dict(environment(folder, free_port()), ARENA_STORE__URL=started.stdout.strip())

    def restart(process, store):
        wait_for_round(process, store, 120, folder)
        subprocess.run([str(POSTGRES), "restart"], env=cluster, capture_output=True, text=True, timeout=120, check=True)
    return arena_up_disturbed(folder, restart, env)


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.loads(response.read())


def every(base, path, model):
    """Every item of a paged collection for `model`, in the API's order."""
    items, cursor = [], None
    while True:
        page = get(base, f"{path}?model={model}&limit=500" + (f"&cursor={cursor}" if cursor else ""))
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor or not page["items"]:
            return items


def observe(folder, env):
    """What the API shows of the run's store, served by the reporter alone."""
    port = free_port()
    reporter = subprocess.Popen([str(REPORTER)], cwd=REPO, env=dict(env, ARENA_REPORTER__PORT=str(port)),
                                stdout=subprocess.DEVNULL, stderr=open(folder / "reporter.log", "w"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(base, "/api/leaderboard")
                break
            except (OSError, ValueError):
                pass
            assert reporter.poll() is None, (folder / "reporter.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the reporter did not serve the store within 60 s"
            time.sleep(0.3)
        seen = {}
        for model in ROSTER:
            decisions = every(base, "/api/decisions", model)
            for decision in decisions:
                # The wall clock's part: how long the scorer took and which worker answered.
                decision.pop("latencyMilliseconds", None)
                decision.pop("worker", None)
            seen[model] = {
                "decisions": decisions,
                "verdicts": every(base, "/api/verdicts", model),
                "orders": every(base, "/api/orders", model),
                "fills": every(base, "/api/fills", model),
                "account": get(base, f"/api/models/{model}").get("account"),
                "nav": get(base, f"/api/nav/{model}?points=10000")["points"],
            }
        # The market side, rebuilt from the store as for every model: the data coverage and the baseline.
        seen[MARKET] = {
            "coverage": get(base, "/api/coverage")["symbols"],
            "baseline": get(base, "/api/nav/buy_and_hold:BTCUSDT?points=10000")["points"],
        }
        return seen
    finally:
        reporter.send_signal(signal.SIGTERM)
        reporter.wait(timeout=60)


def ledger_product(a, b):
    """A product as the ledger keeps it: 12 fractional digits, rounded half-even once (ADR 0002)."""
    return (a * b).quantize(Decimal("1e-12"), rounding=ROUND_HALF_EVEN)


def fold(fills):
    """The ledger the fills make: cash, fees, positions and realised PnL (average cost), in exact decimals."""
    cash, fees, realised = STARTING_CAPITAL, Decimal(0), Decimal(0)
    positions = {}
    for fill in sorted(fills, key=lambda f: (f["time"], f["fillID"])):
        price, quantity, fee = Decimal(fill["price"]), Decimal(fill["quantity"]), Decimal(fill["fee"])
        held, average = positions.get(fill["symbol"], (Decimal(0), Decimal(0)))
        fees += fee
        cash -= fee
        if fill["side"] == "BUY":
            cash -= ledger_product(price, quantity)
            positions[fill["symbol"]] = (held + quantity, (held * average + quantity * price) / (held + quantity))
        else:
            cash += ledger_product(price, quantity)
            realised += (price - average) * quantity
            positions[fill["symbol"]] = (held - quantity, average if held > quantity else Decimal(0))
    return cash, fees, {s: q for s, (q, _) in positions.items() if q != 0}, realised


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    require_binary()
    processes = tmp_path_factory.mktemp("processes")
    single = tmp_path_factory.mktemp("single")
    faulted = tmp_path_factory.mktemp("faulted")
    runs = {}
    for name, folder, run in (("processes", processes, arena_up), ("single", single, lambda f: arena_up(f, "--single-process")),
                              ("faulted", faulted, arena_up_with_kills)):
        env = run(folder)
        runs[name] = (env["ARENA_STORE__URL"], observe(folder, env))
    return runs


@pytest.fixture(scope="module")
def postgres_run(tmp_path_factory):
    """The run on PostgreSQL, on a cluster of its own (the `postgres` user must reach its folder)."""
    require_binary()
    folder = tmp_path_factory.mktemp("postgres")
    cluster_dir = tempfile.mkdtemp(prefix="arena-e2e-postgres-")
    os.chmod(cluster_dir, 0o755)
    cluster = dict(os.environ, ARENA_TEST_POSTGRES_DIR=cluster_dir)
    try:
        env = arena_up_restarting_postgres(folder, cluster)
        yield env["ARENA_STORE__URL"], observe(folder, env)
    finally:
        subprocess.run([str(POSTGRES), "destroy"], env=cluster, capture_output=True, timeout=120)
        shutil.rmtree(cluster_dir, ignore_errors=True)


def test_every_model_has_decisions_verdicts_orders_fills_and_a_nav(runs):
    _, seen = runs["processes"]
    for model in ROSTER:
        record = seen[model]
        assert len(record["decisions"]) == TICKS, f"{model}: one decision per tick"
        assert {v["decisionID"] for v in record["verdicts"]} == {d["decisionID"] for d in record["decisions"]}, model
        assert record["orders"], f"{model} placed no order"
        assert record["fills"], f"{model} has no fill"
        assert record["nav"] and record["account"] and Decimal(record["account"]["nav"]) > 0, model
    assert {row["symbol"] for row in seen[MARKET]["coverage"]} == {"BTCUSDT", "ETHUSDT"}
    assert all(row["bars"] > 0 for row in seen[MARKET]["coverage"])
    assert seen[MARKET]["baseline"] and seen[MARKET]["baseline"][0][1] == float(STARTING_CAPITAL)


def test_ledgers_are_the_fold_of_their_fills(runs):
    _, seen = runs["processes"]
    for model in ROSTER:
        account = seen[model]["account"]
        cash, fees, positions, realised = fold(seen[model]["fills"])
        assert Decimal(account["cash"]) == cash, model
        assert Decimal(account["fees"]) == fees, model
        assert {p["symbol"]: Decimal(p["quantity"]) for p in account["positions"]} == positions, model
        # The average entry price is rounded where it is divided; the realised PnL agrees to far below a cent.
        assert abs(Decimal(account["realizedPnL"]) - realised) < Decimal("1e-6"), (model, account["realizedPnL"], realised)


def test_the_audit_chain_verifies(runs, postgres_run):
    for name, (store, _) in dict(runs, postgres=postgres_run).items():
        result = subprocess.run([str(ARENA), "audit", "verify", "--store", store], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and "audit log OK" in result.stdout, (name, result.stdout[-2000:], result.stderr[-2000:])


def test_one_process_decides_and_fills_exactly_as_separate_processes(runs):
    assert_same_run(runs["single"][1], runs["processes"][1], "one process")


def test_the_backtest_decides_and_fills_as_the_services(runs, tmp_path):
    """``arena backtest --config`` on the run's configuration, compared up to the run's last round:
    the same decisions (but latency and worker), verdicts, order events and fills."""
    _, seen = runs["processes"]
    out = tmp_path / "backtest"
    result = subprocess.run([str(ARENA), "backtest", "--config", str(REPO / "config" / "arena.yaml"), "--output", str(out)],
                            cwd=REPO, env=environment(tmp_path, free_port()), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:] + result.stdout[-2000:]

    def records(kind):
        return [json.loads(line) for line in (out / "records" / f"{kind}.jsonl").read_text().splitlines()]

    decisions, verdicts, orders, fills = records("decisions"), records("verdicts"), records("orders"), records("fills")
    for model in ROSTER:
        theirs = seen[model]
        last = max(d["tick"] for d in theirs["decisions"])
        ours = sorted((d for d in decisions if d["modelID"] == model and d["tick"] <= last), key=lambda d: d["tick"])
        for d in ours:
            d.pop("latencyMilliseconds", None)
            d.pop("worker", None)
        assert ours == sorted(theirs["decisions"], key=lambda d: d["tick"]), f"{model}: decisions differ"
        assert len(ours) == TICKS
        ids = {d["decisionID"] for d in ours}
        key = lambda v: v["decisionID"]
        assert sorted((v for v in verdicts if v["decisionID"] in ids), key=key) == sorted(theirs["verdicts"], key=key), f"{model}: verdicts differ"
        by_time = lambda r: (r["time"], json.dumps(r, sort_keys=True))
        assert sorted((f for f in fills if f["modelID"] == model and f["time"] <= last), key=by_time) == sorted(theirs["fills"], key=by_time), \
            f"{model}: fills differ"
        assert sorted((o for o in orders if o["order"]["modelID"] == model and o["time"] <= last), key=by_time) == \
            sorted(theirs["orders"], key=by_time), f"{model}: order events differ"


def assert_same_run(seen, undisturbed, what):
    for model in ROSTER:
        for part in ("decisions", "verdicts", "orders", "fills", "account", "nav"):
            assert seen[model][part] == undisturbed[model][part], f"{model}: {part} differ ({what})"
    for part in ("coverage", "baseline"):
        assert seen[MARKET][part] == undisturbed[MARKET][part], f"the market's {part} differs ({what})"


def test_services_killed_in_turn_lose_nothing_and_end_with_the_same_ledgers(runs):
    assert_same_run(runs["faulted"][1], runs["processes"][1], "services killed in turn")


def test_a_postgresql_restart_loses_nothing_and_ends_with_the_same_ledgers(runs, postgres_run):
    assert_same_run(postgres_run[1], runs["processes"][1], "PostgreSQL restarted")
