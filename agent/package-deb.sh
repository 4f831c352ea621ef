#!/usr/bin/env bash
# Builds target/deb/rap-node-agent_<version>_<arch>.deb: a jpackage --type deb package
# with its own Java runtime under /opt/rap-node-agent, to which this script adds what
# jpackage cannot: the systemd unit, /etc/rap-node-agent/agent.conf as a conffile and
# the /usr/bin/rap-node-agent link. Not part of the Maven build (keeps CI fast).
#
#   agent/package-deb.sh             build the jar (tests skipped), then the package
#   agent/package-deb.sh --no-build  package the existing target/rap-node-agent.jar
#
# Needs jpackage (JDK 17+; JPACKAGE or JAVA_HOME selects it), fakeroot and dpkg-deb.
set -euo pipefail

agent=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$agent")
target=$agent/target
jar=$target/rap-node-agent.jar

if [ "${1:-}" != "--no-build" ]; then
  (cd "$root" && ./mvnw -B -q -o -pl protocol,agent -am package -DskipTests)
fi
[ -f "$jar" ] || { echo "package-deb: $jar is missing; build it first" >&2; exit 1; }

jdk_bin=${JAVA_HOME:+$JAVA_HOME/bin/}
jpackage=${JPACKAGE:-${jdk_bin}jpackage}
jdeps=${jdk_bin}jdeps
for tool in "$jpackage" "$jdeps" fakeroot dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package-deb: $tool not found" >&2; exit 1; }
done

# 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT (sorts before the release); jpackage wants digits only.
pom_version=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')
app_version=${pom_version%%-*}
deb_version=${pom_version/-/\~}

# Only the modules the agent uses, plus the EC provider (loaded as a service, invisible
# to jdeps), jdk.random (RandomGenerator.getDefault) and jdk.unsupported (signals): a smaller runtime, a smaller package.
modules=$("$jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar")
modules="$modules,jdk.crypto.ec,jdk.random,jdk.unsupported"

work=$target/deb-work
out=$target/deb
rm -rf "$work" "$out"
mkdir -p "$work/input" "$out"
cp "$jar" "$work/input/"

# Small heap and a simple collector: the agent is idle most of the time (docs/benchmarks.md).
"$jpackage" --type deb --dest "$work/jpackage" \
  --name rap-node-agent --app-version "$app_version" \
  --description "RAP Secure Access Fabric node agent" --vendor "RAP" \
  --input "$work/input" --main-jar rap-node-agent.jar --main-class io.rap.fabric.agent.cli.AgentCli \
  --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2" \
  --java-options "-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:auto" \
  --install-dir /opt \
  --resource-dir "$agent/src/deb/resources" \
  --linux-package-name rap-node-agent --linux-deb-maintainer root@localhost \
  --linux-app-category admin

built=$(ls "$work"/jpackage/*.deb)
tree=$work/tree
fakeroot -- sh -e -c '
  dpkg-deb -R "$1" "$2"
  install -D -m 0644 "$3/files/rap-node-agent.service" "$2/lib/systemd/system/rap-node-agent.service"
  install -D -m 0640 "$3/files/agent.conf" "$2/etc/rap-node-agent/agent.conf"
  mkdir -p "$2/usr/bin"
  ln -s /opt/rap-node-agent/bin/rap-node-agent "$2/usr/bin/rap-node-agent"
  echo /etc/rap-node-agent/agent.conf >> "$2/DEBIAN/conffiles"
  sed -i -e "s/^Version: .*/Version: $4/" \
    -e "s/^Installed-Size: .*/Installed-Size: $(du -sk --exclude=DEBIAN "$2" | cut -f1)/" "$2/DEBIAN/control"
  chown -R root:root "$2"
  dpkg-deb --root-owner-group -Zxz -b "$2" "$5"
' sh "$built" "$tree" "$agent/src/deb" "$deb_version" "$out"
rm -rf "$work"
ls -l "$out"/*.deb
