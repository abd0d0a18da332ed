#!/usr/bin/env bash
# Pushing a room to a cloud as users run it: the built jar on both sides, each on the embedded default (PostgreSQL with
# its production settings, the embedded S3 store), on loopback. `mesh-lite push` of the reference room (the bundle
# benchmark's: 1M messages, 20k media, ~1 GB) from a Mesh-Lite whose server runs to another Mesh-Lite serving as the
# cloud (both in JVMs of -Xmx256m) that imports it into a new shard (--sharded), against the tools' path on the same data in the same run:
#   pg_dump | zstd -1 -T2 and tar | zstd -1 -T2 of the room, curl -T of both files to the cloud's upload endpoint,
#   zstd -dc | psql into a new database of the cloud's PostgreSQL, zstd -dc | tar -x and cp -r into its store's folder;
# and the upload alone against curl -T of the same bundle to the same endpoint.
#
#   run.sh [quick] [ROUNDS]    quick: the 10k-message room of `./bench bundles quick`; ROUNDS default 3
#   run.sh [quick] resume      one push through a TCP proxy (cutting_proxy.py) that drops the connection once, half
#                              way through the upload: how many bytes the resumed upload sent again
#
# The reference bundle is made once by `./bench bundles` (kept in benchmarks/target/pushbench). Prints each round and
# a summary with medians; one line of JSON per round (`result: {...}`). Needs curl, jq, zstd, GNU time and
# PostgreSQL 15's client tools (Debian). BENCH_KEEP=1 keeps the work folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jar=${MESH_LITE_JAR:-$top/lite-server/target/mesh-lite.jar}
pg=/usr/lib/postgresql/15/bin
for tool in curl jq zstd /usr/bin/time "$pg/pg_dump" "$pg/psql"; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is missing" >&2; exit 2; }
done
[ -f "$jar" ] || (cd "$top" && ./mvnw -B -q -DskipTests package)

quick=""
if [ "${1:-}" = quick ]; then quick=quick; shift; fi
resume=""
if [ "${1:-}" = resume ]; then resume=resume; shift; fi
rounds=${1:-3}
reference=$top/benchmarks/target/pushbench/reference${quick:+-quick}.tar.zst
if [ ! -f "$reference" ]; then
  echo "making the reference bundle with ./bench bundles $quick ..."
  (cd "$top" && ./bench bundles $quick -Dbundlebench.keep=true -Dbundlebench.runs=1 > /dev/null)
  mkdir -p "$(dirname "$reference")"
  mv "$top/benchmarks/target/bundlebench/out/room.tar.zst" "$reference"
  rm -rf "$top/benchmarks/target/bundlebench"
fi

work=$(mktemp -d /tmp/mesh-push.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
admin=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | cut -c1-40)

serve() {  # serve NAME: a server on $work/NAME, its base URL in $base
  local name=$1
  MESH_ADMIN_TOKEN=$admin java -Xmx256m -jar "$jar" serve --data-dir "$work/$name" --port 0 \
    > "$work/$name.out" 2> "$work/$name.log" &
  pids+=($!)
  for _ in $(seq 1 240); do
    grep -q "Press Ctrl+C" "$work/$name.out" 2> /dev/null && break
    sleep 0.5
  done
  base=$(sed -n 's/^Mesh-Lite is running at //p' "$work/$name.out")
  [ -n "$base" ] || { tail -20 "$work/$name.log" >&2; echo "run.sh: $name did not start" >&2; exit 1; }
  base=${base/localhost/127.0.0.1}
}

pg_of() {  # pg_of NAME: connection options for the superuser of NAME's embedded PostgreSQL
  local port
  port=$(sed -n 's/^postgresPort=//p' "$work/$1/instance.properties")
  echo "-h 127.0.0.1 -p $port -U postgres"
}

timed() {  # timed NAME COMMAND: runs it under GNU time; prints "seconds peak-rss-bytes"
  local name=$1; shift
  sync; echo 3 > /proc/sys/vm/drop_caches 2> /dev/null || true
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/$name.time" bash -o pipefail -c "$*" > "$work/$name.stdout" 2> "$work/$name.stderr" \
    || { cat "$work/$name.stderr" >&2; echo "run.sh: $name failed" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $(( $(tail -1 "$work/$name.time") * 1024 ))"
}

tus_upload() {  # tus_upload TOKEN FILE: the curl command line that creates an upload and sends FILE to it
  local token=$1 file=$2
  echo "loc=\$(curl -sS -D - -o /dev/null -X POST -H 'Tus-Resumable: 1.0.0' -H \"Upload-Length: \$(stat -c %s '$file')\"" \
    "-H 'Authorization: Bearer $token' '$cloud/api/uploads' | tr -d '\r' | sed -n 's/^[Ll]ocation: //p');" \
    "curl -sS --fail -X PATCH -T '$file' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0'" \
    "-H 'Content-Type: application/offset+octet-stream' -H 'Authorization: Bearer $token' \"$cloud\$loc\";" \
    "curl -sS --fail -X DELETE -H 'Tus-Resumable: 1.0.0' -H 'Authorization: Bearer $token' \"$cloud\$loc\""
}

