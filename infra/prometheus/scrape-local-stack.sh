#!/usr/bin/env bash
# Starts Debian's real Prometheus (package `prometheus`) against a running local stack, places one order
# through the gateway, and shows from Prometheus's HTTP API that the saga metrics are scraped: the order's
# saga, the outbox that carried its commands, and every service's target up. Then it lists, per service,
# which metrics of metric-catalogue.txt the scrape holds.
#
#   mvn -Pstart -DskipTests package                 # the local stack, in another terminal
#   infra/prometheus/scrape-local-stack.sh
#
# A stack moved with LOCAL_STACK_PORT_OFFSET is followed (same variable). PROMETHEUS_PORT (9090 + offset)
# moves Prometheus; KEEP_RUNNING=1 keeps it up afterwards to browse http://localhost:$PROMETHEUS_PORT.
# Needs curl and python3 (JSON). Prometheus's data goes to a temporary directory, removed at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
offset="${LOCAL_STACK_PORT_OFFSET:-0}"
prometheus_port="${PROMETHEUS_PORT:-$((9090 + offset))}"
gateway="http://localhost:$((8080 + offset))"
prom="http://127.0.0.1:${prometheus_port}"

command -v prometheus >/dev/null || { echo "prometheus is not on the PATH: apt-get install prometheus" >&2; exit 1; }
curl -sf "$gateway/actuator/health/readiness" >/dev/null \
  || { echo "no ready gateway at $gateway: start the local stack first (LOCAL_STACK_PORT_OFFSET=$offset)" >&2; exit 1; }

work="$(mktemp -d)"
prometheus_pid=""
proxy_pid=""
cleanup() {
  if [[ -n "$prometheus_pid" ]]; then kill "$prometheus_pid" 2>/dev/null || true; wait "$prometheus_pid" 2>/dev/null || true; fi
  if [[ -n "$proxy_pid" ]]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Debian bookworm's Prometheus is 2.42, and the services' OpenMetrics scrape carries trace exemplars on
# the _count of timers, which Prometheus accepts only from 2.43 on (2.42 drops the whole scrape: "metric
# name ..._count does not support exemplars"). 2.42 cannot be told to ask for the plain text format, so
# when it is older than 2.43 it scrapes through a small proxy that asks each service for text/plain 0.0.4
# (no exemplars). docker-compose runs Prometheus 3, which needs none of this.
version="$(prometheus --version 2>&1 | head -1 | awk '{print $3}')"
proxy_port=""
if python3 -c 'import sys; v = tuple(int(x) for x in sys.argv[1].split("+")[0].split(".")[:2]); sys.exit(0 if v < (2, 43) else 1)' "$version"; then
  proxy_port="$((prometheus_port + 1))"
fi

# The same configuration with every service port moved by the stack's offset (and, through the proxy,
# localhost:PORT/actuator/prometheus becomes 127.0.0.1:PROXY/PORT/actuator/prometheus), alert rules beside it.
python3 - "$here/prometheus-local.yml" "$work/prometheus.yml" "$offset" "$proxy_port" <<'PY'
import re, sys
source, target, offset, proxy = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
text = open(source).read()
text = re.sub(r"localhost:(\d+)", lambda m: "localhost:%d" % (int(m.group(1)) + offset), text)
if proxy:
    # each job: metrics_path /actuator/prometheus on localhost:PORT -> /PORT/actuator/prometheus on the proxy
    jobs = re.split(r"(?m)^(?=  - job_name:)", text)
    for i, job in enumerate(jobs):
        port = re.search(r"localhost:(\d+)", job)
        if port and "metrics_path" in job:
            job = job.replace("metrics_path: /actuator/prometheus", "metrics_path: /%s/actuator/prometheus" % port.group(1))
            jobs[i] = job.replace("localhost:%s" % port.group(1), "127.0.0.1:%s" % proxy)
    text = "".join(jobs)
open(target, "w").write(text)
PY
if [[ -n "$proxy_port" ]]; then
  python3 - "$proxy_port" >"$work/proxy.log" 2>&1 <<'PY' &
import http.server, sys, urllib.request
class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        port, _, path = self.path.lstrip("/").partition("/")
        request = urllib.request.Request("http://localhost:%s/%s" % (port, path),
                                         headers={"Accept": "text/plain;version=0.0.4"})
        try:
            with urllib.request.urlopen(request, timeout=4) as answer:
                body, status, kind = answer.read(), answer.status, answer.headers["Content-Type"]
        except Exception as e:
            body, status, kind = str(e).encode(), 502, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Proxy).serve_forever()
