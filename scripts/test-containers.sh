#!/usr/bin/env bash
# `make test-containers` (issue #16): the compose stack run for real, with podman
# and podman-compose, on a machine that reaches no container registry. Not part
# of `make test`. Run as root on Debian 12 with podman, runc and debootstrap
# installed, and podman-compose 1.6.0 in .venv-podman (the make target installs
# them; docker/podman/requirements.txt says why not Debian's podman-compose).
# PODMAN_COMPOSE=PATH runs another podman-compose.
#
#   1. a Debian 12 base image, localhost/debian:bookworm-slim, made by
#      debootstrap from the apt source this machine uses and imported
#      (kept for the next run; TEST_REBUILD_BASE=1 makes it again);
#   2. the release executables built on this machine (--static-swift-stdlib,
#      under nice; TEST_SKIP_SWIFT_BUILD=1 takes .build/release as it is) and
#      staged in docker/bin/ (docker/stage-binaries.sh);
#   3. the images, by podman-compose build: docker/Dockerfile with
#      BINARIES=local and BASE_IMAGE=localhost/debian:bookworm-slim, and the
#      PostgreSQL stand-in of docker/podman/postgres.Dockerfile (Debian's 15);
#   4. the stack of compose.yaml + docker/podman/compose.podman.yaml, created by
#      `podman-compose up --no-start --scale scorer=3` (TEST_SCORERS; the replay
#      at TEST_REPLAY_SPEED × real time, 600 unless set) and started stage by
#      stage in depends_on order, each stage once the one before is healthy:
#      podman-compose skips `condition: service_healthy` with podman < 4.6, and
#      podman runs no periodic health check without systemd, so the script runs
#      each container's own check (`podman healthcheck run`);
#   5. checks: the leaderboard on the published port 127.0.0.1:8080 lists every
#      enabled model of config/arena.yaml with a NAV; the services page's round
#      latency table (/api/services `workers`) shows every scorer container
#      answering a share of the jobs, with its latency; then one scorer container
#      is frozen (SIGSTOP) for 2 s, so that it holds jobs, and killed (SIGKILL);
#      once more rounds have closed, every closed round
#      of the feature engine (features_rounds) has one decision per model
#      (features_decisions; a HOLD on timeout is a decision), and the reporter's
#      /api/decisions serves each of them with the same outcome;
#   6. the stack removed: its containers (podman-compose down knows one
#      container per service, not the scaled replicas, so the script removes
#      what is left by the project's label), volume and network. Nothing of the
#      run is left but the images (a cache for the next run) and the logs in
#      var/podman/logs/. TEST_KEEP=1 leaves the stack running instead.
#
#   scripts/test-containers.sh clean   removes the stack if one is left, the
#                                      images of the run (base, PostgreSQL,
#                                      services) and podman's dangling images
#                                      (the builds' layer cache)
#
# CONTAINERS_CONF points podman at docker/podman/containers.conf (runc, not
# crun, and ulimits within this machine's: see that file); /etc is not touched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

export CONTAINERS_CONF="$ROOT/docker/podman/containers.conf"
PROJECT=${TEST_CONTAINERS_PROJECT:-alpha-arena-test}
WORK=$ROOT/var/podman
LOGS=$WORK/logs
BASE_IMAGE=localhost/debian:bookworm-slim
DASHBOARD=http://127.0.0.1:8080
STAGE_TIMEOUT=${TEST_STAGE_TIMEOUT:-300}
ROUNDS_TIMEOUT=${TEST_ROUNDS_TIMEOUT:-900}
ROUNDS_AFTER_KILL=${TEST_ROUNDS_AFTER_KILL:-10}
SCORERS=${TEST_SCORERS:-3}
PODMAN_COMPOSE=${PODMAN_COMPOSE:-$ROOT/.venv-podman/bin/podman-compose}
PYTHON=$ROOT/.venv-podman/bin/python
[[ -x $PYTHON ]] || PYTHON=python3
PRODUCTS=(arena-gateway arena-features arena-scorer arena-risk arena-oms arena-reporter arena-alerter arena)
CHECK=("$PYTHON" "$ROOT/scripts/test-containers-check.py")
COMPOSE=("$PODMAN_COMPOSE" -p "$PROJECT" -f compose.yaml -f docker/podman/compose.podman.yaml)

# compose.yaml's own variables. No ARENA_ variable of this shell may reach a
# container (`-e NAME` without a value passes the caller's).
while read -r variable; do unset "$variable"; done < <(compgen -e | grep '^ARENA_' || true)
export IMAGE_BINARIES=local
export IMAGE_TAG=${IMAGE_TAG:-podman-test}
export POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
export TEST_REPLAY_SPEED=${TEST_REPLAY_SPEED:-600}

