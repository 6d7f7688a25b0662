-- Public status check of existing applications (reference and CIN both match).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
function init(args) c.seed() end
function request()
   local a = c.pick(c.data.apps)
   return wrk.format("GET", "/api/v1/applications/status?reference=" .. a[2] .. "&cin=" .. a[3])
end
