import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

// Each worker runs its own production server on a fresh database of its own (tests/e2e/fixtures.ts,
// docs/decisions/0006-e2e-server-per-worker.md), on a port of its own; the seed there creates the
// staff accounts below. The port is one the system says is free when the worker starts, so runs
// of several checkouts on one machine never meet; E2E_PORT, when set, fixes it at E2E_PORT + the
// worker's index. The app is built once, before the workers start (tests/e2e/global-setup.ts);
// scripts/test.sh, which has just built it, says so with E2E_BUILT=1.
// This file is loaded again in every worker, where TEST_PARALLEL_INDEX says which one it is.
const WORKER = Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/**
 * A port nobody listens on now: the system's pick for port 0, asked of a short child process,
 * because the specs' ORIGIN is a constant when their modules load, before any fixture runs. It is
 * picked once per process (this file may be evaluated twice in a worker); a worker does not take
 * the runner's pick, which it would inherit with the environment.
 */
function freePort(): number {
  const [pid, picked] = (process.env.E2E_PICKED_PORT ?? "").split(":");
  if (pid === String(process.pid) && picked) return Number(picked);
  const port = Number(
    execFileSync(process.execPath, [
      "-e",
      "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
    ]).toString(),
  );
  process.env.E2E_PICKED_PORT = `${process.pid}:${port}`;
  return port;
}

// The runner process loads this file too, but starts no server: it picks no port.
const inWorker = process.env.TEST_PARALLEL_INDEX !== undefined;
export const E2E_PORT = process.env.E2E_PORT ? Number(process.env.E2E_PORT) + WORKER : inWorker ? freePort() : 0;
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
