#!/usr/bin/env bash
# Idle cost of a running rap-node-agent: RSS and CPU of 'rap-node-agent run' with the
# default 15 s heartbeat, and the time from its start to the first accepted heartbeat.
# It runs against FakeNodeApi (test code, same checks as the real node API) on 127.0.0.1.
#
#   ./mvnw -B -o -pl protocol,agent -am verify      # builds the jar and the test classes
#   agent/bench/idle.sh [seconds]                   # default 60
#
# AGENT selects the agent command (default: the launcher in src/main/dist, which runs
# the jar with JAVA_OPTS); e.g. AGENT=/usr/bin/rap-node-agent for the installed package.
set -euo pipefail

agent_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
jar=$agent_dir/target/rap-node-agent.jar
[ -f "$jar" ] && [ -d "$agent_dir/target/test-classes" ] || {
  echo "idle.sh: build first: ./mvnw -B -o -pl protocol,agent -am verify" >&2; exit 1; }

work=$(mktemp -d)
api_pid=""; agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${AGENT:-}" ]; then
  mkdir "$work/bin"
  cp "$agent_dir/src/main/dist/rap-node-agent" "$work/bin/"
  ln -s "$jar" "$work/bin/rap-node-agent.jar"
  AGENT=$work/bin/rap-node-agent
  label="src/main/dist/rap-node-agent + target/rap-node-agent.jar, $(java -version 2>&1 | head -1)"
fi

java -cp "$agent_dir/target/test-classes:$jar" io.rap.fabric.agent.cli.BenchNodeApi > "$work/api.out" 2>&1 &
api_pid=$!
for _ in $(seq 100); do [ -s "$work/api.out" ] && break; sleep 0.1; done
url=$(head -1 "$work/api.out")

"$AGENT" enroll --server "$url" --token join-token-for-tests --name bench --state-dir "$work/state" \
  --wait 30s --poll-interval 100ms > /dev/null 2> "$work/enroll.log" || { cat "$work/enroll.log" >&2; exit 1; }

ms() { date +%s%3N; }
start=$(ms)
"$AGENT" run --state-dir "$work/state" > "$work/run.log" 2>&1 &
agent_pid=$!
until grep -q "heartbeat accepted" "$work/run.log"; do
  kill -0 "$agent_pid" 2>/dev/null || { cat "$work/run.log" >&2; exit 1; }
  sleep 0.01
done
first=$(( $(ms) - start ))

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$agent_pid/stat"; }   # utime + stime, in ticks
sleep 5   # let start-up work (class loading, JIT) settle
cpu0=$(cpu); t0=$(ms)
sleep "$seconds"
cpu1=$(cpu); t1=$(ms)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$agent_pid/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$agent_pid/status")

awk -v c0="$cpu0" -v c1="$cpu1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" -v rss="$rss" -v hwm="$hwm" \
    -v first="$first" -v agent="${label:-$AGENT}" -v opts="${JAVA_OPTS-unset, so the launcher defaults}" -v s="$seconds" 'BEGIN {
  printf "agent:                      %s\n", agent
  printf "JAVA_OPTS:                  %s\n", opts
  printf "first heartbeat after:      %d ms (from process start)\n", first
  printf "idle RSS (VmRSS):           %.1f MiB (peak VmHWM %.1f MiB)\n", rss / 1024, hwm / 1024
  printf "idle CPU over %d s:         %.2f %% of one core (%d ticks)\n", s, 100 * (c1 - c0) / hz / ((t1 - t0) / 1000), c1 - c0
}'
