-- wrk script: POST one check-in log entry per request, authenticated with $GRADUS_TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("GRADUS_TOKEN")
wrk.body = '{"date":"2026-11-20","type":"checkin","pain":4,"stiffness":3,"new_red_flags":[]}'

done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, non-2xx %d\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
