-- wrk script: each request asks for a random certificate from the file $IDS (one ID a line),
-- under the path prefix $PREFIX (default /api/v1/certificates/).
local ids = {}
local prefix = os.getenv("PREFIX") or "/api/v1/certificates/"

init = function(args)
  for line in io.lines(os.getenv("IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + #ids)
end

request = function()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
