#!/usr/bin/env sh
# Import a room bundle into the compose's running mesh-lite service (import.sh, for Docker):
#   installers/docker/import.sh room_<id>.tar.zst [--as-new] [--check-all-signatures] [--json] [--mapping-out FILE-IN-CONTAINER]
# Copies the bundle into the container, runs /opt/mesh-lite/import.sh there (= mesh-lite import, with the
# container's DATABASE_URL / S3_* environment), and removes the copy. COMPOSE_FILE overrides the compose file.
set -eu
if [ "$#" -lt 1 ]; then
  echo "usage: $0 room_<id>.tar.zst [--as-new] [--json] [--mapping-out FILE]" >&2
  exit 2
fi
bundle=$1
shift
if [ ! -f "$bundle" ]; then
  echo "import.sh: $bundle: no such file" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
compose="docker compose -f ${COMPOSE_FILE:-$here/docker-compose.yml}"
target=/tmp/$(basename "$bundle")
$compose cp "$bundle" "mesh-lite:$target"
status=0
$compose exec -T mesh-lite /opt/mesh-lite/import.sh "$target" "$@" || status=$?
$compose exec -T -u root mesh-lite rm -f "$target" || true
exit "$status"
