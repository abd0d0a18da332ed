#!/bin/sh
# Desktop start-up: starts the desktop app (DesktopMain) in a fresh JVM under headless Monocle, as a user's
# double-click would, and reads the start-up lines it writes into <data dir>/logs/mesh-lite.log: "main window shown
# N ms" and "local services ready N ms" after the process started. Run 1 is a fresh data directory (initdb, Flyway
# from scratch, the bucket created); the later runs reuse it. Each run is ended with SIGTERM (the app's shutdown hook
# stops PostgreSQL); the script checks nothing is left.
# Usage (through ./bench desktop): [LATER_RUNS]     (default 5)
#        JAVA_OPTS="-XX:TieredStopAtLevel=1" ... extra JVM options for the app
#        cds [LATER_RUNS]         the same after a training run that dumps an AppCDS archive of the app's classes
#                                 (-XX:ArchiveClassesAtExit), used by every measured run
#        installed [LATER_RUNS]   the app the .deb installed (/opt/mesh-lite/bin/Mesh-Lite: its jlink runtime, its
#                                 launcher's options, the class archive its postinst made) under Xvfb (or $DISPLAY);
#                                 JAVA_OPTS go in through JAVA_TOOL_OPTIONS
set -eu
cd "$(dirname "$0")/../.."
CDS=no
INSTALLED=no
if [ "${1:-}" = cds ]; then
  CDS=yes
  shift
elif [ "${1:-}" = installed ]; then
  INSTALLED=yes
  shift
fi
RUNS=${1:-5}
LAUNCHER=/opt/mesh-lite/bin/Mesh-Lite
if [ $INSTALLED = yes ]; then
  [ -x "$LAUNCHER" ] || { echo "$LAUNCHER not found: install the .deb first (docs/install.md)" >&2; exit 1; }
else
  ./mvnw -B -q -pl desktop-app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
  CP="desktop-app/target/classes:$(cat desktop-app/target/bench-classpath.txt)"
fi
WORK=$(mktemp -d /tmp/mesh-bench-desktop.XXXXXX)
XVFB=0
trap '[ "$XVFB" -gt 0 ] && kill "$XVFB" 2>/dev/null; rm -rf "$WORK"' EXIT
if [ $INSTALLED = yes ] && [ -z "${DISPLAY:-}" ]; then
  . installers/linux/processes.sh
  start_xvfb "$WORK" || { echo "Xvfb did not start" >&2; exit 1; }
  XVFB=$XVFB_PID
fi
DATA="$WORK/data"
export XDG_CONFIG_HOME="$WORK/config"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

field() { # field <log> <pattern>: the N of "<pattern> N ms"
  sed -n "s/.*startup: $2 \([0-9]*\) ms.*/\1/p" "$1" | head -1
}
cpu() { # cpu <log> <pattern>: the M of "<pattern> N ms after the process started (CPU M ms)"
  sed -n "s/.*startup: $2 [0-9]* ms after the process started (CPU \([0-9]*\) ms).*/\1/p" "$1" | head -1
}

run() { # run <label>
  rm -rf "$DATA/logs"
  if [ $INSTALLED = yes ]; then
    JAVA_TOOL_OPTIONS="${JAVA_OPTS:-}" "$LAUNCHER" --data-dir "$DATA" --port 0 >"$WORK/out-$1.txt" 2>&1 &
  else
    # shellcheck disable=SC2086
    "$JAVA" ${JAVA_OPTS:-} $CDS_OPTS -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
      -Djava.awt.headless=true -Dheadless.geometry=1280x800-32 -cp "$CP" dev.meshrooms.desktop.launcher.DesktopMain \
      --data-dir "$DATA" --port 0 >"$WORK/out-$1.txt" 2>&1 &
  fi
  pid=$!
  log="$DATA/logs/mesh-lite.log"
  waited=0
  while [ $waited -lt 1200 ]; do
    if [ -f "$log" ] && grep -q "local services ready" "$log" && grep -q "main window shown" "$log"; then
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  javafx=$(field "$log" "JavaFX started")
  window=$(field "$log" "main window shown")
  services=$(field "$log" "local services ready")
  wcpu=$(cpu "$log" "main window shown")
  scpu=$(cpu "$log" "local services ready")
  pg=$(sed -n 's/.*(PostgreSQL \([0-9]*\) ms.*/\1/p' "$log" | head -1)
  s3=$(sed -n 's/.*S3 store \([0-9]*\) ms.*/\1/p' "$log" | head -1)
  bucket=$(sed -n 's/.*bucket \([0-9]*\) ms.*/\1/p' "$log" | head -1)
  runtime=$(sed -n 's/.*local services ready in \([0-9]*\) ms.*/\1/p' "$log" | head -1)
  kill -TERM $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    echo "run $1: postmaster.pid left behind after the app stopped" >&2
    exit 1
  fi
  printf '%-8s %7s %7s %9s %8s %5s %5s %7s %8s %8s\n' "$1" "${javafx:-?}" "${window:-?}" "${services:-?}" "${runtime:-?}" \
    "${pg:-?}" "${s3:-?}" "${bucket:-?}" "${wcpu:-?}" "${scpu:-?}"
}

if [ $INSTALLED = yes ]; then
  JAVA=/opt/mesh-lite/lib/runtime/bin/java
fi
echo "java: $("$JAVA" -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ms after the process started: JavaFX start(), main window shown, local services ready;"
echo "ms of LiteRuntime.start: all, PostgreSQL, S3 store (beside PostgreSQL), bucket check (beside the core);"
echo "JVM CPU ms used by the time the window showed / the services were ready (postgres is another process)"
CDS_OPTS=""
if [ $CDS = yes ]; then
  # AppCDS archives classes from jars only: pack the modules' class folders into jars first
  JARS=""
  for entry in $(echo "$CP" | tr ':' ' '); do
    if [ -d "$entry" ]; then
      jar="$WORK/$(echo "$entry" | sed 's|/target/classes$||; s|.*/||').jar"
      "${JAVA_HOME:+$JAVA_HOME/bin/}jar" --create --file "$jar" -C "$entry" .
      entry="$jar"
    fi
    JARS="${JARS:+$JARS:}$entry"
  done
  CP="$JARS"
  CDS_OPTS="-XX:ArchiveClassesAtExit=$WORK/app.jsa"
  run training >/dev/null
  rm -rf "$DATA"
  CDS_OPTS="-XX:SharedArchiveFile=$WORK/app.jsa"
  echo "AppCDS archive: $(du -h "$WORK/app.jsa" | cut -f1)"
fi
printf '%-8s %7s %7s %9s %8s %5s %5s %7s %8s %8s\n' run javafx window services runtime pg s3 bucket win-cpu svc-cpu
run first
i=1
while [ $i -le "$RUNS" ]; do
  run "later-$i"
  i=$((i + 1))
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