echo "source: importing $(basename "$reference") ($(du -h "$reference" | cut -f1)) ..."
MESH_ADMIN_TOKEN=$admin java -jar "$jar" import "$reference" --data-dir "$work/src" --skip-signature-check \
  --mapping-out "$work/source-mapping.json" > /dev/null 2>&1
slug=$(MESH_ADMIN_TOKEN=$admin java -jar "$jar" rooms --data-dir "$work/src" --json | jq -r '.[0].slug')
serve src
src_pg=$(pg_of src)
export PGPASSFILE=$work/pgpass
passfile() {  # passfile NAME: adds NAME's embedded PostgreSQL to the password file
  echo "127.0.0.1:$(sed -n 's/^postgresPort=//p' "$work/$1/instance.properties"):*:postgres:$(cat "$work/$1/db-superuser.password")" \
    >> "$PGPASSFILE"
  chmod 600 "$PGPASSFILE"
}
passfile src

echo "host: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1)"

if [ -n "$resume" ]; then
  # the export first (not timed here), so the cut lands in the upload: half way through the bundle
  serve cloud-resume
  cloud=$base
  token=$(curl -sS --fail -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    --data '{"scope":"import"}' "$cloud/api/tokens" | jq -r .token)
  echo "$token" > "$work/token"
  MESH_ADMIN_TOKEN=$admin java -Xmx256m -jar "$jar" export "$slug" --data-dir "$work/src" --output "$work/sized.tar.zst" \
    > /dev/null 2>&1
  size=$(stat -c %s "$work/sized.tar.zst")
  port=${cloud##*:}
  python3 "$here/cutting_proxy.py" "$port" $(( size / 2 )) "$work/proxy.json" > "$work/proxy.port" &
  proxy_pid=$!
  pids+=("$proxy_pid")
  for _ in $(seq 1 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
  MESH_ADMIN_TOKEN=$admin java -Xmx256m -jar "$jar" push "$slug" --to "http://127.0.0.1:$(head -1 "$work/proxy.port")" \
    --token-file "$work/token" --data-dir "$work/src" --mapping-out "$work" --json --sharded \
    > "$work/resume.stdout" 2> "$work/resume.stderr" || { tail -20 "$work/resume.stderr" >&2; exit 1; }
  kill "$proxy_pid"; wait "$proxy_pid" 2> /dev/null || true
  bundle=$(jq -r .bundleBytes "$work/resume.stdout")
  from=$(sed -n 's/.*goes on from byte \([0-9]*\) of.*/\1/p' "$work/resume.stderr" | head -1)
  [ -n "$from" ] || { echo "run.sh: the upload was not cut (no resume in the push's log)" >&2; exit 1; }
  jq -nc --slurpfile p "$work/proxy.json" --argjson bundle "$bundle" --argjson from "$from" \
    --argjson sent "$(jq -r .bytesSent "$work/resume.stdout")" \
    '{bundleBytes:$bundle, cutAtBytes:$p[0].cutAt, cloudOffsetAfterCut:$from, sentAgain:($p[0].cutAt - $from),
      bytesThroughProxy:$p[0].upstream, bytesSentByPush:$sent}' | sed 's/^/resume: /'
  echo "goal: a resumed upload sends again at most what the cloud had not written at the cut (sentAgain: the bytes in flight, plus the requests' headers)"
  exit 0
fi
results=()
for r in $(seq 1 "$rounds"); do
  # each round pushes to a cloud of its own, as a first push does (a second copy in the same cloud translates
  # every id: another measurement)
  serve "cloud-$r"
  cloud=$base
  cloud_pid=${pids[${#pids[@]}-1]}
  token=$(curl -sS --fail -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    --data '{"scope":"import"}' "$cloud/api/tokens" | jq -r .token)
  echo "$token" > "$work/token"
  passfile "cloud-$r"
  cloud_pg=$(pg_of "cloud-$r")
  cloud_objects=$work/cloud-$r/objects
  rm -rf "$work/src/pushes" "$work/out-$r"; mkdir -p "$work/out-$r"
  out=$work/out-$r
  # ours: export + resumable upload + the cloud's import, a fresh CLI JVM attached to the running source
  read -r ours ours_rss < <(timed "push-$r" "MESH_ADMIN_TOKEN=$admin java -Xmx256m -jar '$jar' push '$slug' --to '$cloud'" \
    "--token-file '$work/token' --data-dir '$work/src' --mapping-out '$out' --json --sharded")
  pushed=$(jq -c '{exportSeconds, uploadSeconds, cloudImportSeconds, messages, bytesSent}' "$work/push-$r.stdout")
  upload=$(jq -r .uploadSeconds <<< "$pushed")
  bundle=$work/src/pushes/$(ls "$work/src/pushes")/$(ls "$work/src/pushes/$(ls "$work/src/pushes")" | grep 'tar.zst$')
  # the tools, same data, same run
  read -r dump _ < <(timed "dump-$r" "$pg/pg_dump $src_pg -d postgres -t mesh.messages -t mesh.media | zstd -1 -T2 -q > '$out/db.sql.zst'")
  read -r tarred _ < <(timed "tar-$r" "tar -C '$work/src/objects' -cf - mesh-media | zstd -1 -T2 -q > '$out/media.tar.zst'")
  read -r curl_db _ < <(timed "curl-db-$r" "$(tus_upload "$admin" "$out/db.sql.zst")")
  read -r curl_media _ < <(timed "curl-media-$r" "$(tus_upload "$admin" "$out/media.tar.zst")")
  "$pg/psql" $cloud_pg -d postgres -X -q -c "CREATE DATABASE restore_$r" > /dev/null
  "$pg/psql" $cloud_pg -d "restore_$r" -X -q -c "CREATE SCHEMA mesh" > /dev/null
  read -r psql _ < <(timed "psql-$r" "zstd -dc -q '$out/db.sql.zst' | $pg/psql $cloud_pg -d restore_$r -X -q -v ON_ERROR_STOP=1 > /dev/null")
  mkdir -p "$out/extracted"
  read -r untar _ < <(timed "untar-$r" "zstd -dc -q '$out/media.tar.zst' | tar -C '$out/extracted' -xf -")
  read -r cp _ < <(timed "cp-$r" "cp -r '$out/extracted/mesh-media' '$cloud_objects/bench-cp-$r'")
  read -r curl_bundle _ < <(timed "curl-bundle-$r" "$(tus_upload "$admin" "$bundle")")
  tools=$(echo "$dump + $tarred + $curl_db + $curl_media + $psql + $untar + $cp" | bc -l)
  result=$(jq -nc --argjson r "$r" --argjson ours "$ours" --argjson tools "$tools" --argjson upload "$upload" \
    --argjson curl "$curl_bundle" --argjson rss "$ours_rss" --argjson bytes "$(stat -c %s "$bundle")" \
    --argjson dump "$dump" --argjson tar "$tarred" --argjson curlDb "$curl_db" --argjson curlMedia "$curl_media" \
    --argjson psql "$psql" --argjson untar "$untar" --argjson cp "$cp" --argjson pushed "$pushed" \
    '{round:$r, pushSeconds:$ours, toolsSeconds:$tools, ratio:($ours/$tools), uploadSeconds:$upload,
      curlUploadSeconds:$curl, uploadRatio:($upload/$curl), bundleBytes:$bytes, pushPeakRssBytes:$rss,
      exportSeconds:$pushed.exportSeconds, cloudImportSeconds:$pushed.cloudImportSeconds,
      tools:{pgDump:$dump, tar:$tar, curlDb:$curlDb, curlMedia:$curlMedia, psql:$psql, untar:$untar, cp:$cp}}')
  echo "round $r: push $(printf %.1f "$ours") s (export $(jq -r '.exportSeconds|.*10|round/10' <<< "$result") s, upload $(printf %.1f "$upload") s, cloud import $(jq -r '.cloudImportSeconds|.*10|round/10' <<< "$result") s) vs tools $(printf %.1f "$tools") s: $(jq -r '.ratio*100|round/100' <<< "$result"); upload vs curl -T: $(jq -r '.uploadRatio*100|round/100' <<< "$result")"
  echo "result: $result"
  results+=("$result")
  rm -rf "$out/extracted"
  kill "$cloud_pid"; wait "$cloud_pid" 2> /dev/null || true
  rm -rf "$work/cloud-$r"
done
printf '%s\n' "${results[@]}" | jq -s '{rounds: length,
  ratio: (map(.ratio)|sort|.[length/2|floor]), ratioMin: (map(.ratio)|min), ratioMax: (map(.ratio)|max),
  uploadRatio: (map(.uploadRatio)|sort|.[length/2|floor]),
  pushSeconds: (map(.pushSeconds)|sort|.[length/2|floor]), toolsSeconds: (map(.toolsSeconds)|sort|.[length/2|floor])}' \
  | sed 's/^/summary: /'
echo "goals: push / tools <= 1.2, upload / curl -T <= 1.1, both JVMs within -Xmx256m (the run fails otherwise)"
