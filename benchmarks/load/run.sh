#!/usr/bin/env bash
# HTTP load on a real Mesh-Lite, as users run it: the built jar, `serve` on the embedded default (embedded PostgreSQL
# with its production settings, the embedded S3 store), driven by Debian's wrk with traffic.lua.
#
#   run.sh mixed [CONNECTIONS] [SECONDS]    members reading (75 %) and writing (25 %) one room; default 200, 300 s
#   run.sh busy-move [CONNECTIONS]          a room written to (50 %) and read (50 %) by CONNECTIONS clients while it
#                                           is decentralised and then re-centralised, another room read throughout;
#                                           default 100
#   run.sh slow-clients [UPLOADS]           one member sends UPLOADS (default 300) sendMessage bodies at 10 bytes/s
#                                           while /health and another member's fetchMessages are timed
#   run.sh fanout [CLIENTS] [WRITERS] [RATE] [SECONDS]
#                                           CLIENTS readers (default 1000) hold a room's event stream while WRITERS
#                                           members (default 20) send RATE messages a second each (default 5) for
#                                           SECONDS (default 120): every reader must get every message once; delay
#                                           from a send's 201 to receipt, the server's heap and threads (the load
#                                           client is FanoutClient.java, the JDK's HttpClient)
#   run.sh verify [MESSAGES]                a room of MESSAGES (default 200000) messages: what anonymous and member
#                                           callers get from GET .../verify, and the CPU a check costs when its caller
#                                           leaves after 1 s
#
# Each prints what it measured and one line of JSON per run (`result: {...}`). Needs wrk, curl and jq (Debian), and
# the jar (built if missing). Environment: MESH_LITE_JAR, BENCH_KEEP=1 keeps the work folder, BENCH_JAVA_OPTS adds JVM
# options to the server (a flight recording, say).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jar=${MESH_LITE_JAR:-$top/lite-server/target/mesh-lite.jar}
for tool in wrk curl jq; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
if [ ! -f "$jar" ]; then
  (cd "$top" && ./mvnw -B -q -DskipTests package)
fi

