-- wrk script: each request asks for a random certificate from the file $IDS (one ID a line),
-- under the path prefix $PREFIX (default /api/v1/certificates/).
--
-- The requests are formatted once, in init, and request() only picks one: wrk runs on the same
-- two cores as the server, and building each request in Lua (string concatenation and
-- wrk.format) cost it about a microsecond a request, counted against the endpoint under test.
-- This is what wrk's SCRIPTING notes advise for fast servers.
local requests = {}
local prefix = os.getenv("PREFIX") or "/api/v1/certificates/"

init = function(args)
  for line in io.lines(os.getenv("IDS")) do
    if #line > 0 then requests[#requests + 1] = wrk.format("GET", prefix .. line) end
  end
  math.randomseed(os.time() + #requests)
end

request = function()
  return requests[math.random(#requests)]
end
