"""The local run, ``arena up``: ``--ticks N`` stops after N decision rounds with exit status 0 and
keeps the store; ``--scorers N`` starts N scorer processes that share the feature engine's jobs (the services
page's worker table and ``/api/services`` show each one's share and latency);
the dashboard's address is printed once every service is ready; Ctrl-C stops everything with
exit status 0.

Skipped when the binary is missing, unless ``ARENA_REQUIRE_INTEROP=1`` (``make test``).
"""

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from conftest import REPO
from test_dashboard import ARENA, REQUIRED, free_port


def environment(folder, speed):
    # Every ARENA_* variable is a configuration override: only the run's own go in.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
    return dict(inherited,
                ARENA_STORE__URL=f"sqlite:{folder / 'arena.sqlite'}",
                ARENA_REPORTER__PORT=str(free_port()),
                ARENA_MARKET__REPLAY__SPEED=str(speed),
                ARENA_LOGGING__LEVEL="notice",
                ARENA_LOGGING__FORMAT="json")


def require_binary():
    if not ARENA.exists():
        if REQUIRED:
            pytest.fail(f"{ARENA} is missing; build it with `swift build`")
        pytest.skip(f"{ARENA} is missing")


def started(log_text, executable):
    """How many times the supervisor started `executable`."""
    count = 0
    for line in log_text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        # The supervisor's own `service` field names it; the child is in `metadata.service`.
        if entry.get("message") == "service started" and entry.get("metadata.service") == executable:
            count += 1
    return count


def test_ticks_stops_after_n_rounds_with_exit_0_and_keeps_the_store(tmp_path):
    require_binary()
    result = subprocess.run([str(ARENA), "up", "--ticks", "5", "--config", str(REPO / "config" / "arena.yaml")], cwd=REPO,
                            env=environment(tmp_path, 0), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Alpha Arena is up:" in result.stdout and "Dashboard: http://127.0.0.1:" in result.stdout, result.stdout
    assert '"round":"5 of 5"' in result.stderr
    with sqlite3.connect(tmp_path / "arena.sqlite") as store:
        rounds = store.execute("SELECT COUNT(*) FROM features_rounds").fetchone()[0]
        decisions = store.execute("SELECT COUNT(*) FROM audit_log WHERE kind = 'decision'").fetchone()[0]
    assert rounds >= 5 and decisions > 0
    # The learned models of the default roster decide with the shipped files, named by their SHA-256 in every decision.
    for model, file in [("mlp_5m", "mlp-5m.json"), ("diffusion_5m", "diffusion-5m.json")]:
        shipped = hashlib.sha256((REPO / "config" / "models" / file).read_bytes()).hexdigest()
        with sqlite3.connect(tmp_path / "arena.sqlite") as store:
            learned = store.execute(
                "SELECT json_extract(body, '$.outcome'), json_extract(body, '$.modelFile.sha256'), json_extract(body, '$.rationale') "
                "FROM audit_log WHERE kind = 'decision' AND json_extract(body, '$.modelID') = ?", (model,)
            ).fetchall()
        assert len(learned) >= 5, model
        assert all(outcome == "DECIDED" and sha == shipped for outcome, sha, _ in learned), learned


def test_scorers_share_the_jobs_and_ctrl_c_stops_everything(tmp_path):
    require_binary()
    log = open(tmp_path / "up.log", "w")
    env = environment(tmp_path, 600)
    process = subprocess.Popen([str(ARENA), "up", "--scorers", "3", "--config", str(REPO / "config" / "arena.yaml")], cwd=REPO,
                               env=env, stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{env['ARENA_REPORTER__PORT']}"
    workers = []
    try:
        deadline = time.monotonic() + 300
        # The services page's worker table (and /api/services) shows the three scorers sharing the jobs.
        while len([w for w in workers if w["jobs"] > 0]) < 3:
            assert process.poll() is None, (tmp_path / "up.log").read_text()[-3000:]
            assert time.monotonic() < deadline, f"fewer than three workers after 300 s: {workers}"
            time.sleep(1)
            try:
                with urllib.request.urlopen(f"{base}/api/services", timeout=10) as response:
                    workers = json.loads(response.read())["workers"]
            except OSError:
                pass  # the reporter is not up yet
        assert abs(sum(w["share"] for w in workers) - 1) < 1e-9
        assert all(w["latencyP50Milliseconds"] is not None for w in workers)
        with urllib.request.urlopen(f"{base}/services", timeout=10) as response:
            page = response.read().decode()
        assert 'id="workers"' in page and all(w["worker"] in page for w in workers)
        with sqlite3.connect(f"file:{tmp_path / 'arena.sqlite'}?mode=ro", uri=True, timeout=5) as store:
            rows = store.execute("SELECT DISTINCT json_extract(body, '$.worker') FROM audit_log WHERE kind = 'decision'").fetchall()
        assert {w["worker"] for w in workers} <= {row[0] for row in rows if row[0]}
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    assert process.returncode == 0, (tmp_path / "up.log").read_text()[-3000:]
    assert "Alpha Arena is up:" in stdout
    text = (tmp_path / "up.log").read_text()
    assert started(text, "arena-scorer") == 3
    assert all(started(text, f"arena-{name}") == 1 for name in ("gateway", "features", "risk", "oms", "reporter", "alerter"))


def children_of(supervisor):
    """The live processes started by `supervisor` (their environment names it)."""
    marker = f"ARENA_PARENT_PID={supervisor}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if marker in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            pass
    return found


def test_services_stop_by_themselves_when_the_supervisor_is_killed(tmp_path):
    require_binary()
    log = open(tmp_path / "up.log", "w")
    process = subprocess.Popen([str(ARENA), "up", "--config", str(REPO / "config" / "arena.yaml")], cwd=REPO,
                               env=environment(tmp_path, 600), stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = process.stdout.readline()
        assert "Alpha Arena is up:" in line, (tmp_path / "up.log").read_text()[-3000:]
        assert len(children_of(process.pid)) == 7
        process.kill()  # SIGKILL: the supervisor cannot stop its children itself
        process.wait()
        deadline = time.monotonic() + 60
        while children_of(process.pid):
            assert time.monotonic() < deadline, f"orphans left: {children_of(process.pid)}"
            time.sleep(0.5)
    finally:
        for pid in children_of(process.pid):
            os.kill(pid, signal.SIGKILL)
        log.close()
