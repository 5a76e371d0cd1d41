#!/usr/bin/env bash
# Builds the wire-decoder fuzzer with libFuzzer + AddressSanitizer and runs it.
# A SwiftPM executable cannot host LLVMFuzzerTestOneInput (it expects <module>_main),
# so the modules are compiled here with swiftc directly.
#   fuzz/run.sh [seconds]      default 60
# Crashes land in fuzz/out/; copy each into Tests/ArenaWireTests/Regressions/
# as NAME.bin, fix the decoder, and add the typed error it must now give to
# MalformedInputTests.regressions (the test fails for a file without one).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=fuzz/out
mkdir -p "$out" fuzz/corpus-run
# -package-name: ArenaWire uses ArenaCore's `package` declarations, as in the SwiftPM build.
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -package-name AlphaArena)
swiftc "${flags[@]}" -wmo -emit-module -emit-library -static -module-name ArenaCore \
  -emit-module-path "$out/ArenaCore.swiftmodule" -o "$out/libArenaCore.a" $(find Sources/Platform/ArenaCore -name '*.swift')
# Hashing/ needs swift-crypto, which this direct build does not have; the decoders do not use it.
swiftc "${flags[@]}" -wmo -emit-module -emit-library -static -module-name ArenaWire -I "$out" \
  -emit-module-path "$out/ArenaWire.swiftmodule" -o "$out/libArenaWire.a" \
  $(find Sources/Platform/ArenaWire -name '*.swift' -not -path '*/Hashing/*')
swiftc "${flags[@]}" -I "$out" fuzz/WireDecoderFuzz.swift "$out/libArenaWire.a" "$out/libArenaCore.a" -o "$out/wire-fuzzer"
# Seed with the golden vectors and the regressions.
cp proto/golden/* fuzz/corpus-run/ 2>/dev/null || true
cp Tests/ArenaWireTests/Regressions/*.bin fuzz/corpus-run/ 2>/dev/null || true
"$out/wire-fuzzer" -max_total_time="$seconds" -max_len=4096 -artifact_prefix="$out/" -print_final_stats=1 fuzz/corpus-run
