-- wrk script: POST /v1/decisions for random demo subjects. The key comes from the environment.
local key = os.getenv("CREDENCE_KEY")
local subjects = tonumber(os.getenv("CREDENCE_SUBJECTS") or "10000")
math.randomseed(42)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
request = function()
  local body = string.format('{"subject":"P-%07d","domain":"air-travel"}', math.random(1, subjects))
  return wrk.format(nil, "/v1/decisions", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests_per_s=%.1f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
