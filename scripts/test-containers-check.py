#!/usr/bin/env python3
"""The checks of scripts/test-containers.sh (`make test-containers`), on what the running
compose stack shows: the reporter's HTTP API on the published port, and the feature engine's
record of rounds and decisions read from PostgreSQL (tables ``features_rounds`` and
``features_decisions``). Standard library and PyYAML (python3-yaml, which podman-compose
depends on) only.

    test-containers-check.py stages COMPOSE_FILE           start order from depends_on, one stage a line
    test-containers-check.py models CONFIG                 the enabled models of the roster, one a line
    test-containers-check.py leaderboard URL CONFIG [-q]   every enabled model has a leaderboard row with a NAV
    test-containers-check.py decisions URL CONFIG ROUNDS DECISIONS --killed-at ROUND_ID
                                                           no decision lost: every closed round has one decision
                                                           per model, and the reporter serves each of them

ROUNDS and DECISIONS are `psql -At -F '|'` dumps of
``SELECT round_id, status, jobs, answered, timed_out FROM features_rounds`` and
``SELECT round_id, model_id, decision_id, outcome FROM features_decisions``.
Exit status 0 when the check passes, 1 when it fails (saying why), 2 on a usage or fetch error.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import urllib.error
import urllib.request

import yaml


def enabled_models(config_path: str) -> list[str]:
    with open(config_path) as f:
        config = yaml.safe_load(f)
    return [m["id"] for m in config.get("models") or [] if m.get("enabled", True) is not False]


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def stages(compose_path: str) -> int:
    """Services in start order: a stage starts once every service it depends on is healthy."""
    with open(compose_path) as f:
        services = yaml.safe_load(f)["services"]
    wanted = {name: spec for name, spec in services.items() if not spec.get("profiles")}

    def deps(spec) -> set[str]:
        found = spec.get("depends_on") or []
        return set(found.keys() if isinstance(found, dict) else found)

    done: set[str] = set()
    while len(done) < len(wanted):
        stage = sorted(name for name, spec in wanted.items() if name not in done and deps(spec) <= done)
        if not stage:
            print(f"a dependency cycle among {sorted(set(wanted) - done)}", file=sys.stderr)
            return 2
        print(" ".join(stage))
        done.update(stage)
    return 0


def leaderboard(url: str, config_path: str, quiet: bool) -> int:
    models = enabled_models(config_path)
    try:
        board = fetch(url)
    except (urllib.error.URLError, OSError, ValueError) as error:
        if not quiet:
            print(f"GET {url}: {error}")
        return 1
    rows = {row["id"]: row for row in board.get("rows", [])}
    missing = [m for m in models if m not in rows]
    without_nav = [m for m in models if m in rows and rows[m].get("nav") in (None, "")]
    if missing or without_nav:
        if not quiet:
            print(f"leaderboard: {len(rows)} rows; missing {missing}; without a NAV {without_nav}")
        return 1
    if not quiet:
        print(f"leaderboard: {len(models)} models of config/arena.yaml, each with a NAV "
              f"({board.get('note', '')})")
        for row in sorted(rows.values(), key=lambda r: r["id"]):
            print(f"  {row['id']:<28} {row.get('kind', ''):<13} nav={row.get('nav')} "
                  f"decisions={row.get('decisions')} timeouts={row.get('timeouts')}")
    return 0


def workers(url: str, expected: int, quiet: bool) -> int:
    """The services page's round latency table (`/api/services` `workers`): `expected` scorer workers
    sharing the jobs, each with its latency."""
    try:
        table = fetch(url).get("workers", [])
    except (urllib.error.URLError, OSError, ValueError) as error:
        if not quiet:
            print(f"GET {url}: {error}")
        return 1
    busy = [w for w in table if w.get("jobs", 0) > 0]
    shared = abs(sum(w.get("share", 0) for w in table) - 1) < 1e-9
    timed = all(w.get("latencyP50Milliseconds") is not None for w in busy)
    if not quiet:
        print(f"workers: {len(busy)} of {expected} answered jobs")
        for w in sorted(table, key=lambda w: w["worker"]):
            print(f"  {w['worker']:<24} jobs={w.get('jobs')} share={w.get('share'):.3f} "
                  f"p50={w.get('latencyP50Milliseconds')} ms p99={w.get('latencyP99Milliseconds')} ms")
    return 0 if len(busy) >= expected and shared and timed else 1


def reporter_decisions(url: str) -> list[dict]:
    """Every decision the reporter serves, following next_cursor (newest first)."""
    items, cursor = [], None
    while True:
        page = fetch(url + "?limit=500" + (f"&cursor={cursor}" if cursor else ""))
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def read_rows(path: str, width: int) -> list[list[str]]:
    with open(path) as f:
        rows = [line.rstrip("\n").split("|") for line in f if line.strip()]
    bad = [row for row in rows if len(row) != width]
    if bad:
        raise ValueError(f"{path}: expected {width} columns, got {bad[0]}")
    return rows


def decisions(url: str, config_path: str, rounds_path: str, decisions_path: str, killed_at: int) -> int:
    models = set(enabled_models(config_path))
    rounds = {int(r[0]): {"status": r[1], "jobs": int(r[2]), "answered": int(r[3]), "timed_out": int(r[4])}
              for r in read_rows(rounds_path, 5)}
    by_round: dict[int, dict[str, tuple[str, str]]] = collections.defaultdict(dict)
    for round_id, model, decision_id, outcome in read_rows(decisions_path, 4):
        by_round[int(round_id)][model] = (decision_id, outcome)
    closed = sorted(r for r, info in rounds.items() if info["status"] == "closed")
    after = [r for r in closed if r > killed_at]
    problems = []

    # 1. The feature engine's record: one decision per model in every closed round.
    for round_id in closed:
        got = set(by_round.get(round_id, {}))
        if got != models or rounds[round_id]["jobs"] != len(models):
            problems.append(f"round {round_id}: jobs={rounds[round_id]['jobs']}, "
                            f"missing {sorted(models - got)}, unexpected {sorted(got - models)}")
    outcomes = collections.Counter(o for r in closed for _, o in by_round.get(r, {}).values())
    outcomes_after = collections.Counter(o for r in after for _, o in by_round.get(r, {}).values())
    print(f"features store: {len(rounds)} rounds ({len(closed)} closed), "
          f"{sum(len(by_round.get(r, {})) for r in closed)} decisions in closed rounds; "
          f"outcomes {dict(sorted(outcomes.items()))}")
    print(f"  after the kill (rounds > {killed_at}): {len(after)} closed rounds; "
          f"outcomes {dict(sorted(outcomes_after.items()))}")
    if len(after) < 3:
        problems.append(f"only {len(after)} rounds closed after the kill")

    # 2. The reporter: it serves every one of those decisions, with the same outcome.
    try:
        served = {d["decisionID"]: d for d in reporter_decisions(url)}
    except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
        print(f"GET {url}: {error}")
        return 2
    lost = [(r, model, decision_id) for r in closed for model, (decision_id, _) in by_round.get(r, {}).items()
            if decision_id not in served]
    differ = [decision_id for r in closed for decision_id, outcome in by_round.get(r, {}).values()
              if decision_id in served and served[decision_id].get("outcome") != outcome]
    workers = collections.Counter(served[d].get("worker") or "-" for r in after
                                  for d, _ in by_round.get(r, {}).values() if d in served)
    print(f"reporter API: {len(served)} decisions served; of the closed rounds' "
          f"{sum(len(by_round.get(r, {})) for r in closed)}, {len(lost)} missing, {len(differ)} with another outcome")
    print(f"  answered after the kill, by worker: {dict(sorted(workers.items()))}")
    if lost:
        problems.append(f"{len(lost)} decisions not served by the reporter, e.g. {lost[:3]}")
    if differ:
        problems.append(f"{len(differ)} decisions with another outcome at the reporter, e.g. {differ[:3]}")

    for problem in problems[:20]:
        print(f"  LOST: {problem}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("stages")
    p.add_argument("compose")
    p = commands.add_parser("models")
    p.add_argument("config")
    p = commands.add_parser("leaderboard")
    p.add_argument("url")
    p.add_argument("config")
    p.add_argument("-q", "--quiet", action="store_true")
    p = commands.add_parser("workers")
    p.add_argument("url")
    p.add_argument("expected", type=int)
    p.add_argument("-q", "--quiet", action="store_true")
    p = commands.add_parser("decisions")
    p.add_argument("url")
    p.add_argument("config")
    p.add_argument("rounds")
    p.add_argument("decisions")
    p.add_argument("--killed-at", type=int, required=True)
    args = parser.parse_args()
    if args.command == "stages":
        return stages(args.compose)
    if args.command == "models":
        print("\n".join(enabled_models(args.config)))
        return 0
    if args.command == "leaderboard":
        return leaderboard(args.url, args.config, args.quiet)
    if args.command == "workers":
        return workers(args.url, args.expected, args.quiet)
    return decisions(args.url, args.config, args.rounds, args.decisions, args.killed_at)


if __name__ == "__main__":
    sys.exit(main())
