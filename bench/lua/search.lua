-- Staff search by name prefix within a region: ?q= the first letters of a
-- frequent first or family name (data file), one region, first page of 20.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local headers
function init(args) c.seed(); headers = c.auth_headers() end
function request()
   local region = c.pick(c.data.regions)
   return wrk.format("GET", "/api/v1/applications?program=" .. c.program .. "&region=" ..
      region.code .. "&q=" .. c.pick(c.data.prefixes) .. "&limit=20", headers)
end
