-- Staff (admin, national scope) reads one application by id: ids drawn from the
-- whole range of the benchmark programme.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local headers
function init(args) c.seed(); headers = c.auth_headers() end
function request()
   local id = math.random(c.data.min_id, c.data.max_id)
   return wrk.format("GET", "/api/v1/applications/" .. id, headers)
end
