#!/usr/bin/env bash
# Timer load: W wires (default 100,000) each sleeping a jittered 9-11 ms and looping; fires/s and
# lateness p50/p99/max per case, one JVM per case. See dev.jwire.benchmarks.TimerLoad.
#
#   cd jwire && mvn -q -pl benchmarks -am package -DskipTests   # from the repository root
#   benchmarks/run-timers.sh                         # every case: W = 100000, 10 s window, 5 s warm-up
#   benchmarks/run-timers.sh jwire jwire-2           # some cases
#   WIRES=10000 WINDOW=5 WARMUP=2 benchmarks/run-timers.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-timers.sh
#   JAVA_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseParallelGC" benchmarks/run-timers.sh   # the throughput collector
#
# Every case runs with the same JVM options, by default the JVM's default collector (G1) on a
# fixed, pre-touched 2 GiB heap: without -XX:+AlwaysPreTouch a short run spends a sixth of its
# time in the kernel zeroing heap pages that G1's large eden touches for the first time, which a
# long-running program does once.
#
# The load average is printed before each case: the numbers mean little on a machine that is
# busy with something else.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
opts="${JAVA_OPTS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}"
wires="${WIRES:-100000}"
seconds="${WINDOW:-10}"
warmup="${WARMUP:-5}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar: build it with: mvn -q -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi

cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
  cases=(jwire jwire-2 jwire-lambda jwire-lambda-2 reactor stpe stpe-1 ref-heap ref-heap4 ref-wheel)
fi

for c in "${cases[@]}"; do
  echo "# load average before $c: $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086 # opts is a list of JVM flags
  "$java" $opts -cp "$jar" dev.jwire.benchmarks.TimerLoad "$c" "$wires" "$seconds" "$warmup"
done
