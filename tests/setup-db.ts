// Every test file gets its own real SQLite file, migrated, and removes it afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { resetLoginLimits } from "~/modules/auth/rate-limit.server";
import { runMigrations } from "../db/migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-test-"));
process.env.DATABASE_URL = path.join(dir, "test.db");
// Vite sets BASE_URL to "/" for its own purposes; ours is the site's public origin.
delete process.env.BASE_URL;
process.env.LOG_LEVEL = "silent";
process.env.NODE_ENV = "test";
resetEnv();
closeDb();
runMigrations();
resetLoginLimits();

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
