-- One authenticated GET of a fixed path (BENCH_PATH): the bilan, or any read
-- used as a baseline. Without BENCH_TOKEN no Authorization header is sent (nginx).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local req
function init(args)
   local h = c.token ~= "" and c.auth_headers() or {}
   req = wrk.format("GET", os.getenv("BENCH_PATH"), h)
end
function request() return req end
