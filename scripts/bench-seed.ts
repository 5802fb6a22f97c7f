// What the HTTP benchmarks start from: a fresh database of N synthetic firms with their match
// lists, a signed-in member of a Chinese firm (its matches are ASEAN firms) and, when asked, a
// signed-in staff member. Imports the app only after DATABASE_URL is set.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export async function seedBenchDatabase({ label, companies: count, staff = false }: { label: string; companies: number; staff?: boolean }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bridge-bench-${label}-`));
  process.env.DATABASE_URL = path.join(dir, "bench.db");
  process.env.MAIL_DIR = path.join(dir, "mail");
  process.env.LOG_LEVEL = "silent";

  const { closeDb, getDb } = await import("../app/db.server");
  const { runMigrations } = await import("../db/migrate");
  const { insertCompany, writeSearch } = await import("../app/modules/companies/listing.server");
  const { syntheticProfile, asCompanyProfile } = await import("../app/modules/matching/synthetic");
  const { syncMatches } = await import("../app/modules/matching/sync.server");
  const { createUser } = await import("../app/modules/auth/users.server");
  const { createUserSession } = await import("../app/modules/auth/session.server");
  const { companyMembers, users } = await import("../db/schema");
  const { eq } = await import("drizzle-orm");

  runMigrations();
  const ids: number[] = [];
  getDb().transaction(() => {
    const later: Parameters<typeof writeSearch>[0] = [];
    for (let i = 0; i < count; i++)
      ids.push(
        insertCompany({ externalId: `bench-${i + 1}`, status: "approved", profile: asCompanyProfile(syntheticProfile(i, 1), i), published: true }, later),
      );
    writeSearch(later);
  });
  await syncMatches({ rebuild: true });
  const signIn = async (email: string, role: "member" | "staff") => {
    const created = await createUser({ email, name: `Bench ${role}`, password: `bench-${role}-password-2026`, locale: "en", role });
    if (!created.ok) throw new Error(created.reason);
    getDb().update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, created.user.id)).run();
    return { userId: created.user.id, cookie: (await createUserSession({ userId: created.user.id })).cookie.split(";")[0] };
  };
  const member = await signIn("bench@firm.test", "member");
  // Even numbers are Chinese firms.
  getDb().insert(companyMembers).values({ userId: member.userId, companyId: ids[0], role: "owner" }).run();
  const staffMember = staff ? await signIn("bench-staff@council.test", "staff") : null;
  closeDb();
  return { dir, memberCookie: member.cookie, staffCookie: staffMember?.cookie ?? null, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
