import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import { authenticate, getUserByEmail } from "~/modules/auth/users.server";

const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/staff-create.ts", ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env },
  });

describe("npm run staff:create", () => {
  it("creates a staff account with a one-time password that must be changed", async () => {
    const r = run(["--email", "Officer@Council.test", "--name", "Phạm Thu Hà"]);
    expect(r.status).toBe(0);
    const password = /one-time password: (\S+)/.exec(r.stdout)?.[1];
    expect(password && password.length).toBeGreaterThanOrEqual(16);
    const user = getUserByEmail({ email: "officer@council.test" });
    expect(user).toMatchObject({ role: "staff", name: "Phạm Thu Hà", mustChangePassword: true });
    expect(await authenticate({ email: "officer@council.test", password: password! })).not.toBeNull();
  });

  it("creates an admin with a password read from standard input, and prints no password", async () => {
    const r = run(["--email", "chief@council.test", "--name", "王主任", "--admin"], "a long admin passphrase\n");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("passphrase");
    expect(getUserByEmail({ email: "chief@council.test" })).toMatchObject({ role: "admin", mustChangePassword: false });
    expect(await authenticate({ email: "chief@council.test", password: "a long admin passphrase" })).not.toBeNull();
  });

  it("refuses a duplicate, a weak password and missing arguments with a message and exit 1", () => {
    expect(run(["--email", "chief@council.test", "--name", "Again"], "another long passphrase").stderr).toContain("already exists");
    const weak = run(["--email", "weak@council.test", "--name", "Weak"], "short");
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain("12 characters");
    const missing = run(["--name", "Nobody"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("usage");
    expect(getUserByEmail({ email: "weak@council.test" })).toBeNull();
  });
});

describe("npm run staff:create with a hostile name", () => {
  it("refuses a name with a line break or control character, with a message naming the field, and creates nothing", () => {
    for (const [email, name] of [
      ["mallory@council.test", "Mallory\r\nBcc: x@y"],
      ["tab@council.test", "Tab\tName"],
      ["esc@council.test", "Esc\u001b[31mName"], // (a NUL cannot be passed on a command line)
    ]) {
      const r = run(["--email", email, "--name", name], "a long enough passphrase");
      expect(r.status, name).toBe(1);
      expect(r.stderr).toContain("name: The person's name must be on one line");
      expect(getUserByEmail({ email })).toBeNull();
    }
  });
});

describe("database connection", () => {
  it("runs SQLite with WAL, synchronous NORMAL, foreign keys and a busy timeout", () => {
    const db = getSqlite();
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("applies migrations idempotently from the command line", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "db/migrate.ts"], { encoding: "utf8", env: process.env });
    expect(out).toContain("migrated");
  });
});
