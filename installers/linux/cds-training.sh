#!/usr/bin/env bash
# AppCDS training run, at packaging time (Linux): starts the app-image's Mesh-Lite launcher once on a fresh data
# directory with -XX:DumpLoadedClassList, waits until its main window shows and its local services are ready, stops it
# (SIGTERM: the app stops its PostgreSQL), and puts the list of classes it loaded into the app-image as
# lib/mesh-lite.classlist. The .deb's postinst turns the list into a CDS archive at the installed path
# (/opt/mesh-lite/lib/app/mesh-lite.jsa), which both launchers name in their java-options: a CDS archive is tied to the
# exact class path it was made with, and JDK 17 cannot move one, so it cannot be made here.
# Needs a display for JavaFX: $DISPLAY, else Xvfb (Debian's xvfb), and GTK 3 (libgtk-3-0). Without them, or when the
# training run fails, the list is not made and the package installs without an archive (the app then starts without
# CDS, just slower): this script says why and exits 0; installers/linux/install-test.sh fails on a package without it.
# Usage: cds-training.sh APP_IMAGE_DIR      (e.g. target/app-image/Mesh-Lite)
set -euo pipefail
# shellcheck source=processes.sh
. "$(dirname "$0")/processes.sh"
image=$(cd "$1" && pwd)
list="$image/lib/mesh-lite.classlist"
rm -f "$list"
say() { echo "[cds-training] $*"; }
if [ -z "${DISPLAY:-}" ] && ! command -v Xvfb > /dev/null; then
  say "no display and no Xvfb: the package is built without a class list (install xvfb to get the faster start-up)"
  exit 0
fi
work=$(mktemp -d /tmp/mesh-cds-training.XXXXXX)
app=0
xvfb=0
cleanup() {
  stop_processes $app $xvfb
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  start_xvfb "$work" || { say "Xvfb did not start: the package is built without a class list"; exit 0; }
  xvfb=$XVFB_PID
fi

# the user's settings and autostart entry stay untouched: a config folder of its own
XDG_CONFIG_HOME="$work/config" JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/classlist" \
  "$image/bin/Mesh-Lite" --data-dir "$work/data" --port 0 > "$work/app.out" 2>&1 &
app=$!
log="$work/data/logs/mesh-lite.log"
for _ in $(seq 1 1200); do
  if [ -f "$log" ] && grep -q "startup: main window shown" "$log" && grep -q "startup: local services ready" "$log"; then
    break
  fi
  kill -0 "$app" 2> /dev/null || { cat "$work/app.out" >&2; say "the app exited during the training run (GTK 3 missing?): the package is built without a class list"; exit 0; }
  sleep 0.1
done
grep -q "startup: local services ready" "$log" 2> /dev/null \
  || { cat "$work/app.out" >&2; say "the app did not become ready within 120 s: the package is built without a class list"; exit 0; }
sleep 1 # the rooms list and the first layout passes after both
kill -TERM "$app"
for _ in $(seq 1 600); do kill -0 "$app" 2> /dev/null || break; sleep 0.1; done
if kill -0 "$app" 2> /dev/null; then
  kill -KILL "$app"
  say "the app did not stop within 60 s of SIGTERM (a bug: see its log)"
  exit 1
fi
wait "$app" 2> /dev/null || true
app=0
[ ! -f "$work/data/postgres/postmaster.pid" ] || { say "the app left its PostgreSQL running (a bug: see its log)"; exit 1; }
cp "$work/classlist" "$list"
say "$(grep -cv '^#' "$list") classes listed in ${list#"$(pwd)/"}"
