#!/usr/bin/env bash
# Bytes per queued wire (started in a scope whose one concurrency slot is taken), one JVM per case.
#
#   cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
#   benchmarks/run-queued-memory.sh                 # N = 1,000,000
#   benchmarks/run-queued-memory.sh 200000          # another N
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-queued-memory.sh
#
# See dev.jwire.benchmarks.QueuedWireMemory for what each case does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
n="${1:-1000000}"
java="${JAVA:-java}"
opts="${JAVA_OPTS:--Xmx4g}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar: build it with: mvn -q -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi

for c in shared fresh; do
  # shellcheck disable=SC2086 # opts is a list of JVM flags
  "$java" $opts -cp "$jar" dev.jwire.benchmarks.QueuedWireMemory "$c" "$n"
done
