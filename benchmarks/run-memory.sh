#!/usr/bin/env bash
# Bytes per idle task (a task suspended in a 10-minute sleep), one JVM per case.
#
#   cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
#   benchmarks/run-memory.sh                 # N = 1,000,000
#   benchmarks/run-memory.sh 200000          # another N
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-memory.sh
#   JAVA_OPTS="-Xmx4g -XX:+UseParallelGC" benchmarks/run-memory.sh
#
# See dev.jwire.benchmarks.IdleTaskMemory for what each case does.
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

for c in jwire jwire-off jwire-off-shared reactor stpe; do
  # shellcheck disable=SC2086 # opts is a list of JVM flags
  "$java" $opts -cp "$jar" dev.jwire.benchmarks.IdleTaskMemory "$c" "$n"
done
