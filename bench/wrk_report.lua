-- wrk script: request the addresses of BENCH_PATHS (one a line) in turn, then print one
-- line "BENCH {json}" with the requests, errors and latency percentiles, and how many
-- answers said each value of the page cache's header (X-Page-Cache: hit, stale, miss)
-- and how many were public pages: HTML, or marked by the page cache (a feed, a calendar);
-- and how many gunicorn workers answered (their X-Worker header).
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^\n]+") do
  table.insert(paths, path)
end
local counter = 0
-- Each wrk thread runs its own copy of this script: done() gathers the counts, which
-- thread:get() reads from each thread's globals.
local threads = {}
cache_counts = {}
worker_counts = {}
pages = 0

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter - 1) % #paths + 1])
end

response = function(status, headers, body)
  local worker = headers["X-Worker"] or headers["x-worker"]
  if worker then
    worker_counts[worker] = (worker_counts[worker] or 0) + 1
  end
  local kept = headers["X-Page-Cache"] or headers["x-page-cache"]
  if kept then
    cache_counts[kept] = (cache_counts[kept] or 0) + 1
  end
  local kind = headers["Content-Type"] or headers["content-type"] or ""
  if kept or string.find(kind, "text/html", 1, true) then
    pages = pages + 1
  end
end

local function counts_json(thread_counts)
  local parts = {}
  for value, count in pairs(thread_counts) do
    table.insert(parts, string.format('"%s": %d', string.gsub(value, '[^%w_-]', ''), count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
  local kept, all_pages, workers, answered = {}, 0, 0, {}
  for _, thread in ipairs(threads) do
    for worker, _count in pairs(thread:get("worker_counts") or {}) do
      if not answered[worker] then
        answered[worker] = true
        workers = workers + 1
      end
    end
    local thread_counts = thread:get("cache_counts") or {}
    for value, count in pairs(thread_counts) do
      kept[value] = (kept[value] or 0) + count
    end
    all_pages = all_pages + (thread:get("pages") or 0)
  end
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %f, "errors": %d, "error_kinds": '
      .. '{"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "pages": %d, "page_cache": %s, '
      .. '"workers": %d}\n',
    summary.requests, summary.duration / 1e6, failed,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    all_pages, counts_json(kept), workers))
end
