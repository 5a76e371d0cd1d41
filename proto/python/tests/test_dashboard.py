"""The dashboard and the HTTP API of a running stack: ``arena up`` (every service as a process over
ZeroMQ) replays the bundled samples at 600x; then headless Chromium loads the dashboard (its DOM shows
the leaderboard rows and a NAV chart; a screenshot is saved as ``.build/dashboard.png``), a real
decision's audit replay is checked end to end, and schemathesis runs against the live API from its
OpenAPI document with no server error and no response that breaks the schema.

Skipped when the binary is missing, unless ``ARENA_REQUIRE_INTEROP=1`` (``make test``); Chromium and
schemathesis are required then too.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

ARENA = Path(os.environ.get("ARENA_BIN", REPO / ".build" / "debug" / "arena"))
REQUIRED = os.environ.get("ARENA_REQUIRE_INTEROP") == "1"
VIEWER = "viewer-token-0123456789"
ADMIN = "admin-token-abcdefghijkl"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, token=VIEWER, method="GET"):
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not ARENA.exists():
        if REQUIRED:
            pytest.fail(f"{ARENA} is missing; build it with `swift build`")
        pytest.skip(f"{ARENA} is missing")
    folder = tmp_path_factory.mktemp("stack")
    (folder / "viewer").write_text(VIEWER)
    (folder / "admin").write_text(ADMIN)
    port = free_port()
    # Every ARENA_* variable is a configuration override for `arena up`: only the stack's own go in
    # (make test sets ARENA_REQUIRE_INTEROP for this suite, which no configuration knows).
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
    env = dict(inherited,
               ARENA_STORE__URL=f"sqlite:{folder / 'arena.sqlite'}",
               ARENA_REPORTER__PORT=str(port),
               ARENA_REPORTER__VIEWER_TOKEN_FILE=str(folder / "viewer"),
               ARENA_REPORTER__ADMIN_TOKEN_FILE=str(folder / "admin"),
               ARENA_MARKET__REPLAY__SPEED="600",
               ARENA_LOGGING__LEVEL="notice")
    log = open(folder / "up.log", "w")
    process = subprocess.Popen([str(ARENA), "up", "--config", str(REPO / "config" / "arena.yaml")], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert process.poll() is None, f"arena up exited: {(folder / 'up.log').read_text()[-3000:]}"
            try:
                board = fetch(f"{base}/api/leaderboard")
                if board["sample"]["decisions"] > 0 and board["sample"]["trades"] > 0:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no trades within 240 s: {(folder / 'up.log').read_text()[-3000:]}"
            time.sleep(1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def chromium():
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        if REQUIRED:
            pytest.fail("chromium is missing (apt-get install chromium; `make deps` installs it)")
        pytest.skip("chromium is missing")
    return [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100"]


def test_the_dashboard_shows_the_leaderboard_and_nav_chart_in_a_browser(stack):
    url = f"{stack}/?token={VIEWER}"
    dom = subprocess.run(chromium() + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    rows = re.findall(r'<tr class="(model|baseline)" data-model="([^"]+)"', dom)
    models = {name for kind, name in rows if kind == "model"}
    baselines = {name for kind, name in rows if kind == "baseline"}
    board = fetch(f"{stack}/api/leaderboard")
    assert models == {r["id"] for r in board["rows"] if r["kind"] == "model"}
    assert "cash" in baselines and any(b.startswith("buy_and_hold:") for b in baselines), baselines
    lines = re.findall(r'<polyline class="series" data-name="([^"]+)" data-points="(\d+)"', dom)
    assert len(lines) >= len(models), "one NAV curve per model"
    assert all(int(points) >= 2 for _, points in lines)
    screenshot = REPO / ".build" / "dashboard.png"
    screenshot.parent.mkdir(exist_ok=True)
    subprocess.run(chromium() + [f"--screenshot={screenshot}", url], capture_output=True, timeout=120, check=True)
    assert screenshot.stat().st_size > 10_000


def test_a_real_decision_replays_with_its_snapshot_verdict_and_chain(stack):
    decisions = fetch(f"{stack}/api/decisions?limit=200")["items"]
    traded = [d for d in decisions if d["action"] in ("BUY", "SELL") and d["outcome"] == "DECIDED"]
    assert traded, "a BUY or SELL among the latest decisions"
    replay = fetch(f"{stack}/api/decisions/{urllib.request.quote(traded[0]['decisionID'])}")
    assert replay["decision"]["decisionID"] == traded[0]["decisionID"]
    assert replay["snapshot"]["found"] and replay["snapshot"]["intact"], replay["snapshot"]
    assert replay["snapshot"]["snapshot"]["tick"] is not None
    assert replay["verdict"]["decisionID"] == traded[0]["decisionID"]
    assert replay["chain"]["verified"], replay["chain"]
    page = subprocess.run(chromium() + ["--dump-dom", f"{stack}/decisions/{traded[0]['decisionID']}?token={VIEWER}"],
                          capture_output=True, text=True, timeout=120).stdout
    assert 'id="chain">verified' in page and 'id="snapshot-check">hash matches' in page


def test_the_live_api_keeps_its_openapi_contract(stack, tmp_path):
    schemathesis = shutil.which("schemathesis", path=str(Path(os.sys.executable).parent))
    if schemathesis is None:
        if REQUIRED:
            pytest.fail("schemathesis is missing from the venv")
        pytest.skip("schemathesis is missing")
    result = subprocess.run(
        [schemathesis, "run", f"{stack}/api/openapi.json", "-H", f"Authorization: Bearer {ADMIN}",
         "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
         "--max-examples", "30", "--request-timeout", "10", "--seed", "1"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its cache stays out of the repository
    assert result.returncode == 0, result.stdout[-5000:]
    assert "passed" in result.stdout
