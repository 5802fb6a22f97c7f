import { defineConfig, devices } from "@playwright/test";

// Each worker runs its own production server on a fresh database of its own (tests/e2e/fixtures.ts,
// docs/decisions/0006-e2e-server-per-worker.md), on port E2E_PORT + the worker's index; the seed
// there creates the staff accounts below. E2E_PORT lets two checkouts on one machine run their
// browser tests side by side. The app is built once, before the workers start
// (tests/e2e/global-setup.ts); scripts/test.sh, which has just built it, says so with E2E_BUILT=1.
// This file is loaded again in every worker, where TEST_PARALLEL_INDEX says which one it is.
const WORKER = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210) + WORKER;
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DIR = `data/e2e/worker-${WORKER}`;
export const E2E_STAFF = { email: "staff@e2e.test", name: "E2E Staff", password: "e2e-staff-password-2026" };
export const E2E_ADMIN = { email: "admin@e2e.test", name: "E2E Admin", password: "e2e-admin-password-2026" };

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "tests/e2e/global-setup.ts",
  // A limit for a test that hangs, not a measure of speed: two workers share two cores with their servers.
  timeout: 120_000,
  // Files spread over the workers; the tests of one file share what its beforeAll made, in order.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
});