mode=${1:-}
[ -n "$mode" ] && shift
work=$(mktemp -d /tmp/mesh-load.XXXXXX)
server=0
cleanup() {
  if [ "$server" -gt 0 ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

admin=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | cut -c1-40)
base=""

start_server() {
  # shellcheck disable=SC2086
  MESH_ADMIN_TOKEN=$admin java ${BENCH_JAVA_OPTS:-} -jar "$jar" serve --data-dir "$work/data" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
  server=$!
  for _ in $(seq 1 240); do
    grep -q "Press Ctrl+C" "$work/serve.out" 2> /dev/null && break
    kill -0 "$server" 2> /dev/null || { tail -20 "$work/serve.log" >&2; echo "run.sh: the server died" >&2; exit 1; }
    sleep 0.5
  done
  base=$(sed -n 's/^Mesh-Lite is running at //p' "$work/serve.out")
  [ -n "$base" ] || { tail -20 "$work/serve.log" >&2; echo "run.sh: the server did not start" >&2; exit 1; }
  base=${base/localhost/127.0.0.1}
}

api() {  # api METHOD PATH [JSON]: the admin's request; prints the body, fails on a status >= 400
  local method=$1 path=$2 body=${3:-}
  curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $admin" -H "Content-Type: application/json" \
    ${body:+--data "$body"} "$base$path"
}

new_room() {  # new_room SLUG: prints its id
  api POST /api/room "{\"slug\":\"$1\",\"name\":\"Room $1\",\"visibility\":\"public\"}" | jq -r .id
}

members() {  # members ROOM COUNT: creates COUNT members of ROOM, prints their tokens comma-separated
  local room=$1 count=$2 tokens="" user
  for i in $(seq 1 "$count"); do
    user=$(api POST /api/users "{\"handle\":\"load$RANDOM$i\",\"displayName\":\"Load $i\"}")
    api POST "/api/room/$room/members" "{\"userId\":\"$(jq -r .user.id <<< "$user")\"}" > /dev/null
    tokens="$tokens${tokens:+,}$(jq -r .token <<< "$user")"
  done
  echo "$tokens"
}

traffic() {  # traffic ROOM TOKENS WRITE_PCT CONNECTIONS SECONDS RUN: wrk's JSON line; acknowledged bodies in $work/ack-RUN.*
  MESH_ROOM=$1 MESH_TOKENS=$2 MESH_WRITE_PCT=$3 MESH_RUN=$6 MESH_ACK_FILE=$work/ack-$6 \
    wrk -t2 -c"$4" -d"$5"s --timeout 30s -s "$here/traffic.lua" "$base" | tail -1
}

# compare RUN ROOM: the run's acknowledged messages against the room's stored ones, as JSON: stored, duplicates,
# lost (acknowledged, not stored: goal 0), and unacknowledged (stored, but wrk stopped before reading the answer;
# at most one per connection)
compare() {
  local run=$1 room=$2 cursor="" page
  : > "$work/stored-$run.txt"
  while :; do
    page=$(curl -sS -H "Authorization: Bearer $admin" "$base/api/fetchMessages?roomId=$room&limit=1000${cursor:+&cursor=$cursor}")
    jq -r '.messages[].body' <<< "$page" | { grep "^$run-" || true; } >> "$work/stored-$run.txt"
    cursor=$(jq -r '.next // empty' <<< "$page")
    [ -n "$cursor" ] || break
  done
  cat "$work"/ack-"$run".* | sort > "$work/acked-$run.sorted"
  sort "$work/stored-$run.txt" > "$work/stored-$run.sorted"
  local stored distinct lost unacknowledged
  stored=$(wc -l < "$work/stored-$run.sorted")
  distinct=$(sort -u "$work/stored-$run.sorted" | wc -l)
  lost=$(comm -23 "$work/acked-$run.sorted" <(sort -u "$work/stored-$run.sorted") | wc -l)
  unacknowledged=$(comm -13 "$work/acked-$run.sorted" <(sort -u "$work/stored-$run.sorted") | wc -l)
  echo "{\"stored\":$stored,\"duplicates\":$((stored - distinct)),\"lost\":$lost,\"unacknowledged\":$unacknowledged}"
}

await_move() {  # await_move ROOM: waits for the room's latest move to finish; prints its status JSON
  local status
  for _ in $(seq 1 3600); do
    status=$(curl -sS -N --max-time 2 -H "Accept: text/event-stream" -H "Authorization: Bearer $admin" \
      "$base/api/room/$1/decentralise/status" 2> /dev/null | sed -n 's/^data: *//p' | tail -1 || true)
    if [ -n "$status" ] && [ "$(jq -r .state <<< "$status")" != running ]; then
      echo "$status"
      return
    fi
    sleep 0.5
  done
  echo "run.sh: the move did not finish" >&2
  exit 1
}

database_settings() {
  curl -sS "$base/health" | jq -r '.checks.database.detail // empty'
}

host() {
  echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -r);" \
    "$(java -version 2>&1 | head -1)"
}

