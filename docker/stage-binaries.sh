#!/usr/bin/env bash
# Copies the host's release executables into docker/bin/, where
# `docker/Dockerfile --build-arg BINARIES=local` takes them from (instead of
# compiling them in the swift:6.3-bookworm stage). Build them first, on
# Debian 12 like the runtime image:
#   for p in arena arena-gateway arena-features arena-scorer arena-risk arena-oms arena-reporter arena-alerter; do
#     swift build -c release --static-swift-stdlib --product "$p"
#   done
# Test support (arena-testkit) is never staged.
set -euo pipefail
cd "$(dirname "$0")/.."

products=(arena arena-gateway arena-features arena-scorer arena-risk arena-oms arena-reporter arena-alerter)
from=${1:-.build/release}
to=docker/bin

missing=()
for product in "${products[@]}"; do
  [[ -x "$from/$product" ]] || missing+=("$product")
done
if ((${#missing[@]})); then
  echo "not built in $from: ${missing[*]}" >&2
  echo "build each with: swift build -c release --static-swift-stdlib --product NAME" >&2
  exit 1
fi

# The runtime image has no Swift runtime: a binary that loads libswiftCore.so
# was built without --static-swift-stdlib and would not start there.
for product in "${products[@]}"; do
  if ldd "$from/$product" 2>/dev/null | grep -q 'libswift\|libFoundation'; then
    echo "$from/$product loads the Swift runtime dynamically; rebuild it with --static-swift-stdlib" >&2
    exit 1
  fi
done

mkdir -p "$to"
for product in "${products[@]}"; do
  install -m 0755 "$from/$product" "$to/$product"
done
echo "staged ${#products[@]} executables in $to"