passed=0
failed=0
say() { printf '[%4ds] %s\n' "$SECONDS" "$*"; }
pass() { passed=$((passed + 1)); say "ok   $*"; }
fail() { failed=$((failed + 1)); say "FAIL $*"; }
die() { say "FAIL $*"; failed=$((failed + 1)); exit 1; }
compose() { "${COMPOSE[@]}" "$@" >>"$LOGS/compose.log" 2>&1; }

# The containers of one compose service, by podman-compose's labels.
containers_of() {
  podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" \
    --format '{{.Names}}' | sort
}
project_containers() { podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | sort; }
sql() { podman exec "$PG" psql --username=arena --dbname=arena --no-align --tuples-only --field-separator='|' --command="$1" </dev/null; }

remove_stack() {
  local left
  left=$(project_containers)
  # SIGTERM and arena.shutdown_grace_ms (compose's stop_grace_period is 15 s).
  [[ -z $left ]] || podman stop -t 15 $left >>"$LOGS/compose.log" 2>&1 || true
  compose down -v -t 15 || true
  # podman-compose down removes one container per service: the scaled scorers are left.
  left=$(project_containers)
  [[ -z $left ]] || podman rm -f --depend -t 1 $left >>"$LOGS/compose.log" 2>&1 || true
  podman volume rm -f "${PROJECT}_pgdata" >>"$LOGS/compose.log" 2>&1 || true
  podman network rm -f "${PROJECT}_default" >>"$LOGS/compose.log" 2>&1 || true
}

save_logs() {
  local name
  for name in $(project_containers); do
    podman logs "$name" >"$LOGS/$name.log" 2>&1 || true
  done
}

on_exit() {
  local status=$?
  trap - EXIT
  if [[ -n ${STACK_UP:-} ]]; then
    save_logs
    if ((status != 0 || failed > 0)); then
      say "containers at the failure:"
      podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '  {{.Names}}  {{.Status}}' || true
      for name in $(project_containers); do
        say "last lines of $name:"
        tail -n 8 "$LOGS/$name.log" | sed 's/^/    /' | cut -c1-300
      done
    fi
    if [[ ${TEST_KEEP:-0} == 1 ]]; then
      say "TEST_KEEP=1: the stack is left running (project $PROJECT; ${COMPOSE[*]} down -v removes it)"
    else
      say "taking the stack down"
      remove_stack
      [[ -z $(project_containers) ]] && say "removed: containers, volume ${PROJECT}_pgdata, network ${PROJECT}_default"
    fi
  fi
  unstage
  say "logs in ${LOGS#"$ROOT"/}/"
  ((status == 0 && failed == 0)) || status=1
  echo "test-containers: $passed passed, $failed failed"
  exit "$status"
}

unstage() { rm -f "${PRODUCTS[@]/#/$ROOT/docker/bin/}"; }

if [[ ${1:-} == clean ]]; then
  mkdir -p "$LOGS"
  remove_stack
  unstage
  podman rmi -f $(podman images --filter "reference=localhost/alpha-arena/*" --format '{{.Repository}}:{{.Tag}}') \
    "$BASE_IMAGE" >/dev/null 2>&1 || true
  podman image prune -f >/dev/null
  rm -rf "$WORK"
  echo "removed the stack of project $PROJECT, the alpha-arena images, $BASE_IMAGE, dangling images and ${WORK#"$ROOT"/}/"
  exit 0
fi

