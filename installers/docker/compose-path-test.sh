#!/usr/bin/env bash
# The Docker configuration without Docker: the mesh-lite service's exact environment (mesh-lite.env) with only the
# service addresses pointed at local stand-ins for the compose's other containers:
#   postgres:5432 -> Debian's PostgreSQL 15, started here on a free port (a password-protected, non-superuser role)
#   minio:9000    -> s3proxy in another JVM (org.gaul.s3proxy.Main from the same jar), objects on disk
# Then `java -jar mesh-lite.jar serve` as the Dockerfile's ENTRYPOINT/CMD runs it, a real bundle imported with the
# command import.sh runs inside the container (installers/mesh-lite/import.sh), and checks: the import went into a
# shard of its own, /room/<slug> answers, its media redirect to S3_PUBLIC_ENDPOINT (the room's own bucket) and the
# bytes come from the external store, nothing embedded started.
# Needs: postgresql-15 (server and client), the 'postgres' system user when run as root, curl, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../linux/processes.sh
. "$repo/installers/linux/processes.sh"
jar=${MESH_LITE_JAR:-$repo/lite-server/target/mesh-lite.jar}
pgbin=/usr/lib/postgresql/15/bin
fail() { echo "compose path test: FAILED: $*" >&2; exit 1; }
t0=$(date +%s)
phase() { echo "compose path test: [$(( $(date +%s) - t0 )) s] $*"; }
[ -f "$jar" ] || fail "$jar not found: build it with ./mvnw -q -DskipTests package"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/mesh-compose-test.XXXXXX)
chmod 777 "$work"
s3=0
serve=0
source_server=0
pg_started=0
cleanup() {
  stop_processes $serve $source_server $s3
  if [ "$pg_started" = 1 ]; then as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop > /dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- the compose file's environment, read from the same file, addresses rewritten --------------------------------
declare -A env
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  env[${line%%=*}]=${line#*=}
done < "$here/mesh-lite.env"
grep -q "env_file: mesh-lite.env" "$here/docker-compose.yml" || fail "docker-compose.yml no longer reads mesh-lite.env"
db_url=${env[DATABASE_URL]}                       # postgresql://USER:PASSWORD@postgres:5432/DB
db_user=${db_url#postgresql://}; db_user=${db_user%%:*}
db_password=${db_url#postgresql://*:}; db_password=${db_password%%@*}
db_name=${db_url##*/}
pg_port=$(free_port)
s3_port=$(free_port)
http_port=$(free_port)
env[DATABASE_URL]=${db_url/@postgres:5432\//@127.0.0.1:$pg_port/}
env[S3_ENDPOINT]=${env[S3_ENDPOINT]/minio:9000/127.0.0.1:$s3_port}
env[S3_PUBLIC_ENDPOINT]=${env[S3_PUBLIC_ENDPOINT]/localhost:9000/127.0.0.1:$s3_port}
env[MESH_PORT]=$http_port
env[MESH_PUBLIC_URL]=http://127.0.0.1:$http_port
env[MESH_DATA_DIR]=$work/mesh-lite-data
[ "${env[DATABASE_URL]}" != "$db_url" ] && [ "${env[S3_ENDPOINT]}" = "http://127.0.0.1:$s3_port" ] \
  || fail "mesh-lite.env does not name postgres:5432 and minio:9000 any more"
compose_env=()
for k in "${!env[@]}"; do compose_env+=("$k=${env[$k]}"); done
# the container's environment and nothing else from this shell (no stray MESH_*/AWS_* variables)
in_container() { env -i PATH="$PATH" HOME="$work" "${compose_env[@]}" "$@"; }

phase "environment read"
# --- postgres: Debian's PostgreSQL 15, the compose's user/password/database ---------------------------------------
echo "superpass" > "$work/pw"
as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres --pwfile="$work/pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 \
  > "$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; fail "initdb"; }
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=''" start > /dev/null \
  || { cat "$work/pg.log" >&2; fail "pg_ctl start"; }
pg_started=1
PGPASSWORD=superpass psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
  -c "CREATE ROLE \"$db_user\" LOGIN CREATEROLE PASSWORD '$db_password'" \
  -c "CREATE DATABASE \"$db_name\" OWNER \"$db_user\"" > /dev/null

phase "PostgreSQL 15 up"
# --- minio: an S3 endpoint in another process, the compose's credentials --------------------------------------------
mkdir -p "$work/s3-objects"
cat > "$work/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${env[AWS_ACCESS_KEY_ID]}
s3proxy.credential=${env[AWS_SECRET_ACCESS_KEY]}
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3-objects
EOF
java -cp "$jar" org.gaul.s3proxy.Main --properties "$work/s3proxy.conf" > "$work/s3proxy.log" 2>&1 &
s3=$!
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3_port/" || true)" = 403 ] && break
  kill -0 "$s3" 2>/dev/null || break
  sleep 0.25
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3_port/" || true)" = 403 ] \
  || { cat "$work/s3proxy.log" >&2; fail "s3proxy did not start"; }

phase "s3proxy up"
# --- a real bundle (embedded services, as a community admin would have made it) --------------------------------------
java -jar "$jar" serve --demo --port 0 --data-dir "$work/source" > "$work/source.out" 2> "$work/source.err" &
source_server=$!
for _ in $(seq 1 240); do
  grep -q "Press Ctrl+C" "$work/source.out" 2>/dev/null && break
  kill -0 "$source_server" 2>/dev/null || break
  sleep 0.5
done
grep -q "Press Ctrl+C" "$work/source.out" || { cat "$work/source.err" >&2; fail "the bundle's source server did not start"; }
java -jar "$jar" export demo --data-dir "$work/source" -o "$work/room_demo.tar.zst" > /dev/null 2> "$work/export.err" \
  || { cat "$work/export.err" >&2; fail "export"; }
kill "$source_server"; wait "$source_server" || true; source_server=0

phase "bundle made"
# --- mesh-lite: the Dockerfile's command with the compose's environment ---------------------------------------------
# not through the function: a function in the background is a subshell, and $! must be the server itself (env execs
# java in its own place), or the cleanup's kill stops the subshell and leaves the server running
env -i PATH="$PATH" HOME="$work" "${compose_env[@]}" java -jar "$jar" serve > "$work/serve.out" 2> "$work/serve.err" &
serve=$!
for _ in $(seq 1 240); do
  grep -q "Press Ctrl+C" "$work/serve.out" 2>/dev/null && break
  kill -0 "$serve" 2>/dev/null || break
  sleep 0.5
done
grep -q "Press Ctrl+C" "$work/serve.out" || { cat "$work/serve.out" "$work/serve.err" >&2; fail "mesh-lite serve did not start"; }
grep -q "0.0.0.0" "$work/serve.out" "$work/serve.err" || echo "compose path test: (note) the server did not log its 0.0.0.0 bind"

phase "mesh-lite serve up"
# --- import.sh's command inside the container: /opt/mesh-lite/import.sh = installers/mesh-lite/import.sh --------------
in_container MESH_LITE_JAR="$jar" "$repo/installers/mesh-lite/import.sh" "$work/room_demo.tar.zst" --check-all-signatures > "$work/import.out" 2> "$work/import.err" \
  || { cat "$work/import.out" "$work/import.err" >&2; fail "import.sh"; }
grep -q "signatures: 24 of 24 verify" "$work/import.out" || { cat "$work/import.out" >&2; fail "the import did not verify 24 signatures"; }
# an external store is configured: the import goes straight into a new shard of its own (MESH_IMPORT_SHARDED)
grep -q "in a shard of its own: schema room_" "$work/import.out" \
  || { cat "$work/import.out" >&2; fail "the import did not go into a shard of its own"; }

phase "bundle imported"
# --- checks ------------------------------------------------------------------------------------------------------
base=http://127.0.0.1:$http_port
curl -sf "$base/room/demo" > "$work/room.html" || fail "GET /room/demo"
grep -q "Riverside Makers" "$work/room.html" || fail "/room/demo does not show the imported room"
media=$(grep -o '/media/[0-9a-f-]*/[^"'"'"' <>]*' "$work/room.html" | head -1)
[ -n "$media" ] || fail "/room/demo links no media"
location=$(curl -s -o /dev/null -w '%{redirect_url}' "$base$media")
room_id=$(echo "$media" | cut -d/ -f3)
bucket=${env[MESH_ROOM_BUCKET_PREFIX]:-mesh-room-}$room_id
case "$location" in
  "${env[S3_PUBLIC_ENDPOINT]}/$bucket/"*) ;;
  *) fail "$media redirects to '$location', not to S3_PUBLIC_ENDPOINT/$bucket (the room's own bucket)" ;;
esac
bytes=$(curl -sf "$location" | wc -c) || fail "GET the presigned media URL"
[ "$bytes" -gt 0 ] || fail "the media object is empty"
stored=$(find "$work/s3-objects/$bucket" -type f | wc -l)
[ "$stored" -ge 3 ] || fail "the external store holds $stored objects in $bucket, expected the bundle's 3 media files"
[ ! -e "${env[MESH_DATA_DIR]}/postgres" ] && [ ! -e "${env[MESH_DATA_DIR]}/objects" ] || fail "an embedded service started in MESH_DATA_DIR"
in_container java -jar "$jar" rooms --json > "$work/rooms.json" 2> /dev/null || fail "mesh-lite rooms"
grep -q '"slug" : "demo"' "$work/rooms.json" && grep -q '"messageCount" : 24' "$work/rooms.json" \
  || { cat "$work/rooms.json" >&2; fail "mesh-lite rooms does not list the imported room"; }
# the server stops on SIGTERM (docker stop), and nothing of it stays behind
kill "$serve"
wait "$serve" 2> /dev/null || true
serve=0
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/" || true)" = 000 ] \
  || fail "mesh-lite serve still answers on port $http_port after SIGTERM"
echo "compose path test: OK (mesh-lite.env against Debian PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') and s3proxy in another JVM: serve, import.sh, /room/demo, media $bytes bytes from the external store, $stored objects stored)"
