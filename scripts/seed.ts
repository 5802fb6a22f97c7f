// Demo data for `npm run demo`. Deterministic and idempotent: running it twice changes nothing.
import { eq, inArray } from "drizzle-orm";
import { getDb } from "../app/db.server";
import { createUser, getUserByEmail } from "../app/modules/auth/users.server";
import { importCompanies } from "../app/modules/companies/import.server";
import { importRowSchema } from "../app/modules/companies/schemas";
import { companies, companyMembers, users } from "../db/schema";
import { generateCompanies, type GeneratedCompany } from "./demo-data/companies";
import { seedDemoIntroductions } from "./demo-data/introductions";
import { nowSeconds } from "../app/utils/time";

export const DEMO_ACCOUNTS = [
  { email: "firm@demo.bridge.test", name: "Wei Zhang 张伟", password: "lanyun-cloud-demo-2026", role: "member", locale: "zh" },
  { email: "staff@demo.bridge.test", name: "Siti Rahma", password: "council-staff-demo-2026", role: "staff", locale: "en" },
  { email: "admin@demo.bridge.test", name: "Nguyễn Văn An", password: "council-admin-demo-2026", role: "admin", locale: "en" },
] as const;

export async function seedDemo() {
  for (const account of DEMO_ACCOUNTS) {
    if (getUserByEmail({ email: account.email })) continue;
    const created = await createUser({ ...account, role: account.role });
    if (!created.ok) throw new Error(`could not create demo account ${account.email}: ${created.reason}`);
    // Demo addresses (.test) can receive no mail: they start confirmed, so the demo is usable.
    getDb().update(users).set({ emailVerifiedAt: nowSeconds() }).where(eq(users.id, created.user.id)).run();
  }
  seedDemoCompanies();
  seedDemoIntroductions();
}

const DEMO_APPROVED_COMPANIES = 320;
const DEMO_PENDING_COMPANIES = 6;

/** The demo firm user's own company. */
const DEMO_FIRM: GeneratedCompany = {
  externalId: "demo-lanyun-cloud",
  name: "Lanyun Cloud Technology",
  localName: "蓝云科技",
  country: "CN",
  city: "Nanning",
  website: "https://lanyun.example.cn",
  foundedYear: 2012,
  size: "250-999",
  languages: ["zh", "en"],
  sectors: ["cloud"],
  offers: ["cloud.iaas", "cloud.managed_services"],
  needs: ["role.distribution", "role.market_access"],
  partnershipTypes: ["distribution", "joint_venture"],
  targetMarkets: ["ID", "VN"],
  description: "Regional cloud provider looking for resellers and system integrators to bring its public cloud to Indonesian and Vietnamese enterprises.",
  contactName: "Wei Zhang 张伟",
  contactEmail: "firm@demo.bridge.test",
};

/**
 * Hundreds of approved companies over every country and sector, a few awaiting review, and the
 * demo firm user's company: one transaction, through the same import code staff use. Companies
 * already present are left as they are (a demo session may have changed them).
 */
function seedDemoCompanies() {
  const approved = [DEMO_FIRM, ...generateCompanies({ count: DEMO_APPROVED_COMPANIES, prefix: "demo" })];
  const pending = generateCompanies({ count: DEMO_PENDING_COMPANIES, seed: 7, prefix: "demo-pending" });
  const db = getDb();
  db.transaction((tx) => {
    const ids = [...approved, ...pending].map((c) => c.externalId);
    const present = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of tx
        .select({ e: companies.externalId })
        .from(companies)
        .where(inArray(companies.externalId, ids.slice(i, i + 500)))
        .all())
        present.add(r.e);
    }
    const fresh = (list: GeneratedCompany[]) => list.filter((c) => !present.has(c.externalId)).map((c) => importRowSchema.parse(c));
    importCompanies({ rows: fresh(approved), status: "approved" });
    importCompanies({ rows: fresh(pending), status: "pending" });
    const firmUser = getUserByEmail({ email: "firm@demo.bridge.test" });
    const firm = tx
      .select({ id: companies.id })
      .from(companies)
      .where(inArray(companies.externalId, [DEMO_FIRM.externalId]))
      .get();
    if (firmUser && firm) tx.insert(companyMembers).values({ userId: firmUser.id, companyId: firm.id, role: "owner" }).onConflictDoNothing().run();
  });
}
