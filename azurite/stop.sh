#!/usr/bin/env bash
# Stops an Azurite started by start.sh --background.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pidfile="${AZURITE_DATA:-$here/data}/azurite.pid"
[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; rm -f "$pidfile"; exit 0
