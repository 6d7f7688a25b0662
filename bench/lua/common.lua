-- Shared by the wrk scripts of bench/run. The data file (BENCH_DATA, written by
-- bench/make_data.py) holds sample ids, references with their CINs, regions with
-- their provinces, and name prefixes; BENCH_TOKEN is a Bearer token.
local M = {}

M.data = dofile(os.getenv("BENCH_DATA"))
M.token = os.getenv("BENCH_TOKEN") or ""
M.program = os.getenv("BENCH_PROGRAM") or "MASAR"

-- Each wrk thread numbers itself (setup() hands out ids), so that generated CINs
-- and random sequences differ between threads.
local counter = 0
function M.setup(thread)
   counter = counter + 1
   thread:set("thread_id", counter)
end

function M.seed()
   math.randomseed((thread_id or 1) * 7919 + os.time())
end

function M.pick(list)
   return list[math.random(#list)]
end

function M.auth_headers()
   return {["Authorization"] = "Bearer " .. M.token, ["Accept"] = "application/json"}
end

-- One machine-readable line for bench/run, then wrk's own summary follows.
function M.done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "connect_err=%d read_err=%d write_err=%d status_err=%d timeout=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end

return M
