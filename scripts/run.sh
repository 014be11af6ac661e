#!/usr/bin/env bash
# README command 1: starts Azurite and the K8sAiops host on this machine, waits until the host is healthy,
# prints its health and URLs, and keeps running until Ctrl-C (which stops the host and the Azurite it started).
# Environment: K8SAIOPS_PORT (default 7071), K8SAIOPS_START_TIMEOUT in seconds (default 120),
#              AZURITE_BLOB_PORT/AZURITE_QUEUE_PORT/AZURITE_TABLE_PORT (defaults 10000/10001/10002).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${K8SAIOPS_PORT:-7071}"
timeout="${K8SAIOPS_START_TIMEOUT:-120}"
base="http://127.0.0.1:$port"
table_port="${AZURITE_TABLE_PORT:-10002}"

say() { printf '==> %s\n' "$*"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# GET $base$1; sets http_status and http_body. Uses curl when present, else bash's /dev/tcp.
http_get() {
  http_status=000 http_body=""
  if command -v curl >/dev/null; then
    local out
    out="$(curl -s -m 5 -w '\n%{http_code}' "$base$1" 2>/dev/null)" || return 0
    http_status="${out##*$'\n'}"; http_body="${out%$'\n'*}"
  else
    local resp
    resp="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
              printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" "$port" >&3
              timeout 5 cat <&3) 2>/dev/null)" || return 0
    http_status="$(head -n1 <<<"$resp" | cut -d' ' -f2)"
    http_body="$(sed '1,/^\r\{0,1\}$/d' <<<"$resp")"
  fi
}

if listening "$port"; then
  echo "run.sh: something already listens on 127.0.0.1:$port; stop it or set K8SAIOPS_PORT." >&2
  exit 1
fi

started_azurite=false
host_pid=""
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    say "Stopping the host (pid $host_pid)"
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$host_pid" 2>/dev/null || true
  fi
  if [ "$started_azurite" = true ]; then
    say "Stopping Azurite"
    bash azurite/stop.sh
  fi
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

say "Starting Azurite (data in azurite/data)"
listening "$table_port" || started_azurite=true
bash azurite/start.sh --background

if [ -z "${AzureWebJobsStorage:-}" ] && [ "${AZURITE_BLOB_PORT:-10000}${AZURITE_QUEUE_PORT:-10001}$table_port" != "100001000110002" ]; then
  # UseDevelopmentStorage=true means the default ports; spell the connection out for other ones.
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT:-10000}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT:-10001}/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
fi

say "Building the host if needed (Release)"
K8SAIOPS_BUILD_ONLY=1 ./k8saiops

say "Starting the host on $base"
export ASPNETCORE_URLS="$base"
./k8saiops serve --urls "$base" &
host_pid=$!

deadline=$((SECONDS + timeout))
until http_get /health && [ "$http_status" = 200 ]; do
  if ! kill -0 "$host_pid" 2>/dev/null; then
    rc=0; wait "$host_pid" || rc=$?
    host_pid=""
    echo "run.sh: the host exited (code $rc) before it became healthy; its output is above." >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "run.sh: the host did not answer 200 on $base/health within ${timeout}s (last status: $http_status)." >&2
    exit 1
  fi
  sleep 0.5
done

cat <<MSG

K8sAiops is running.
  health:          $base/health
  $http_body
  management API:  $base/runtime/webhooks/durabletask/instances  (needs a function key: ?code=... or x-functions-key)
  storage:         Azurite on 127.0.0.1:${AZURITE_BLOB_PORT:-10000} (blob), :${AZURITE_QUEUE_PORT:-10001} (queue), :$table_port (table)
Press Ctrl-C to stop.

MSG

rc=0; wait "$host_pid" || rc=$?
if kill -0 "$host_pid" 2>/dev/null; then exit 0; fi   # interrupted: the trap stops everything
host_pid=""
echo "run.sh: the host exited with code $rc." >&2
exit "$rc"
