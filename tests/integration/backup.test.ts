// db:backup while another process writes: the copy passes integrity_check, restoring it (as the
// README says: copy it over the database file with the server stopped) brings back every row
// that existed when the backup began, and the rows written meanwhile are a clean prefix — one
// moment of the database, not a mixture.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import { databasePath } from "~/env.server";
import { approveIntroduction, requestIntroduction } from "~/modules/introductions/workflow.server";
import { makeListedCompany, makeUser, makeVerifiedUser } from "../factories";

const tablesOf = (db: Database.Database) =>
  (
    db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%search%' order by name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
const rowsOf = (db: Database.Database, table: string) =>
  (db.prepare(`select * from "${table}"`).all() as object[]).map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString("base64") : v)));

it("backs up a live database consistently, and a restore finds every row", async () => {
  const staff = await makeUser({ role: "staff" });
  const users = await Promise.all([1, 2, 3].map((i) => makeVerifiedUser({ name: ["张伟", "Nguyễn Thị Lan", "สมชาย ใจดี"][i - 1] })));
  const companies = users.map((u, i) =>
    makeListedCompany({ profile: { name: ["蓝云科技", "Công ty Mây Xanh", "บริษัท ไทยคลาวด์"][i], country: (["CN", "VN", "TH"] as const)[i] }, members: [u.id] }),
  );
  const r = requestIntroduction({ userId: users[0].id, targetCompanyId: companies[1], purpose: "distribution", message: "你好" });
  if (!r.ok) throw new Error(r.reason);
  approveIntroduction({ introductionId: r.introductionId, staffUserId: staff.id });

  const live = getSqlite();
  live.exec("create table if not exists backup_probe (id integer primary key, at integer not null)");
  const before = new Map(tablesOf(live).map((t) => [t, rowsOf(live, t)]));

  // Another process writes as fast as it can while the backup runs.
  const writer = spawn(
    process.execPath,
    [
      "-e",
      `const db = new (require("better-sqlite3"))(process.argv[1]); db.pragma("busy_timeout = 5000");
       const ins = db.prepare("insert into backup_probe (at) values (?)"); process.stdout.write("go\\n");
       const end = Date.now() + 4000; while (Date.now() < end) ins.run(Date.now()); db.close();`,
      databasePath(),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => writer.stdout!.once("data", () => resolve()));
  await new Promise((r) => setTimeout(r, 300));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-backup-"));
  const file = path.join(dir, "nested", "bridge-backup.db");
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/db-backup.ts", file], {
    env: { ...process.env, DATABASE_URL: databasePath() },
    encoding: "utf8",
  });
  const report = JSON.parse(out.trim().split("\n").at(-1)!);
  expect(report).toMatchObject({ backup: file, integrity: "ok", companies: 3, introductions: 1 });
  expect(fs.existsSync(`${file}.partial`)).toBe(false);
  await new Promise((resolve) => writer.on("exit", resolve));

  // Restore: the backup file becomes the database file of a stopped app.
  const restoredPath = path.join(dir, "restored.db");
  fs.copyFileSync(file, restoredPath);
  const restored = new Database(restoredPath, { readonly: true });
  expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
  for (const [table, rows] of before) {
    if (table === "backup_probe") continue;
    expect(new Set(rowsOf(restored, table)), table).toEqual(new Set(rows));
  }
  const names = (restored.prepare("select name from companies order by id").all() as { name: string }[]).map((c) => c.name);
  expect(names).toEqual(["蓝云科技", "Công ty Mây Xanh", "บริษัท ไทยคลาวด์"]);
  // The writer's rows in the copy: ids 1..n with no gap, all of them older than the live table's later rows.
  const probe = (restored.prepare("select id from backup_probe order by id").all() as { id: number }[]).map((p) => p.id);
  const liveCount = (live.prepare("select count(*) as n from backup_probe").get() as { n: number }).n;
  expect(probe.length).toBeGreaterThan(0);
  expect(probe.length).toBeLessThan(liveCount);
  expect(probe.at(-1)).toBe(probe.length);
  restored.close();

  // A bad target is refused with a clear message and no file.
  expect(() =>
    execFileSync(process.execPath, ["--import", "tsx", "scripts/db-backup.ts"], { env: { ...process.env, DATABASE_URL: databasePath() }, stdio: "pipe" }),
  ).toThrow(/usage/);
}, 60_000);
