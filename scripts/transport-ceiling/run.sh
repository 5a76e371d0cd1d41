#!/usr/bin/env bash
# What one producer → one consumer can reach on this machine, whole-module
# optimised and fully specialised: the transport's batch-swapping buffer
# against a lock-free ring. See BENCHMARKS.md (service kit).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The repository's buffer, as a file of the program (its access levels dropped).
sed 's/^public //; s/    public /    /; s/        public /        /' \
    "$root/Sources/Platform/ArenaBus/Support/BoundedStream.swift" > "$out/BoundedStream.swift"
swiftc -O -wmo -parse-as-library "$here/Shared.swift" "$here/ArrayBatches.swift" "$out/BoundedStream.swift" -o "$out/array-batches"
swiftc -O -wmo -parse-as-library "$here/Shared.swift" "$here/Ring.swift" -o "$out/ring"
"$out/array-batches"
"$out/ring"
