-- wrk script: GET /health, the trivial route measured in the same run as decisions.
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests_per_s=%.1f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
