#!/usr/bin/env bash
# test-all: the one test command behind `make test`. Builds and runs every test three ways — plain, under
# AddressSanitizer+UndefinedBehaviorSanitizer, and the libFuzzer targets for a bounded time — then prints one
# closing line "N passed, N failed" over all of them. Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
passed=0
failed=0
log_dir=$(mktemp -d)

count_ctest() { # $1: ctest log
  local line total failures
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -n 1)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  failures=$(sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.*failed out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + total - failures))
  failed=$((failed + failures))
}

run_stage() { # $1: name, $2: build dir, $3…: cmake options
  local name=$1 dir=$2
  shift 2
  echo "=== $name ==="
  if ! cmake -S . -B "$dir" "$@" >"$log_dir/$name.cmake" 2>&1 || ! cmake --build "$dir" -j "$JOBS" >"$log_dir/$name.build" 2>&1; then
    cat "$log_dir/$name.cmake" "$log_dir/$name.build" | tail -n 60
    echo "$name: 构建失败"
    failed=$((failed + 1))
    return
  fi
  (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 900) 2>&1 | tee "$log_dir/$name.ctest"
  count_ctest "$log_dir/$name.ctest"
}

run_stage plain build -DCMAKE_BUILD_TYPE=RelWithDebInfo
CC=clang run_stage sanitizers build-san -DCMAKE_BUILD_TYPE=Debug -DGONGKAI_SANITIZE=ON

echo "=== fuzz (${FUZZ_SECONDS}s per target) ==="
if CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGONGKAI_FUZZ=ON -DGONGKAI_SANITIZE=ON >"$log_dir/fuzz.cmake" 2>&1 &&
   cmake --build build-fuzz -j "$JOBS" >"$log_dir/fuzz.build" 2>&1; then
  FUZZ_SECONDS=$FUZZ_SECONDS bash scripts/run-fuzzers.sh build-fuzz 2>&1 | tee "$log_dir/fuzz.run"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log_dir/fuzz.run" | tail -n 1)
  if [ -n "$line" ]; then
    passed=$((passed + $(cut -d' ' -f1 <<<"$line")))
    failed=$((failed + $(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")))
  else
    failed=$((failed + 1))
  fi
else
  tail -n 60 "$log_dir/fuzz.build"
  echo "fuzz: 构建失败"
  failed=$((failed + 1))
fi

rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