case "$mode" in
  mixed)
    connections=${1:-200}
    seconds=${2:-300}
    start_server
    host
    echo "database: $(database_settings)"
    room=$(new_room mixed)
    tokens=$(members "$room" "$connections")
    # history to page through, as in a lived-in room
    traffic "$room" "$tokens" 100 20 20 warm > /dev/null
    result=$(traffic "$room" "$tokens" 25 "$connections" "$seconds" mixed)
    echo "mixed load: $connections connections, 75 % fetchMessages (50 a page) / 25 % sendMessage, $seconds s"
    line=$(jq -c --argjson check "$(compare mixed "$room")" \
      '. + $check + {errors: (.serverErrors + .unavailable503 + .socketErrors + .timeouts)}' <<< "$result")
    echo "result: $line"
    if [ -n "${BENCH_SUMMARY:-}" ]; then # ./bench all: this round's rows of the summary table
      what="mixed HTTP load, $connections connections, 75 % fetchMessages / 25 % sendMessage, $seconds s"
      jq -r --arg what "$what" '
        ["load-errors", $what + ": errors", "-", "<= 0", .errors, "\(.requests) requests"],
        ["load-p99", $what + ": p99 (ms)", "-", "<= 250", .p99ms, "p50 \(.p50ms) ms, max \(.maxms) ms"],
        ["load-rps", $what + ": requests/s", "-", "-", .rps, "\(.requests) requests in \(.seconds) s"]
        | @tsv' <<< "$line" >> "$BENCH_SUMMARY"
      printf '@database\tload (Mesh-Lite serve, embedded default)\t%s\n' "$(database_settings)" >> "$BENCH_SUMMARY"
    fi
    ;;
  fanout)
    clients=${1:-1000}
    writers=${2:-20}
    rate=${3:-5}
    seconds=${4:-120}
    start_server
    host
    echo "database: $(database_settings)"
    room=$(new_room fanout)
    # a signed-in person may hold 16 streams (tabs, devices): readers share one member each per 16 streams
    readers=$(members "$room" $(( (clients + 15) / 16 )))
    senders=$(members "$room" "$writers")
    java -Xmx1g "$here/FanoutClient.java" "$base" "$room" "$readers" "$senders" "$clients" "$writers" "$rate" "$seconds" \
      | tee "$work/fanout.out"
    ;;
  busy-move)
    connections=${1:-100}
    start_server
    host
    echo "database: $(database_settings)"
    busy=$(new_room busy)
    other=$(new_room other)
    tokens=$(members "$busy" "$connections")
    other_tokens=$(members "$other" 4)
    traffic "$busy" "$tokens" 100 20 20 warm > /dev/null
    # the other room's reads without a move, under the same load on the busy room
    traffic "$busy" "$tokens" 50 "$connections" 30 calm > "$work/calm-busy.json" &
    calm=$!
    quiet_calm=$(traffic "$other" "$other_tokens" 0 4 30 calm-other)
    wait "$calm"
    for direction in decentralise recentralise; do
      traffic "$busy" "$tokens" 50 "$connections" 40 "$direction" > "$work/$direction-busy.json" &
      load=$!
      traffic "$other" "$other_tokens" 0 4 40 "$direction-other" > "$work/$direction-other.json" &
      reader=$!
      sleep 10
      api POST "/api/room/$busy/$direction" '{}' > /dev/null
      status=$(await_move "$busy")
      wait "$load" "$reader"
      echo "$direction under load: $connections connections (50 % sendMessage / 50 % fetchMessages) on room busy;" \
        "4 connections reading room other"
      jq -c --slurpfile busy "$work/$direction-busy.json" --slurpfile other "$work/$direction-other.json" \
        --argjson calm "$quiet_calm" --argjson check "$(compare "$direction" "$busy")" \
        '{direction: .direction, state: .state, fenceMillis: .fenceMillis, fenceAttempts: .fenceAttempts,
          error: .error, acknowledged: $busy[0].created} + $check + {
          busy5xx: ($busy[0].serverErrors + $busy[0].unavailable503), busySocketErrors: $busy[0].socketErrors,
          busyRps: $busy[0].rps, busyP99ms: $busy[0].p99ms,
          otherP99ms: $other[0].p99ms, otherP99msWithoutMove: $calm.p99ms,
          otherRatio: (($other[0].p99ms / $calm.p99ms) * 100 | round / 100), other5xx: $other[0].serverErrors}' \
        <<< "$status" | sed 's/^/result: /'
    done
    ;;
  slow-clients)
    uploads=${1:-300}
    start_server
    host
    room=$(new_room slow)
    slow=$(members "$room" 1)
    other=$(members "$room" 1)
    head -c 100000 /dev/zero | tr '\0' 'x' | sed 's/^/{"body":"/; s/$/"}/' > "$work/body.json"
    time_requests() {  # time_requests LABEL: 20 rounds of /health and the other member's page; the slowest of each
      local worst_health=0 worst_read=0 h r
      for _ in $(seq 1 20); do
        h=$(curl -s -o /dev/null -w '%{time_total}' "$base/health")
        r=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $other" "$base/api/fetchMessages?roomId=$room")
        worst_health=$(echo "$h $worst_health" | awk '{print ($1 > $2) ? $1 : $2}')
        worst_read=$(echo "$r $worst_read" | awk '{print ($1 > $2) ? $1 : $2}')
        sleep 0.5
      done
      echo "$1: slowest /health $(awk "BEGIN{print $worst_health * 1000}") ms, slowest other member's fetchMessages" \
        "$(awk "BEGIN{print $worst_read * 1000}") ms"
    }
    time_requests "without slow uploads"
    : > "$work/slow-status.txt"
    uploaders=()
    for _ in $(seq 1 "$uploads"); do
      curl -s -o /dev/null -w '%{http_code}\n' --limit-rate 10 --max-time 60 -H "Authorization: Bearer $slow" \
        -H "x-room-id: $room" -H "Content-Type: application/json" --data-binary @"$work/body.json" \
        "$base/api/sendMessage" >> "$work/slow-status.txt" &
      uploaders+=($!)
    done
    sleep 3
    time_requests "with $uploads slow uploads by one member"
    wait "${uploaders[@]}" || true
    echo "the slow uploads were answered: $(sort "$work/slow-status.txt" | uniq -c | tr '\n' ' ')"
    ;;
  verify)
    messages=${1:-200000}
    start_server
    host
    room=$(new_room verify)
    api POST /api/sendMessage?roomId=$room '{"body":"the signed original"}' > /dev/null
    port=$(sed -n 's/^postgresPort=//p' "$work/data/instance.properties")
    PGPASSWORD=$(cat "$work/data/db.password") psql -q -h 127.0.0.1 -p "$port" -U mesh postgres -c "
      INSERT INTO mesh.messages (id, room_id, author_id, body, created_at, signature, original_id, original_room_id)
      SELECT g.id, m.room_id, m.author_id, 'copy ' || g.n, now() - make_interval(secs => g.n), m.signature, g.id, m.room_id
      FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $messages) n) g,
           (SELECT * FROM mesh.messages WHERE room_id = '$room' LIMIT 1) m" > /dev/null
    echo "a room of $((messages + 1)) messages"
    echo "anonymous: $(curl -s -o /dev/null -w '%{http_code}' "$base/api/room/$room/verify") (in $(curl -s -o /dev/null -w '%{time_total}' "$base/api/room/$room/verify") s)"
    cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
    ticks=$(getconf CLK_TCK)
    before=$(cpu)
    curl -s -o /dev/null --max-time 1 -H "Authorization: Bearer $admin" "$base/api/room/$room/verify" || true
    sleep 5
    after=$(cpu)
    echo "a member's check, caller gone after 1 s: the server used $(awk "BEGIN{print ($after - $before) / $ticks}") s of CPU in the 6 s after it was asked"
    before=$(cpu)
    start=$(date +%s.%N)
    curl -s -o "$work/report.json" -H "Authorization: Bearer $admin" "$base/api/room/$room/verify"
    end=$(date +%s.%N)
    after=$(cpu)
    echo "the whole check, waited for: $(awk "BEGIN{print $end - $start}") s, $(awk "BEGIN{print ($after - $before) / $ticks}") s of CPU; $(jq -c '{checked, valid}' "$work/report.json")"
    ;;
  *)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