mkdir -p "$LOGS"
rm -f "$LOGS"/*.log "$LOGS"/*.psv
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in podman runc debootstrap swift python3 curl "$PODMAN_COMPOSE"; do
  command -v "$tool" >/dev/null || die "$tool is missing (make test-containers installs podman, runc, debootstrap and .venv-podman)"
done
say "podman $(podman version --format '{{.Client.Version}}'), podman-compose $("$PODMAN_COMPOSE" version 2>/dev/null | awk '/podman-compose version/ {print $NF; exit}'), runtime $(podman info --format '{{.Host.OCIRuntime.Name}}'), project $PROJECT"

say "removing what an earlier run of project $PROJECT left, if anything"
remove_stack

# ------------------------------------------------------------------ 1. base image
if [[ ${TEST_REBUILD_BASE:-0} == 1 ]] || ! podman image exists "$BASE_IMAGE"; then
  # The Debian suites this machine's apt uses (deb822 sources for the image, like the official one).
  mapfile -t suites < <(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT) $(ORIGIN)' 'Created-By: Packages' \
    | awk '$4 == "Debian" && $2 ~ /^bookworm(-updates|-security)?$/ {print $1, $2, $3}' | sort -u)
  mirror=$(printf '%s\n' "${suites[@]}" | awk '$2 == "bookworm" {print $1; exit}')
  [[ -n $mirror ]] || die "no Debian bookworm source in this machine's apt lists (run apt-get update)"
  rootfs=$WORK/rootfs
  rm -rf "$rootfs"
  say "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$LOGS/debootstrap.log" 2>&1 \
    || { tail -n 20 "$LOGS/debootstrap.log"; die "debootstrap failed"; }
  rm -f "$rootfs/etc/apt/sources.list"
  for suite in "${suites[@]}"; do
    read -r uri release component <<<"$suite"
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: %s\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' \
      "$uri" "$release" "$component"
  done >"$rootfs/etc/apt/sources.list.d/debian.sources"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  tar --numeric-owner -C "$rootfs" -c . | podman import --change 'CMD ["bash"]' - "$BASE_IMAGE" >>"$LOGS/debootstrap.log" 2>&1 \
    || die "podman import failed"
  rm -rf "$rootfs"
  say "imported $BASE_IMAGE ($(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | numfmt --to=si)B)"
else
  say "base image $BASE_IMAGE present (TEST_REBUILD_BASE=1 makes it again)"
fi

# ------------------------------------------------------------------ 2. executables
if [[ ${TEST_SKIP_SWIFT_BUILD:-0} != 1 ]]; then
  say "swift build -c release --static-swift-stdlib: ${PRODUCTS[*]}"
  for product in "${PRODUCTS[@]}"; do
    nice -n 10 swift build -c release --static-swift-stdlib --product "$product" >>"$LOGS/swift-build.log" 2>&1 \
      || { tail -n 30 "$LOGS/swift-build.log"; die "swift build --product $product failed"; }
  done
fi
staged=$(docker/stage-binaries.sh 2>&1) || { echo "$staged"; die "docker/stage-binaries.sh failed"; }
say "$staged"

# ------------------------------------------------------------------ 3. images
say "podman-compose build (BINARIES=local, BASE_IMAGE=$BASE_IMAGE)"
compose build --build-arg "BASE_IMAGE=$BASE_IMAGE" || { tail -n 30 "$LOGS/compose.log"; die "podman-compose build failed"; }
podman images --filter "reference=alpha-arena/*:$IMAGE_TAG" --format '       {{.Repository}}:{{.Tag}}  {{.Size}}'
podman images --filter "reference=alpha-arena/postgres" --format '       {{.Repository}}:{{.Tag}}  {{.Size}}'

# ------------------------------------------------------------------ 4. the stack
say "podman-compose up --no-start --scale scorer=$SCORERS (network ${PROJECT}_default, volume ${PROJECT}_pgdata)"
STACK_UP=1
compose up --no-start --no-build --scale "scorer=$SCORERS" || { tail -n 30 "$LOGS/compose.log"; die "podman-compose up --no-start failed"; }
PG=$(containers_of postgres)

wait_healthy() {
  local start=$SECONDS name state
  local -a waiting=("$@")
  while ((${#waiting[@]})); do
    local -a still=()
    for name in "${waiting[@]}"; do
      state=$(podman inspect --format '{{.State.Status}}' "$name")
      [[ $state == running ]] || die "$name is $state before it was healthy"
      if podman healthcheck run "$name" </dev/null >/dev/null 2>&1; then
        say "  $name healthy ($((SECONDS - start)) s)"
      else
        still+=("$name")
      fi
    done
    waiting=("${still[@]+"${still[@]}"}")
    if ((${#waiting[@]})); then
      ((SECONDS - start < STAGE_TIMEOUT)) || die "not healthy within ${STAGE_TIMEOUT} s: ${waiting[*]}"
      sleep 2
    fi
  done
}

# Read first: podman start and podman healthcheck read standard input.
mapfile -t stages < <("${CHECK[@]}" stages compose.yaml)
((${#stages[@]})) || die "no start order from compose.yaml"
for stage in "${stages[@]}"; do
  names=()
  for service in $stage; do names+=($(containers_of "$service")); done
  say "starting ${names[*]}"
  podman start "${names[@]}" </dev/null >>"$LOGS/compose.log" 2>&1 || die "podman start ${names[*]} failed"
  wait_healthy "${names[@]}"
done
pass "every container healthy: $(project_containers | wc -l) containers of $("${CHECK[@]}" stages compose.yaml | wc -w) services ($(containers_of scorer | wc -l) scorers)"

# ------------------------------------------------------------------ 5. checks
closed_rounds() { sql "SELECT count(*) FROM features_rounds WHERE status = 'closed'" 2>/dev/null || echo 0; }
say "waiting for decision rounds and a NAV for every model at $DASHBOARD/api/leaderboard (replay at ${TEST_REPLAY_SPEED}x)"
start=$SECONDS
last=0
until "${CHECK[@]}" leaderboard "$DASHBOARD/api/leaderboard" config/arena.yaml --quiet && (($(closed_rounds) >= 3)); do
  if ((SECONDS - start >= ROUNDS_TIMEOUT)); then
    "${CHECK[@]}" leaderboard "$DASHBOARD/api/leaderboard" config/arena.yaml || true
    die "no leaderboard with every model within ${ROUNDS_TIMEOUT} s ($(closed_rounds) rounds closed)"
  fi
  if ((SECONDS - last >= 30)); then
    say "  $(closed_rounds) rounds closed so far"
    last=$SECONDS
  fi
  sleep 3
done
if "${CHECK[@]}" leaderboard "$DASHBOARD/api/leaderboard" config/arena.yaml; then
  pass "leaderboard over 127.0.0.1:8080 lists every enabled model with a NAV"
else
  fail "leaderboard"
fi

mapfile -t scorers < <(containers_of scorer)
# The services page's round latency table: every scorer container answers a share of the jobs.
start=$SECONDS
until "${CHECK[@]}" workers "$DASHBOARD/api/services" "${#scorers[@]}" --quiet; do
  if ((SECONDS - start >= ROUNDS_TIMEOUT)); then
    "${CHECK[@]}" workers "$DASHBOARD/api/services" "${#scorers[@]}" || true
    die "fewer than ${#scorers[@]} scorer workers with jobs within ${ROUNDS_TIMEOUT} s"
  fi
  sleep 3
done
"${CHECK[@]}" workers "$DASHBOARD/api/services" "${#scorers[@]}" | tee -a "$LOGS/workers.txt"
pass "the round latency table shows the ${#scorers[@]} scorers sharing the jobs"

victim=${scorers[$((${#scorers[@]} / 2))]}
killed_at=$(sql "SELECT coalesce(max(round_id), 0) FROM features_rounds")
# Jobs take the scorers a millisecond or two: a SIGKILL at a random moment
# mostly finds the victim idle. Frozen first (SIGSTOP) for two seconds, it is
# sent the jobs of the rounds in between and dies holding them: the feature
# engine must then re-dispatch them, or record HOLD (timeout) at the deadline.
killed_since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
say "freezing $victim (SIGSTOP) in round $killed_at ($(closed_rounds) rounds closed), then SIGKILL 2 s later"
podman kill --signal STOP "$victim" >>"$LOGS/compose.log" 2>&1 || die "podman kill --signal STOP $victim failed"
sleep 2
podman kill --signal KILL "$victim" >>"$LOGS/compose.log" 2>&1 || die "podman kill --signal KILL $victim failed"

start=$SECONDS
until (($(sql "SELECT count(*) FROM features_rounds WHERE status = 'closed' AND round_id > $killed_at" || echo 0) >= ROUNDS_AFTER_KILL)); do
  ((SECONDS - start < ROUNDS_TIMEOUT)) || die "fewer than $ROUNDS_AFTER_KILL rounds closed within ${ROUNDS_TIMEOUT} s of the kill"
  sleep 2
done
# The store first, then the reporter a few seconds later, so that it has heard
# every decision of the rounds the dump shows closed.
sql "SELECT round_id, status, jobs, answered, timed_out FROM features_rounds" >"$LOGS/rounds.psv"
sql "SELECT round_id, model_id, decision_id, outcome FROM features_decisions" >"$LOGS/decisions.psv"
sleep 5
say "$victim after the kill: $(podman inspect --format '{{.State.Status}}, exit code {{.State.ExitCode}}, restarts {{.RestartCount}}' "$victim")"
say "the feature engine's dispatcher since then:"
podman logs --since "$killed_since" "$(containers_of features)" 2>&1 </dev/null | grep -o '"message":"worker [^"]*"' | sed 's/^"message":/    /' || true
if "${CHECK[@]}" decisions "$DASHBOARD/api/decisions" config/arena.yaml "$LOGS/rounds.psv" "$LOGS/decisions.psv" --killed-at "$killed_at"; then
  pass "no decision lost: every closed round has a decision for every model, each served by the reporter"
else
  fail "decisions lost (above)"
fi
healthy=0
for name in "${scorers[@]}"; do
  [[ $name == "$victim" ]] && continue
  podman healthcheck run "$name" >/dev/null 2>&1 && healthy=$((healthy + 1))
done
if ((healthy == ${#scorers[@]} - 1)); then
  pass "the other $healthy scorers stayed healthy"
else
  fail "only $healthy of the other scorers are healthy"
fi
