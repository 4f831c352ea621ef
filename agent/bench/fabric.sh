#!/usr/bin/env bash
# Fabric throughput and latency on loopback, in one run (issue 7): bulk throughput of a
# direct QUIC path, a one-relay QUIC path and TLS 1.3 over TCP (Netty with OpenSSL, i.e.
# netty-tcnative's BoringSSL) as the reference, plus echo round trips p50/p99 direct and
# through the relay. Three fabric nodes in one JVM, each on its own event-loop thread.
#
#   ./mvnw -B -o -pl protocol,agent -am verify -DskipTests   # classes + test classes
#   agent/bench/fabric.sh [java options]                       # e.g. -Dbench.bulkMiB=2048
#
# Options (system properties, see FabricBench): bench.bulkMiB (1024), bench.pings (5000),
# bench.warmupMiB (1024), bench.phases (direct,relay,tls,echo), bench.rounds (1), bench.verbose, bench.epoll (true), bench.chunkKiB (64),
# and transport settings to compare with FabricTransport.DEFAULT: bench.gso, bench.gro,
# bench.reads, bench.socketBuffer, bench.cc. JAVA selects the java command.
#
# CPU share on a shared host: with kernel.sched_autogroup_enabled=1 (the default on most
# distributions) `nice` orders processes only within one session, so builds niced in other
# sessions still take an equal share per session. BENCH_NICE=-15 runs the benchmark in a session
# of its own whose autogroup gets that nice value (needs root), which is what `nice` was meant to
# achieve. The kernel's UDP counters are printed before and after: RcvbufErrors counts datagrams
# dropped because a receive buffer was full (host-wide, so other UDP traffic shows up too).
set -euo pipefail

if [ -n "${BENCH_NICE:-}" ] && [ -z "${FABRIC_BENCH_SESSION:-}" ]; then
  FABRIC_BENCH_SESSION=1 exec setsid --wait "$0" "$@" </dev/null
fi
if [ -n "${BENCH_NICE:-}" ]; then
  echo "$BENCH_NICE" > /proc/self/autogroup 2>/dev/null || echo "fabric.sh: cannot set the autogroup nice value" >&2
  echo "autogroup: $(cat /proc/self/autogroup 2>/dev/null)"
fi

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

udp_counters() { awk '/^Udp: [0-9]/ { print "InDatagrams " $2 ", RcvbufErrors " $6 ", SndbufErrors " $7 }' /proc/net/snmp; }
echo "uptime:$(uptime)"
echo "rmem_max $(cat /proc/sys/net/core/rmem_max), wmem_max $(cat /proc/sys/net/core/wmem_max); UDP before: $(udp_counters)"
status=0
"${JAVA:-java}" -Xmx512m "$@" -cp "$classpath" io.rap.fabric.agent.fabric.FabricBench || status=$?
echo "UDP after: $(udp_counters)"
echo "uptime:$(uptime)"
exit $status
