#!/usr/bin/env bash
# README command 2: sets up and runs every test, then prints one last line "N passed, N failed, N skipped".
# Works on a fresh machine (root, .NET SDK, Node/npm, apt). Extra arguments go to `dotnet test`
# (for example: bash scripts/test.sh --filter "FullyQualifiedName~Replay").
# Environment: K8SAIOPS_TEST_VERBOSITY (console logger verbosity, default normal),
#              K8SAIOPS_TEST_HANG_TIMEOUT (a test host silent this long is killed and counted failed, default 20m).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.artifacts/test-results"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# Builds must not leave MSBuild nodes or the compiler server holding this script's output open (CI waits on it).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
if [ -n "${CI:-}" ]; then
  trap 'dotnet build-server shutdown >/dev/null 2>&1 || true' EXIT
fi

command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH."
command -v npm >/dev/null || die "Node.js/npm is not on PATH (Azurite needs it)."

# --- Debian packages --------------------------------------------------------------------------
# prometheus, prometheus-alertmanager: the Prometheus client and the alerting tests run the real ones. chromium: the
# approval end-to-end test drives it with Playwright (never `playwright install`: the browser is Debian's). kubernetes-client: stock kubectl for the
# sandbox tests, unless a kubectl is already on PATH (the machine image ships one, and both own /usr/bin/kubectl).
apt_packages=(prometheus prometheus-alertmanager chromium)
command -v kubectl >/dev/null || apt_packages+=(kubernetes-client)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_updated=""
apt_update() { [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }; }
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's kubernetes-client kubectl (1.20) is also unpacked beside the repository, so the sandbox's kubectl
# tests run with it as well as with the kubectl on PATH.
debian_kubectl="$root/.artifacts/tools/kubernetes-client/usr/bin/kubectl"
if [ ! -x "$debian_kubectl" ]; then
  say "Unpacking Debian's kubernetes-client into .artifacts/tools"
  apt_update
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download -qq kubernetes-client) || die "apt-get download kubernetes-client failed."
  mkdir -p "$root/.artifacts/tools/kubernetes-client"
  dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$root/.artifacts/tools/kubernetes-client"
  rm -rf "$tmp"
fi

# --- Azurite (the tests start their own from azurite/node_modules) ----------------------------
if [ ! -x azurite/node_modules/.bin/azurite ] || [ azurite/package-lock.json -nt azurite/node_modules/.package-lock.json ] \
   || [ azurite/package.json -nt azurite/node_modules/.package-lock.json ]; then
  say "Installing Azurite (npm ci in azurite/)"
  (cd azurite && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in azurite/ failed."
fi

# --- Build -------------------------------------------------------------------------------------
say "Building K8sAiops.Functions.sln (Release)"
if ! dotnet build K8sAiops.Functions.sln -c Release -nologo -v minimal -tl:off -nodeReuse:false; then
  die "the build failed (errors above); no tests were run."
fi

# --- Test --------------------------------------------------------------------------------------
rm -rf "$results"
mkdir -p "$results"
log="$results/dotnet-test.log"
say "Running the tests (TRX files in ${results#"$root"/})"
set +e
# One test project at a time (-m:1): on this 2-core machine, projects in parallel starve each other's real-time
# tests (timers, Prometheus, Alertmanager) of CPU; tests inside a project still run in parallel.
dotnet test K8sAiops.Functions.sln -c Release --no-build -nologo -tl:off -m:1 \
  --results-directory "$results" \
  --logger "trx;LogFilePrefix=tests" \
  --logger "console;verbosity=${K8SAIOPS_TEST_VERBOSITY:-normal}" \
  --blame-hang-timeout "${K8SAIOPS_TEST_HANG_TIMEOUT:-20m}" --blame-hang-dump-type none \
  "$@" 2>&1 | tee "$log"
test_rc=${PIPESTATUS[0]}
set -e

# --- Summary from every TRX file's <Counters .../> ----------------------------------------------
# xunit v2 reports a skipped test as counted in total but not in executed (notExecuted stays 0),
# so skipped = total - executed. Errors, timeouts and aborts count as failed.
attr() { grep -o " $1=\"[0-9]*\"" <<<"$2" | grep -o '[0-9]\+' || echo 0; }
passed=0 failed=0 skipped=0 total=0 files=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1 || true)"
  [ -n "$counters" ] || { echo "test.sh: no <Counters> in $trx" >&2; failed=$((failed + 1)); continue; }
  files=$((files + 1))
  t=$(attr total "$counters"); e=$(attr executed "$counters")
  total=$((total + t))
  passed=$((passed + $(attr passed "$counters")))
  f=$(($(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
  outcome="$(grep -o '<ResultSummary outcome="[A-Za-z]*"' "$trx" | head -n1 | sed 's/.*="\(.*\)"/\1/' || true)"
  if [ "$f" -eq 0 ] && [ "$outcome" != "Completed" ] && [ "$outcome" != "Passed" ] && [ "$outcome" != "Warning" ]; then
    # A run that aborted (test host crashed or was killed as hung) counts as one failure.
    echo "test.sh: the run in ${trx#"$root"/} ended '$outcome' (test host crashed or hung); counted as 1 failed." >&2
    f=1
  fi
  failed=$((failed + f))
  skipped=$((skipped + t - e))
done

status=0
reported=$(grep -c '^Results File: .*\.trx' "$log" || true)
if [ "$files" -eq 0 ]; then
  echo "test.sh: no TRX file was written: no test project ran." >&2; status=1
elif [ "$total" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: the test projects ran but contained no tests." >&2; status=1
elif [ "$reported" -gt "$files" ]; then
  echo "test.sh: $reported test runs reported a TRX file but only $files exist (one was overwritten); counts are incomplete." >&2; status=1
fi
if [ "$failed" -gt 0 ]; then
  status=1
elif [ "$test_rc" -ne 0 ]; then
  echo "test.sh: dotnet test exited with $test_rc (a test host crashed or hung?); see $log" >&2; status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
