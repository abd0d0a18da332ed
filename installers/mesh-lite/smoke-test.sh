#!/usr/bin/env bash
# End-to-end check of the built jar and import.sh, as a user runs them: serve --demo, export the demo room while the
# server runs, stop it, import the bundle with import.sh into a fresh data directory, list the rooms there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${MESH_LITE_JAR:-$here/../../lite-server/target/mesh-lite.jar}
work=$(mktemp -d)
server=0
cleanup() {
  if [ "$server" -gt 0 ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

java -jar "$jar" serve --demo --port 0 --data-dir "$work/a" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 120); do
  grep -q "Press Ctrl+C" "$work/serve.out" 2>/dev/null && break
  sleep 0.5
done
grep -q "Press Ctrl+C" "$work/serve.out" || { cat "$work/serve.err" >&2; echo "smoke: server did not start"; exit 1; }

java -jar "$jar" export demo --data-dir "$work/a" -o "$work/room.tar.zst" 2>/dev/null
kill "$server"; wait "$server" || true; server=0

"$here/import.sh" "$work/room.tar.zst" --data-dir "$work/b" --mapping-out "$work/mapping.json" > "$work/import.out" 2>/dev/null
java -jar "$jar" rooms --data-dir "$work/b" --json 2>/dev/null > "$work/rooms.json"
# the demo's authors are new in b: the import leaves their signatures to the room page and verify --room
java -jar "$jar" verify --room demo --data-dir "$work/b" 2>/dev/null > "$work/verify.out"
if grep -q '"slug" : "demo"' "$work/rooms.json" && grep -q '"messageCount" : 24' "$work/rooms.json" \
   && grep -q "signatures: none checked during the import; 24 by authors new here" "$work/import.out" \
   && grep -q "demo: 24 of 24 message signatures verify" "$work/verify.out" && [ -s "$work/mapping.json" ]; then
  echo "import.sh smoke test: OK (serve --demo, export, import.sh, rooms, verify --room)"
else
  cat "$work/import.out" "$work/rooms.json" "$work/verify.out" >&2
  echo "import.sh smoke test: FAILED"
  exit 1
fi
