#!/usr/bin/env bash
# Starts Azurite (blob, queue, table) on loopback with its data in azurite/data (git-ignored).
# Usage: azurite/start.sh [--background]   Ports: AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002).
# With --background it returns once all three services accept connections and writes the PID to azurite/data/azurite.pid.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ ! -x node_modules/.bin/azurite ]; then
  echo "azurite: installing the pinned npm package (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
data="${AZURITE_DATA:-$here/data}"
mkdir -p "$data"
blob="${AZURITE_BLOB_PORT:-10000}"; queue="${AZURITE_QUEUE_PORT:-10001}"; table="${AZURITE_TABLE_PORT:-10002}"
args=(--silent --disableTelemetry --skipApiVersionCheck --loose --location "$data"
      --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue"
      --tableHost 127.0.0.1 --tablePort "$table")
if [ "${1:-}" != "--background" ]; then
  exec node_modules/.bin/azurite "${args[@]}"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null; then
  echo "azurite: something already listens on 127.0.0.1:$table; using it." >&2
  exit 0
fi
nohup node_modules/.bin/azurite "${args[@]}" >"$data/azurite.log" 2>&1 &
echo $! >"$data/azurite.pid"
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$queue") 2>/dev/null \
     && (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null; then
    echo "azurite: listening on 127.0.0.1:$blob (blob), :$queue (queue), :$table (table); data in $data" >&2
    exit 0
  fi
  sleep 0.2
done
echo "azurite: did not start within 20 s; see $data/azurite.log" >&2
exit 1
