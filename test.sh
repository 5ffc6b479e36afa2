#!/usr/bin/env bash
# Runs every test of Authpipe. Starts (and on a fresh Debian machine, installs) the PostgreSQL
# that the store tests run against, then runs the Maven build with all tests and checks.
set -euo pipefail
cd "$(dirname "$0")"

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "test.sh: installing PostgreSQL (Debian package) for the store tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fresh_install=1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  if [ "${fresh_install:-0}" = 1 ]; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
fi
if command -v psql >/dev/null 2>&1 && id postgres >/dev/null 2>&1; then
  su postgres -c "psql -tAq -c \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" 2>/dev/null | grep -q 1 \
    || su postgres -c "createdb test" 2>/dev/null || true
fi

# The browser tests drive Debian's Chromium through its ChromeDriver (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium and chromium-driver for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The JavaScript SDKs build and test with Node 20 or later and npm.
if ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: installing Debian's nodejs and npm for the JavaScript SDK tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

# Reports from an earlier run would be counted again below, so they go first.
rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports ./sdk/*/build
./mvnw -B -q verify "$@"

# The JavaScript SDKs, tested against the jar that the Maven build just made.
for package in sdk/node sdk/react; do
  (cd "$package" && npm ci --no-audit --no-fund --loglevel=error && npm test --silent)
done

# Maven is quiet on success; close with one line that counts what ran, from the JUnit reports of
# Surefire, Failsafe and node:test.
total=0 failed=0 skipped=0
for report in ./*/target/surefire-reports/TEST-*.xml ./*/target/failsafe-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  attr() { printf '%s' "$header" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(attr tests)))
  failed=$((failed + $(attr failures) + $(attr errors)))
  skipped=$((skipped + $(attr skipped)))
done
occurrences() { { grep -o "$1" "$2" || true; } | wc -l; }
for report in ./sdk/*/build/junit.xml; do
  [ -f "$report" ] || continue
  total=$((total + $(occurrences '<testcase ' "$report")))
  failed=$((failed + $(occurrences '<failure ' "$report")))
  skipped=$((skipped + $(occurrences '<skipped' "$report")))
done
if [ "$total" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
echo "tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
