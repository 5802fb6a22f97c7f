import { defineConfig, devices } from "@playwright/test";

// One production server on a fresh database for the whole run. Its seed (below) creates the
// staff accounts the tests sign in with; everything else the tests create through the UI.
// E2E_PORT lets two checkouts on one machine run their browser tests side by side.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DIR = "data/e2e";
export const E2E_STAFF = { email: "staff@e2e.test", name: "E2E Staff", password: "e2e-staff-password-2026" };
export const E2E_ADMIN = { email: "admin@e2e.test", name: "E2E Admin", password: "e2e-admin-password-2026" };

const seedStaff = (a: typeof E2E_STAFF, admin: boolean) =>
  `printf '%s' '${a.password}' | node --import tsx scripts/staff-create.ts --email ${a.email} --name '${a.name}'${admin ? " --admin" : ""} >/dev/null`;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
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
  webServer: {
    command: [
      `rm -rf ${E2E_DIR}`,
      "npx remix build >/dev/null",
      "node --import tsx db/migrate.ts >/dev/null",
      seedStaff(E2E_STAFF, false),
      seedStaff(E2E_ADMIN, true),
      "exec node --import tsx server.ts",
    ].join(" && "),
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATABASE_URL: `${E2E_DIR}/e2e.db`,
      MAIL_DIR: `${E2E_DIR}/mail`,
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      // Every browser of the run signs in from 127.0.0.1: the per-address limit is for the real world.
      LOGIN_ADDRESS_LIMIT: "1000",
    },
  },
});
