#!/usr/bin/env bash
# Echo benchmark: each server (jwire, a hand-written Selector loop, Netty) in its own JVM pinned to
# core 0, the load client (EchoLoad: N connections, 64-byte request, wait for the echo) pinned to
# core 1, N = 100 and 1000. Prints requests/s and latency p50/p99/p99.9 per case.
#
#   cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
#   benchmarks/run-echo.sh                       # all servers, N = 100 and 1000, 10 s + 3 s warm-up
#   SERVERS="jwire netty" CONNS="100" SECONDS=5 benchmarks/run-echo.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-echo.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
servers="${SERVERS:-selector netty jwire}"
conns="${CONNS:-100 1000}"
seconds="${SECONDS_MEASURED:-${SECONDS_RUN:-10}}"
warmup="${WARMUP:-3}"
port="${PORT:-17007}"
server_cpu="${SERVER_CPU:-0}"
client_cpu="${CLIENT_CPU:-1}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar: build it with: mvn -q -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
pin() { if command -v taskset >/dev/null; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }

for n in $conns; do
  for s in $servers; do
    log="$(mktemp)"
    pin "$server_cpu" "$java" -Xms512m -Xmx512m -cp "$jar" dev.jwire.benchmarks.EchoServers "$s" "$port" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q listening "$log" && break; sleep 0.1; done
    echo "# load average before $s N=$n: $(cut -d' ' -f1-3 /proc/loadavg)"
    pin "$client_cpu" "$java" -Xms512m -Xmx512m -cp "$jar" dev.jwire.benchmarks.EchoLoad "$port" "$n" "$seconds" "$warmup" "$s" || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
  done
done
