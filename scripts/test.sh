#!/usr/bin/env bash
# The whole suite: typecheck, lint, one build, vitest (unit + integration on real SQLite files),
# Playwright. The build is made once here; E2E_BUILT=1 tells Playwright's global setup not to
# make it again (`npm run test:e2e` alone builds first, so it never tests a stale build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# Typecheck, lint and the build read the same files and each keeps one core busy at most: they run
# side by side, each into a log of its own, shown in order; any failure stops the run.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
npx tsc --noEmit >"$logs/typecheck" 2>&1 & typecheck=$!
npm run --silent lint >"$logs/lint" 2>&1 & lint=$!
npx remix build >"$logs/build" 2>&1 & build=$!
failed=0
for step in typecheck lint build; do
  echo "== $step"
  wait "${!step}" || failed=1
  cat "$logs/$step"
done
if [[ $failed -ne 0 ]]; then echo "typecheck, lint or build failed (above)" >&2; exit 1; fi
echo "== vitest"; npx vitest run --maxWorkers=2
echo "== playwright"; E2E_BUILT=1 npx playwright test
