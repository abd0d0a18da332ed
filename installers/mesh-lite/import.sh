#!/usr/bin/env sh
# Import a room bundle into Mesh-Lite: a thin wrapper around `mesh-lite import`.
#   installers/mesh-lite/import.sh room_<id>.tar.zst [--data-dir DIR] [--mapping-out FILE] [--as-new] [--check-all-signatures] [--json]
# Works whether or not the server is running. MESH_LITE_JAR points at the jar (default: next to this script, then
# the build output). Environment variables (DATABASE_URL, S3_ENDPOINT, ...) are passed through.
set -eu
if [ "$#" -lt 1 ]; then
  echo "usage: $0 room_<id>.tar.zst [--data-dir DIR] [--mapping-out FILE] [--as-new] [--json]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
jar=${MESH_LITE_JAR:-}
if [ -z "$jar" ]; then
  for candidate in "$here/mesh-lite.jar" "$here/../../lite-server/target/mesh-lite.jar"; do
    if [ -f "$candidate" ]; then jar=$candidate; break; fi
  done
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "import.sh: mesh-lite.jar not found; build it with ./mvnw -DskipTests package or set MESH_LITE_JAR" >&2
  exit 2
fi
exec java ${JAVA_OPTS:-} -jar "$jar" import "$@"
