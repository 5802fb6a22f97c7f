// The demo data: accounts that can sign in, companies, and a year of introductions in every
// state — seeded twice without duplicates.
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { getDb } from "~/db.server";
import { authenticate, getUserByEmail } from "~/modules/auth/users.server";
import { countAwaitingAnswer, listIntroductionQueue, listIntroductionsForUser } from "~/modules/introductions/introductions.server";
import { INTRODUCTION_STATUSES } from "~/modules/introductions/labels";
import { companies, introductionEvents, introductions } from "../db/schema";
import { DEMO_ACCOUNTS, seedDemo } from "./seed";

it("seeds demo accounts, companies and introductions once", async () => {
  await seedDemo();
  await seedDemo();
  const db = getDb();
  for (const a of DEMO_ACCOUNTS) expect(await authenticate({ email: a.email, password: a.password })).not.toBeNull();
  expect(
    db
      .select({ n: sql<number>`count(*)` })
      .from(companies)
      .get()!.n,
  ).toBeGreaterThan(300);
  const byStatus = new Map(
    db
      .select({ s: introductions.status, n: sql<number>`count(*)` })
      .from(introductions)
      .groupBy(introductions.status)
      .all()
      .map((r) => [r.s, r.n]),
  );
  for (const s of INTRODUCTION_STATUSES) expect(byStatus.get(s) ?? 0, s).toBeGreaterThan(0);
  const withoutHistory = db
    .select({ n: sql<number>`count(*)` })
    .from(introductions)
    .where(sql`not exists (select 1 from ${introductionEvents} e where e.introduction_id = ${introductions.id})`)
    .get()!.n;
  expect(withoutHistory).toBe(0);
  expect(listIntroductionQueue().length).toBeGreaterThan(0);
  const firm = getUserByEmail({ email: "firm@demo.bridge.test" })!;
  expect(countAwaitingAnswer({ userId: firm.id })).toBe(1);
  expect(
    listIntroductionsForUser({ userId: firm.id })
      .map((i) => i.status)
      .sort(),
  ).toEqual(["accepted", "approved", "requested"]);
}, 60_000);
