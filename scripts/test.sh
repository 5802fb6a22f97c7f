#!/usr/bin/env bash
# The whole suite: typecheck, lint, one build, vitest (unit + integration on real SQLite files),
# Playwright. The build is made once here; E2E_BUILT=1 tells Playwright's global setup not to
# make it again (`npm run test:e2e` alone builds first, so it never tests a stale build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npm run --silent lint
echo "== build"; npx remix build
echo "== vitest"; npx vitest run --maxWorkers=2
echo "== playwright"; E2E_BUILT=1 npx playwright test
