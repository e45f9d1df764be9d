-- wrk script: POST /v1/decisions for random demo subjects. The key comes from the environment.
-- The request is formatted once, with a placeholder subject of the same width, and each request
-- only puts a random subject's number into it: wrk.format per request cost the client as much CPU
-- as a quarter of the server's work, on the same two cores.
local key = os.getenv("CREDENCE_KEY")
local subjects = tonumber(os.getenv("CREDENCE_SUBJECTS") or "10000")
math.randomseed(42)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
local head, tail
request = function()
  if head == nil then
    local template = wrk.format(nil, "/v1/decisions", nil, '{"subject":"P-0000000","domain":"air-travel"}')
    local at = string.find(template, "P-0000000", 1, true)
    head = string.sub(template, 1, at + 1)
    tail = string.sub(template, at + 9)
  end
  return head .. string.format("%07d", math.random(1, subjects)) .. tail
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests_per_s=%.1f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
