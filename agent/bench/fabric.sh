#!/usr/bin/env bash
# Fabric throughput and latency on loopback, in one run (issue 7): bulk throughput of a
# direct QUIC path, a one-relay QUIC path and TLS 1.3 over TCP (Netty with OpenSSL, i.e.
# netty-tcnative's BoringSSL) as the reference, plus echo round trips p50/p99 direct and
# through the relay. Three fabric nodes in one JVM, each on its own event-loop thread.
#
#   ./mvnw -B -o -pl protocol,agent -am verify -DskipTests   # classes + test classes
#   agent/bench/fabric.sh [java options]                       # e.g. -Dbench.bulkMiB=2048
#
# Options (system properties): bench.bulkMiB (1024), bench.pings (5000), bench.gso (16,
# 0 = off), bench.epoll (true), bench.chunkKiB (64). JAVA selects the java command.
set -euo pipefail

agent_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$agent_dir/.." && pwd)
[ -d "$agent_dir/target/classes" ] && [ -d "$agent_dir/target/test-classes" ] || {
  echo "fabric.sh: build first: ./mvnw -B -o -pl protocol,agent -am verify -DskipTests" >&2; exit 1; }

cp_file=$agent_dir/target/bench.classpath
if [ ! -s "$cp_file" ] || [ "$agent_dir/pom.xml" -nt "$cp_file" ]; then
  (cd "$root" && ./mvnw -B -o -q -pl agent dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cp_file" >/dev/null)
fi
# The protocol module's classes come from the reactor build, not from ~/.m2.
classpath=$agent_dir/target/classes:$agent_dir/target/test-classes:$root/protocol/target/classes:$(cat "$cp_file")

echo "uptime:$(uptime)"
exec "${JAVA:-java}" -Xmx512m "$@" -cp "$classpath" io.rap.fabric.agent.fabric.FabricBench
