#!/usr/bin/env bash
# The whole suite: typecheck, vitest (unit + integration on real SQLite files), Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npm run --silent lint
echo "== build"; npx remix build
echo "== vitest"; npx vitest run
echo "== playwright"; npx playwright test
