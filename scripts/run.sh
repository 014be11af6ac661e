#!/usr/bin/env bash
# README command 1: the main job on the embedded default. Starts Azurite, the sandbox cluster serving the bundled
# sample snapshot, and the K8sAiops host reading that cluster; posts the bundled sample Alertmanager alert to
# /api/alerts, waits for the DiagnoseAlert orchestration to dry-run its fix and ask for approval, prints the
# approval page's URL, waits for the decision made there (or makes it, with K8SAIOPS_APPROVE=name), then prints the
# diagnosis, the fix as applied and verified, and the cluster's state, and keeps running until Ctrl-C (which stops
# the host, the sandbox and the Azurite it started).
# Environment: K8SAIOPS_PORT (default 7071), K8SAIOPS_START_TIMEOUT in seconds (default 120),
#              K8SAIOPS_APPROVE (approve the sample fix as this name instead of waiting for a person),
#              K8SAIOPS_SNAPSHOT / K8SAIOPS_ALERT (defaults samples/snapshot, samples/alert.json),
#              AZURITE_BLOB_PORT/AZURITE_QUEUE_PORT/AZURITE_TABLE_PORT (defaults 10000/10001/10002).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${K8SAIOPS_PORT:-7071}"
timeout="${K8SAIOPS_START_TIMEOUT:-120}"
base="http://127.0.0.1:$port"
table_port="${AZURITE_TABLE_PORT:-10002}"
snapshot="${K8SAIOPS_SNAPSHOT:-samples/snapshot}"
alert="${K8SAIOPS_ALERT:-samples/alert.json}"
kubeconfig="$root/.artifacts/sandbox/kubeconfig"

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

# POST the file $2 as JSON to $base$1 with the function key; sets http_status and http_body (curl, else /dev/tcp).
http_post() {
  http_status=000 http_body=""
  if command -v curl >/dev/null; then
    local out
    out="$(curl -s -m 15 -w '\n%{http_code}' -H 'Content-Type: application/json' -H "x-functions-key: $key" \
            --data-binary "@$2" "$base$1" 2>/dev/null)" || return 0
    http_status="${out##*$'\n'}"; http_body="${out%$'\n'*}"
  else
    local resp length
    length="$(wc -c <"$2")"
    resp="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
              printf 'POST %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/json\r\nx-functions-key: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' \
                "$1" "$port" "$key" "$length" >&3
              cat "$2" >&3
              timeout 15 cat <&3) 2>/dev/null)" || return 0
    http_status="$(head -n1 <<<"$resp" | cut -d' ' -f2)"
    http_body="$(sed '1,/^\r\{0,1\}$/d' <<<"$resp")"
  fi
}

# Reads a JSON document on stdin and prints the value at the dotted path $1 (Node.js is always there: Azurite needs it).
json_get() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v==null?v:v[k];console.log(v==null?"":typeof v==="object"?JSON.stringify(v):v)})' "$1"; }

[ -e "$snapshot" ] || { echo "run.sh: the snapshot $snapshot does not exist (K8SAIOPS_SNAPSHOT)." >&2; exit 2; }
[ -f "$alert" ] || { echo "run.sh: the alert $alert does not exist (K8SAIOPS_ALERT)." >&2; exit 2; }

started_azurite=false
host_pid=""
sandbox_pid=""
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    say "Stopping the host (pid $host_pid)"
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$host_pid" 2>/dev/null || true
  fi
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    say "Stopping the sandbox cluster (pid $sandbox_pid)"
    kill -TERM "$sandbox_pid" 2>/dev/null || true
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

say "Starting the sandbox cluster with $snapshot"
rm -f "$kubeconfig"
./k8saiops sandbox --snapshot "$snapshot" --kubeconfig "$kubeconfig" &
sandbox_pid=$!
for _ in $(seq 1 120); do
  [ -s "$kubeconfig" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { sandbox_pid=""; echo "run.sh: the sandbox stopped; its message is above." >&2; exit 1; }
  sleep 0.5
done
[ -s "$kubeconfig" ] || { echo "run.sh: the sandbox wrote no kubeconfig within 60 s." >&2; exit 1; }

say "Starting the host on $base"
export ASPNETCORE_URLS="$base"
export Collect__Kubernetes__Kubeconfig="$kubeconfig"
export Remediation__VerifyInterval="${Remediation__VerifyInterval:-00:00:02}"  # a quicker first look at the sample fix than the default 10 s
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

health="$http_body"
key="${Management__FunctionKeys:-}"; key="${key%%,*}"
[ -n "$key" ] || key="$(cat .artifacts/host/function-key)"

say "Posting the sample alert $alert to $base/api/alerts"
http_post /api/alerts "$alert"
case "$http_status" in
  200|202) ;;
  *) echo "run.sh: /api/alerts answered $http_status: $http_body" >&2; exit 1 ;;
esac
instance="$(json_get id <<<"$http_body")"
status_path="/runtime/webhooks/durabletask/instances/$instance?code=$key"
http_get "$status_path"
if [ "$http_status" = 200 ] && command -v curl >/dev/null; then
  # The same sample alert ran to the end on an earlier start (its state is in azurite/data): purge it and post again,
  # so this run shows the whole loop against the freshly started sandbox.
  say "The sample ran on an earlier start ($(json_get runtimeStatus <<<"$http_body")); purging $instance and posting it again"
  curl -s -o /dev/null -m 15 -X DELETE -H "x-functions-key: $key" "$base/runtime/webhooks/durabletask/instances/$instance" || true
  http_post /api/alerts "$alert"
  case "$http_status" in
    200|202) ;;
    *) echo "run.sh: /api/alerts answered $http_status: $http_body" >&2; exit 1 ;;
  esac
