// Several processes decide the same introduction requests at the same moment, each as a
// different staff member. Exactly one decision per request wins; every other attempt is refused
// and names the winner; the history, audit log and e-mails show that one decision only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, introductionEvents, introductions, outbox } from "../../db/schema";
import { getDb, getSqlite } from "~/db.server";
import { databasePath } from "~/env.server";
import { setWeeklyCap } from "~/modules/introductions/settings.server";
import { requestIntroduction } from "~/modules/introductions/workflow.server";
import { makeListedCompany, makeUser, makeVerifiedUser } from "../factories";
import { startRacer } from "../racer";

const WORKERS = 4;
const REQUESTS = 40;

type Result = { id: number; action: "approve" | "decline"; ok: boolean; reason?: string; decidedBy?: { email: string } | null };

it(`${WORKERS} processes deciding ${REQUESTS} requests at once: one decision each`, async () => {
  const requester = await makeVerifiedUser();
  makeListedCompany({ members: [requester.id] });
  const staff = await Promise.all(Array.from({ length: WORKERS }, (_, i) => makeUser({ role: "staff", name: `Racer ${i}` })));
  setWeeklyCap({ cap: REQUESTS, staffUserId: staff[0].id });
  const ids: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const target = await makeVerifiedUser();
    const b = makeListedCompany({ profile: { country: "ID" }, members: [target.id] });
    const r = requestIntroduction({ userId: requester.id, targetCompanyId: b, purpose: "distribution", message: `request ${i}` });
    if (!r.ok) throw new Error(r.reason);
    ids.push(r.introductionId);
  }
  getSqlite().pragma("wal_checkpoint(TRUNCATE)");

  const goFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bridge-race-")), "go");
  const children = staff.map((s, worker) => {
    const racer = startRacer(
      "tests/intro-race-process.ts",
      { DATABASE_URL: databasePath(), RACE_IDS: JSON.stringify(ids), RACE_STAFF: s.id, RACE_WORKER: String(worker), RACE_GO: goFile },
      `worker ${worker}`,
    );
    return { ready: racer.ready, done: racer.done.then((out) => JSON.parse(out.split("\n").filter(Boolean).at(-1)!) as Result[]) };
  });
  await Promise.all(children.map((c) => c.ready));
  fs.writeFileSync(goFile, "go");
  const all = (await Promise.all(children.map((c) => c.done))).flat();

  const db = getDb();
  for (const id of ids) {
    const attempts = all.filter((r) => r.id === id);
    expect(attempts).toHaveLength(WORKERS);
    const winners = attempts.filter((r) => r.ok);
    expect(winners, `request ${id}`).toHaveLength(1);
    const row = db.select().from(introductions).where(eq(introductions.id, id)).get()!;
    const winnerStaff = staff.find((s) => s.id === row.decidedByUserId)!;
    expect(row.status).toBe(winners[0].action === "approve" ? "approved" : "declined_by_staff");
    for (const loser of attempts.filter((r) => !r.ok)) {
      expect(loser).toMatchObject({ reason: "illegal_transition", decidedBy: { email: winnerStaff.email } });
    }
    expect(
      db
        .select()
        .from(introductionEvents)
        .where(eq(introductionEvents.introductionId, id))
        .all()
        .map((e) => e.kind),
    ).toEqual(["requested", row.status === "approved" ? "approved" : "declined_by_staff"]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(id)))
        .all(),
    ).toHaveLength(1);
    const mails = db
      .select({ template: outbox.template, key: outbox.key })
      .from(outbox)
      .all()
      .filter((m) => /^intro-(approved|declined-staff):/.test(m.key) && m.key.split(":")[1] === String(id));
    expect(mails.map((m) => m.template)).toEqual([row.status === "approved" ? "intro_for_you" : "intro_declined_by_staff"]);
  }
  expect(getSqlite().pragma("integrity_check", { simple: true })).toBe("ok");
}, 120_000);
