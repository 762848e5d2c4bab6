-- Orders for npm run bench:intake, run by wrk with one connection per thread
-- (wrk -t C -c C), so each thread's Lua state knows the one request it has in
-- flight: every order sent is accounted for as accepted (with its orderId),
-- refused (by status), unanswered (a socket error or timeout) or still in
-- flight when wrk stopped. Each order has its own customer.
--
-- SURGE_WRK_RATE > 0 is an open model, wrk2-style: request k of a connection is
-- due at start + k * connections / rate, and its latency counts from that due
-- time, so a slow answer that delays the next request still shows in the
-- figures (no coordinated omission). SURGE_WRK_RATE = 0 is a closed model:
-- each connection sends as soon as the previous answer arrived.
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } surge_timespec;
int clock_gettime(int clock, surge_timespec *ts);
]])
local ts = ffi.new("surge_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local RATE = tonumber(os.getenv("SURGE_WRK_RATE") or "0")
local CONNECTIONS = tonumber(os.getenv("SURGE_WRK_CONNECTIONS") or "1")
local PREFIX = os.getenv("SURGE_WRK_PREFIX") or "w"
local OUT = os.getenv("SURGE_WRK_OUT")
local HEADERS = { ["Content-Type"] = "application/json" }

-- setup() and done() share one Lua state, apart from the threads' states.
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

-- Per thread (read by done() through thread:get).
latencies = {}
accepted = {}
refused = {}
unanswered = {}
inflight = false

local sent, answered, interval, next_due, due, sent_at, inspected = 0, 0, 0, 0, 0, 0, false

function init(_args)
  if RATE > 0 then
    interval = 1e6 * CONNECTIONS / RATE
    -- Connections start spread over one interval, not all at once.
    next_due = now_us() + interval * (id - 1) / CONNECTIONS
  end
end

if RATE > 0 then
  function delay()
    local wait = (next_due - now_us()) / 1000
    return wait > 0 and math.ceil(wait) or 0
  end
end

local function order_body(customer, n)
  return '{"customerId":"' .. customer .. '","currency":"EUR","items":[{"sku":"SKU-' .. (n % 97)
    .. '","quantity":1},{"sku":"SKU-' .. (n % 13) .. '","quantity":2}]}'
end

function request()
  -- Before starting, wrk calls the first thread's request() once to inspect
  -- it (script_verify_request); that one is never sent.
  if id == 1 and not inspected then
    inspected = true
    return wrk.format("POST", "/orders", HEADERS, order_body("inspected", 0))
  end
  if inflight then
    unanswered[#unanswered + 1] = inflight -- wrk reconnected after an error
  end
  sent = sent + 1
  if RATE > 0 then
    due = next_due
    next_due = next_due + interval
  else
    due = now_us()
  end
  inflight = PREFIX .. id .. "-" .. sent
  sent_at = now_us()
  return wrk.format("POST", "/orders", HEADERS, order_body(inflight, sent))
end

function response(status, _headers, body)
  answered = answered + 1
  local now = now_us()
  -- From the due time (what the shopper waited), the status, and from the send (what the server took).
  latencies[answered] = math.floor(now - due) .. " " .. status .. " " .. math.floor(now - sent_at)
  if status == 202 then
    accepted[#accepted + 1] = inflight .. " " .. (body:match('"orderId":"([^"]+)"') or "?")
  else
    refused[#refused + 1] = status
  end
  inflight = false
end

-- Writes SURGE_WRK_OUT: "L <µs from due> <status> <µs from send>" per answer, "A <customer> <orderId>",
-- "R <status>", "U <customer>" (unanswered), "F <customer>" (in flight at the end).
function done(summary, _latency, _requests)
  local out = assert(io.open(OUT, "w"))
  out:write("D ", summary.duration, "\n")
  for _, thread in ipairs(threads) do
    for _, v in ipairs(thread:get("latencies")) do out:write("L ", v, "\n") end
    for _, v in ipairs(thread:get("accepted")) do out:write("A ", v, "\n") end
    for _, v in ipairs(thread:get("refused")) do out:write("R ", v, "\n") end
    for _, v in ipairs(thread:get("unanswered")) do out:write("U ", v, "\n") end
    local flying = thread:get("inflight")
    if flying then out:write("F ", flying, "\n") end
  end
  out:close()
end