fi
say "Waiting for the diagnosis (instance $instance)"
asked=""
while :; do
  http_get "$status_path"
  [ "$http_status" = 200 ] && break   # the instance ended (202 while it runs)
  approval_url=""
  [ "$http_status" = 202 ] && approval_url="$(json_get customStatus.approval.url <<<"$http_body")"
  if [ -n "$approval_url" ] && [ "$approval_url" != "$asked" ]; then
    asked="$approval_url"
    cat <<MSG

Diagnosis of $(json_get alerts.0.labels.alertname <"$alert"): $(json_get customStatus.category <<<"$http_body") on $(json_get customStatus.targets.0 <<<"$http_body")
  proposed fix: $(json_get customStatus.approval.summary <<<"$http_body") (risk $(json_get customStatus.approval.risk <<<"$http_body"))
  dry run:      done against the live object; the page shows its diff

Open this link to approve or reject the fix (it expires $(json_get customStatus.approval.expiresAt <<<"$http_body")):

  $approval_url

Chat channels get the same link on their card (Notify__Channels__N__*; none is configured by default).
MSG
    if [ -n "${K8SAIOPS_APPROVE:-}" ]; then
      command -v curl >/dev/null || { echo "run.sh: K8SAIOPS_APPROVE needs curl." >&2; exit 1; }
      say "Approving as '$K8SAIOPS_APPROVE' (K8SAIOPS_APPROVE is set)"
      code="$(curl -s -o /dev/null -w '%{http_code}' -m 15 --data-urlencode decision=approve --data-urlencode "approver=$K8SAIOPS_APPROVE" \
                --data-urlencode "comment=approved by scripts/run.sh" "$approval_url")" || code=000
      [ "$code" = 200 ] || { echo "run.sh: the approval page answered $code." >&2; exit 1; }
    else
      say "Waiting for your decision (Ctrl-C stops everything)"
    fi
  fi
  if [ -z "$asked" ] && [ "$SECONDS" -ge "$((deadline + timeout))" ]; then
    echo "run.sh: no diagnosis within ${timeout}s (last status $http_status: $http_body)." >&2
    exit 1
  fi
  sleep 0.5
done
runtime="$(json_get runtimeStatus <<<"$http_body")"
if [ "$runtime" != "Completed" ]; then
  echo "run.sh: the diagnosis ended $runtime: $(json_get output <<<"$http_body")" >&2
  exit 1
fi

remediation="$(json_get output.remediation.status <<<"$http_body")"
target_kind="$(json_get output.remediation.target.kind <<<"$http_body")"
target_ns="$(json_get output.remediation.target.namespace <<<"$http_body")"
target_name="$(json_get output.remediation.target.name <<<"$http_body")"
cat <<MSG

Diagnosis of $(json_get alerts.0.labels.alertname <"$alert") ($runtime)
  root cause:  $(json_get output.rootCause.category <<<"$http_body") on $(json_get output.rootCause.resource.kind <<<"$http_body") $(json_get output.rootCause.resource.namespace <<<"$http_body")/$(json_get output.rootCause.resource.name <<<"$http_body") (confidence $(json_get output.rootCause.confidence <<<"$http_body"))
  summary:     $(json_get output.rootCause.summary <<<"$http_body")
  first fix:   $(json_get output.actions.0.kind <<<"$http_body") — $(json_get output.actions.0.description <<<"$http_body")
  fix:         ${remediation:-none}$( [ -n "$(json_get output.remediation.decidedBy <<<"$http_body")" ] && printf ' (decided by %s)' "$(json_get output.remediation.decidedBy <<<"$http_body")")
               $(json_get output.remediation.detail <<<"$http_body")
  status URL:  $base$status_path
  audit trail: $base/api/instances/$instance/audit?code=$key
MSG
if [ "$target_kind" = Deployment ] && command -v kubectl >/dev/null; then
  printf '  in the cluster now (kubectl):\n'
  kubectl --kubeconfig "$kubeconfig" -n "$target_ns" get deployment "$target_name" \
    -o custom-columns='NAME:.metadata.name,READY:.status.readyReplicas,WANTED:.spec.replicas,MEMORY LIMIT:.spec.template.spec.containers[*].resources.limits.memory,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision' \
    | sed 's/^/    /' || true
fi

cat <<MSG

K8sAiops is running.
  health:          $base/health  $health
  alerts webhook:  $base/api/alerts?code=$key  (Alertmanager receiver URL)
  management API:  $base/runtime/webhooks/durabletask/instances  (needs a function key: ?code=... or x-functions-key)
  sandbox cluster: kubectl --kubeconfig $kubeconfig get pods -A
  storage:         Azurite on 127.0.0.1:${AZURITE_BLOB_PORT:-10000} (blob), :${AZURITE_QUEUE_PORT:-10001} (queue), :$table_port (table)
Press Ctrl-C to stop.

MSG

rc=0; wait "$host_pid" || rc=$?
if kill -0 "$host_pid" 2>/dev/null; then exit 0; fi   # interrupted: the trap stops everything
host_pid=""
echo "run.sh: the host exited with code $rc." >&2
exit "$rc"
