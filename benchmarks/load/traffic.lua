-- wrk script: a room's traffic as members make it. Each request is a sendMessage (a share of MESH_WRITE_PCT percent)
-- or a fetchMessages page of 50, against the room MESH_ROOM, as one of the members in MESH_TOKENS (comma-separated),
-- picked at random per request (give about as many members as connections: people have a connection or two each). Every message body is unique ("<run>-<thread>-<n>"), so the stored room can be checked against
-- what was acknowledged: with MESH_ACK_FILE set, each thread appends the bodies of its acknowledged messages to
-- "<MESH_ACK_FILE>.<thread>". Prints one JSON line at the end: counts per status, 201s, 5xx with and without
-- Retry-After, latency percentiles.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  room = os.getenv("MESH_ROOM")
  write_pct = tonumber(os.getenv("MESH_WRITE_PCT") or "50")
  run = os.getenv("MESH_RUN") or "run"
  local tokens = {}
  for t in string.gmatch(os.getenv("MESH_TOKENS") or "", "[^,]+") do
    table.insert(tokens, t)
  end
  n = 0
  created, ok, client_errors, unavailable, server_errors, other = 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() + id * 7919)
  post_headers, get_headers = {}, {}
  for i, t in ipairs(tokens) do
    post_headers[i] = {["Content-Type"] = "application/json", ["x-room-id"] = room, ["Authorization"] = "Bearer " .. t}
    get_headers[i] = {["Authorization"] = "Bearer " .. t}
  end
  page_path = "/api/fetchMessages?roomId=" .. room .. "&limit=50"
  local ack = os.getenv("MESH_ACK_FILE")
  acknowledged = ack and io.open(ack .. "." .. id, "w") or nil
end

function request()
  local who = math.random(#post_headers)
  if math.random(100) <= write_pct then
    n = n + 1
    return wrk.format("POST", "/api/sendMessage", post_headers[who],
        '{"body":"' .. run .. '-' .. id .. '-' .. n .. ' load message"}')
  end
  return wrk.format("GET", page_path, get_headers[who])
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    if acknowledged then
      acknowledged:write(string.match(body, '"body":"([^"]*)"') or "?", "\n")
      acknowledged:flush()
    end
  elseif status < 300 then
    ok = ok + 1
  elseif status == 503 and headers["Retry-After"] ~= nil then
    unavailable = unavailable + 1
  elseif status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local t = {created = 0, ok = 0, client_errors = 0, unavailable = 0, server_errors = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + thread:get(k)
    end
  end
  local e = summary.errors
  io.write(string.format('{"requests":%d,"seconds":%.3f,"rps":%.1f,"created":%d,"ok":%d,"clientErrors":%d,'
      .. '"unavailable503":%d,"serverErrors":%d,"other":%d,"socketErrors":%d,"timeouts":%d,'
      .. '"p50ms":%.2f,"p90ms":%.2f,"p99ms":%.2f,"maxms":%.2f}\n',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), t.created, t.ok,
      t.client_errors, t.unavailable, t.server_errors, t.other, e.connect + e.read + e.write, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000))
end