PY
  proxy_pid=$!
fi
cp "$here/alerts.yml" "$work/alerts.yml"

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:${prometheus_port}" --log.level=warn >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
for _ in $(seq 1 30); do curl -sf "$prom/-/ready" >/dev/null && break; sleep 1; done
curl -sf "$prom/-/ready" >/dev/null || { cat "$work/prometheus.log" >&2; exit 1; }
echo "Prometheus $version on $prom, scraping the stack at offset $offset${proxy_port:+ (through the text-format proxy on 127.0.0.1:$proxy_port)}"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
call() { # method path [body]: as the admin user 1, through the gateway
  curl -sf -X "$1" "$gateway$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
query() { # PromQL -> "labels value" lines
  curl -sf "$prom/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    labels = ",".join("%s=%s" % (k, v) for k, v in sorted(r["metric"].items()) if k not in ("__name__", "instance", "application"))
    print("    %-70s %s" % ("{" + labels + "}", r["value"][1]))'
}

token="$(curl -sf -X POST "$gateway/api/v1/dev/tokens" -H 'Content-Type: application/json' \
  -d '{"userId": 1, "roles": ["admin"]}' | json 'd["token"]')"
user="$(call POST /api/v1/admin/users '{"name": "scrape-check"}' | json 'd["userId"]')"
call POST "/api/v1/users/$user/balance/charge" '{"amount": 50000}' >/dev/null
variant="$(call POST /api/v1/admin/products \
  '{"name": "Scrape check", "description": "one order for the metrics", "variants": [{"name": "one", "price": 12000, "stock": 5}]}' \
  | json 'd["variants"][0]["variantId"]')"
order="$(call POST /api/v1/orders "{\"userId\": $user, \"items\": [{\"variantId\": $variant, \"quantity\": 1}]}" | json 'd["orderId"]')"
status="$(call GET "/api/v1/orders/$order?waitMs=20000" | json 'd["status"]')"
echo "order #$order by user #$user: $status"

# Two scrape intervals (5 s) after the saga ended, its meters are in Prometheus.
sleep 12
echo
echo "targets up:";                            query 'up'
echo "order_saga_started_total:";              query 'order_saga_started_total'
echo "order_saga_ended_total:";                query 'order_saga_ended_total > 0'
echo "order_saga_duration_seconds mean:";     query 'sum by (outcome) (order_saga_duration_seconds_sum) / sum by (outcome) (order_saga_duration_seconds_count)'
echo "order_saga_step_latency_seconds_count:"; query 'order_saga_step_latency_seconds_count'
echo "order_saga_open / order_saga_failed:";   query 'order_saga_open or order_saga_failed'
echo "messaging_outbox_published_total:";      query 'sum by (job, topic) (messaging_outbox_published_total)'
echo "messaging_relay_streaming:";             query 'messaging_relay_streaming'
echo "alerts firing or pending:";              query 'ALERTS'

echo
echo "catalogue metrics in the scrape, per service:"
grep -v '^\s*#' "$here/metric-catalogue.txt" | awk 'NF {print $1}' | sort -u >"$work/catalogue"
curl -sf "$prom/api/v1/query" --data-urlencode 'query=group by (__name__, job) ({job!=""})' | python3 -c '
import json, sys
catalogue = set(open(sys.argv[1]).read().split())
seen = {}
for r in json.load(sys.stdin)["data"]["result"]:
    seen.setdefault(r["metric"]["job"], set()).add(r["metric"]["__name__"])
everywhere = set().union(*seen.values()) if seen else set()
for job in sorted(seen):
    print("    %-16s %3d of the catalogue" % (job, len(catalogue & seen[job])))
missing = sorted(catalogue - everywhere)
print("    not (yet) in any scrape: " + (", ".join(missing) if missing else "none"))
print("    (counters such as step timeouts, dead letters or late replies appear once the event happens)")
' "$work/catalogue"

if [[ "${KEEP_RUNNING:-0}" == 1 ]]; then
  echo; echo "Prometheus keeps running on $prom (Ctrl-C stops it)."
  wait "$prometheus_pid"
fi
