-- First page (50) of the staff list filtered by programme, region and status.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local headers
local statuses = {"submitted", "under_review", "eligible", "accepted", "in_training",
   "waitlisted"}
function init(args) c.seed(); headers = c.auth_headers() end
function request()
   local region = c.pick(c.data.regions)
   return wrk.format("GET", "/api/v1/applications?program=" .. c.program .. "&region=" ..
      region.code .. "&status=" .. c.pick(statuses) .. "&limit=50", headers)
end
