#!/usr/bin/env bash
# ZabCheck's one entry point. Every verb first installs what a fresh Debian machine lacks.
#   ./run.sh build   configure and build into build/ (binaries in build/bin/)
#   ./run.sh demo    build, then model-check the default 3-server configuration
#   ./run.sh test    build, then run every test, then the unit, scenario and property tests again
#                    with clang under AddressSanitizer and UndefinedBehaviorSanitizer, and fuzz
#                    every decoder with libFuzzer for FUZZ_SECONDS (10) each (what CI runs;
#                    SANITIZE=0 skips the second pass)
#   ./run.sh fuzz    build the libFuzzer targets, then fuzz them (scripts/fuzz.py --help)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  cmake ninja-build g++ pkg-config python3
  libgtest-dev librapidcheck-dev libz3-dev libboost-graph-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libxxhash-dev libssl-dev zlib1g-dev
  libasio-dev libzookeeper-mt-dev libedit-dev
)
# The cluster tests, the benchmark (label e2e, bench/cluster_bench.py) and the data-directory
# compatibility tests run real ZooKeeper clients and Apache ZooKeeper 3.8 itself (server, zkCli.sh
# and its log and snapshot readers; pulls a JRE). The SLF4J binding
# (libslf4j-java: slf4j-log4j12.jar) and log4j 1.2 (liblog4j1.2-java) are what make the server
# log at all (research/wire.md 6.3); kazoo is importable from /usr/bin/python3 only.
CLUSTER_PACKAGES=(
  zookeeper libzookeeper-java libslf4j-java liblog4j1.2-java python3-kazoo
  openjdk-17-jdk-headless  # javac, for tests/cluster/TruncateProbe.java
)
# The browser test of the HTML report (label e2e) needs a real headless browser.
BROWSER_PACKAGES=(chromium)
# The sanitizer pass and the fuzz targets: clang 16 (clang 14's libstdc++ 12 lacks
# std::source_location) with its libFuzzer and sanitizer runtimes.
SANITIZER_PACKAGES=(clang-16 libclang-rt-16-dev)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  echo "run.sh: installing: $missing" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # shellcheck disable=SC2086
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

build() {
  install_packages "${PACKAGES[@]}"
  local jobs
  jobs=$(nproc)
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
  cmake --build build -j "$jobs"
}

# A second build tree, clang with ASan and UBSan and every library instrumented for libFuzzer:
# memory errors and undefined behaviour fail the test that hits them, and tests/fuzz's targets
# fuzz (label fuzz) instead of replaying their corpus.
configure_sanitized() {
  install_packages "${SANITIZER_PACKAGES[@]}"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-16 -DZABCHECK_LIBFUZZER=ON \
    -DZABCHECK_FUZZ_SECONDS="${FUZZ_SECONDS:-10}" >/dev/null
}

sanitized_tests() {
  configure_sanitized
  cmake --build build-asan -j "$(nproc)" --target fast-tests
  (cd build-asan && ctest --output-on-failure -j "$(nproc)" -L 'unit|scenario|property|fuzz')
}

# Runs a phase and says how long it took, so a CI log shows where the time goes.
timed() {
  local phase=$1 start=$SECONDS
  shift
  "$@"
  echo "run.sh: $phase took $((SECONDS - start)) s" >&2
}

case "${1:-}" in
  build)
    build
    ;;
  demo)
    build
    exec scripts/demo.sh
    ;;
  test)
    install_packages "${BROWSER_PACKAGES[@]}" || echo "run.sh: chromium unavailable; e2e browser test will fail" >&2
    install_packages "${CLUSTER_PACKAGES[@]}" || echo "run.sh: ZooKeeper packages unavailable; e2e cluster tests will fail" >&2
    timed build build
    (cd build && timed tests ctest --output-on-failure -j "$(nproc)" "${@:2}")
    if [ "${SANITIZE:-1}" != 0 ]; then
      timed "the sanitizer pass" sanitized_tests
    fi
    ;;
  fuzz)
    configure_sanitized
    cmake --build build-asan -j "$(nproc)" --target fuzz-targets
    exec python3 scripts/fuzz.py --build build-asan "${@:2}"
    ;;
  *)
    echo "usage: ./run.sh build|demo|test [ctest args]|fuzz [fuzz.py options]" >&2
    exit 2
    ;;
esac
