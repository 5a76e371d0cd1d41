"""Talks to a real Swift process: ``arena up --config FILE`` (the supervisor node).

Contract: the supervisor publishes ``Heartbeat`` on topic ``hb.supervisor``
from ``services.supervisor.pub`` every ``bus.heartbeat_interval_ms``, answers
``ControlRequest {command: STATUS}`` on ``services.supervisor.rep`` with a
``ServiceStatus``, uses ``bus.codec`` for both, and exits 0 on SIGTERM.

Skipped when the binary (``$ARENA_BIN``, default ``.build/debug/arena``) is
missing or has no ``up`` command; set ``ARENA_REQUIRE_INTEROP=1`` to fail instead.
"""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from arena_wire import BINARY, JSON
from arena_wire.client import Requester, Subscriber
from arena_wire.errors import BusTimeoutError
from conftest import REPO

ARENA = Path(os.environ.get("ARENA_BIN", REPO / ".build" / "debug" / "arena"))
STARTUP_TIMEOUT = 30.0   # a debug build on a loaded 2-core machine starts slowly
EXIT_TIMEOUT = 10.0


def arena_up_problem():
    """Why ``arena up`` cannot be run here, or None."""
    if not ARENA.is_file():
        return f"{ARENA} does not exist (swift build --product arena)"
    try:
        help_run = subprocess.run([str(ARENA), "up", "--help"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{ARENA} up --help failed: {e}"
    if help_run.returncode != 0 or b"--config" not in help_run.stdout + help_run.stderr:
        return f"{ARENA} has no 'up --config' command yet"
    return None


@pytest.fixture(scope="module")
def arena_bin():
    problem = arena_up_problem()
    if problem:
        if os.environ.get("ARENA_REQUIRE_INTEROP"):
            pytest.fail(problem)
        pytest.skip(problem)
    return ARENA


def free_ports(n):
    """``n`` distinct free tcp ports on 127.0.0.1 (held open together so they differ)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def write_config(directory: Path) -> Path:
    """config/arena.yaml, with a supervisor section added if it has none (ports come from the environment) and
    the learned models' files at their absolute paths."""
    text = (REPO / "config" / "arena.yaml").read_text(encoding="utf-8")
    if not re.search(r"^  supervisor:", text, re.M):
        section = "  supervisor:\n    pub: tcp://127.0.0.1:7100\n    rep: tcp://127.0.0.1:7200\n    http_port: 9100\n"
        text = re.sub(r"^services:\n", "services:\n" + section, text, count=1, flags=re.M)
    # The run's working directory is the test's (its store lands there): learned models' files, which the
    # roster check reads at start, are named by absolute paths.
    text = text.replace("file: config/models/", f"file: {REPO / 'config' / 'models'}/")
    path = directory / "arena.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class ArenaProcess:
    """``arena up`` as a child process, its output in a log file; always killed on exit."""

    def __init__(self, binary: Path, directory: Path, codec: str):
        pub, rep, http = free_ports(3)
        self.pub, self.rep = f"tcp://127.0.0.1:{pub}", f"tcp://127.0.0.1:{rep}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_") and k != "TRADING_ENABLED"}
        env.update({
            "ARENA_SERVICES__SUPERVISOR__PUB": self.pub,
            "ARENA_SERVICES__SUPERVISOR__REP": self.rep,
            "ARENA_SERVICES__SUPERVISOR__HTTP_PORT": str(http),
            "ARENA_BUS__HEARTBEAT_INTERVAL_MS": "100",
            "ARENA_BUS__CODEC": codec,
        })
        self.log_path = directory / "arena.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(binary), "up", "--config", str(write_config(directory))],
            cwd=directory, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n--- arena log ---\n" + "\n".join(text[-lines:])

    def check_running(self) -> None:
        if self.proc.poll() is not None:
            pytest.fail(f"arena up exited early with {self.proc.returncode}" + self.log_tail())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()


def receive_heartbeats(arena: ArenaProcess, sub: Subscriber, count: int, timeout: float) -> list:
    deadline = time.monotonic() + timeout
    beats = []
    while len(beats) < count:
        arena.check_running()
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"{len(beats)} of {count} heartbeats within {timeout} s" + arena.log_tail())
        try:
            beats.append(sub.receive(timeout=min(0.5, left)))
        except BusTimeoutError:
            pass
    return beats


@pytest.mark.parametrize("codec_name, codec_id", [("binary", BINARY), ("json", JSON)])
def test_supervisor_heartbeats_status_and_sigterm(arena_bin, tmp_path, codec_name, codec_id):
    with ArenaProcess(arena_bin, tmp_path, codec_name) as arena:
        with Subscriber(arena.pub, ["hb.supervisor"]) as sub:
            first, second = receive_heartbeats(arena, sub, 2, STARTUP_TIMEOUT)
            # 1 s of heartbeats at 100 ms: fast enough and still from the same publisher
            later = receive_heartbeats(arena, sub, 5, 5.0)
        for beat in (first, second, *later):
            assert (beat.topic, beat.name) == ("hb.supervisor", "Heartbeat")
            assert beat.envelope.codec == codec_id
            assert beat.body["service"] == "supervisor"
            assert beat.body["intervalMilliseconds"] == 100
            assert beat.metadata["id"]["instance"] == first.metadata["id"]["instance"]
        sequences = [b.metadata["id"]["sequence"] for b in (first, second, *later)]
        assert sequences == sorted(set(sequences)), sequences
        assert second.body["sentAt"] >= first.body["sentAt"]

        with Requester(arena.rep, codec=codec_id, timeout=3.0, retries=2) as req:
            deadline = time.monotonic() + 10
            while True:
                reply = req.request("ControlRequest", {"command": "STATUS"}, trace="py-interop")
                if reply.body["state"] == "READY" or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            assert reply.name == "ServiceStatus"
            assert reply.envelope.codec == codec_id
            assert reply.metadata["correlation"] == req.last_request_id
            assert reply.metadata["trace"] == "py-interop"
            assert reply.body["service"] == "supervisor"
            assert reply.body["state"] == "READY", reply.body
            assert reply.body["now"] >= reply.body["startedAt"]

        arena.proc.send_signal(signal.SIGTERM)
        try:
            code = arena.proc.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"arena up still running {EXIT_TIMEOUT} s after SIGTERM" + arena.log_tail())
        assert code == 0, f"arena up exited with {code} after SIGTERM" + arena.log_tail()
