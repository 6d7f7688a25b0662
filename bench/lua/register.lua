-- Public registration, a new CIN on every request: one Latin letter per wrk
-- thread (the generator's CINs have two) and a counter of six digits.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done

local letters = "BCDEFGHIJKLMNOPRSTUVWXYZ"
local firsts = {{"Fatima", "فاطمة"}, {"Khadija", "خديجة"}, {"Aicha", "عائشة"},
   {"Meryem", "مريم"}, {"Naima", "نعيمة"}, {"Zineb", "زينب"}, {"Hanane", "حنان"},
   {"Salma", "سلمى"}, {"Souad", "سعاد"}, {"Amina", "أمينة"}}
local lasts = {{"El Idrissi", "الإدريسي"}, {"Benali", "بنعلي"}, {"Alaoui", "العلوي"},
   {"Tazi", "التازي"}, {"Berrada", "برادة"}, {"Amrani", "أمراني"}, {"Ouali", "والي"},
   {"Chraibi", "الشرايبي"}, {"Bennani", "بناني"}, {"Ait Lahcen", "آيت لحسن"}}
local year = tonumber(os.date("%Y"))
local n = 0
local letter, path

function init(args)
   c.seed()
   local i = ((thread_id or 1) - 1) % #letters + 1
   letter = letters:sub(i, i)
   path = "/api/v1/programs/" .. c.program .. "/applications"
end

function request()
   n = n + 1
   local f, l = c.pick(firsts), c.pick(lasts)
   local region = c.pick(c.data.regions)
   local body = string.format(
      '{"cin":"%s%06d","first_name":"%s","last_name":"%s","first_name_ar":"%s",' ..
      '"last_name_ar":"%s","birth_date":"%04d-%02d-%02d","sex":"F","phone":"06%08d",' ..
      '"region":"%s","province":"%s","commune":"Centre","education":"secondary",' ..
      '"situation":"unemployed","project_idea":"Atelier de couture","consent":true}',
      letter, n % 1000000, f[1], l[1], f[2], l[2], year - 20 - math.random(0, 20),
      math.random(1, 12), math.random(1, 28), math.random(0, 99999999),
      region.code, c.pick(region.provinces))
   return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end
