// npm run --silent match -- --company EXTERNAL_ID [--limit N] [--json] [--lang en|zh]
// Prints a company's best partner matches, best first (docs/spec/import-and-cli.md): the
// same stored lists, scores and reasons as the pages. Brings the lists up to date with every
// import that finished before it (and applies migrations) first. With --json: only a JSON array
// of {"externalId","name","country","score","reasons"}. Unknown company: stderr, exit 1.
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { companies } from "../db/schema";
import { closeDb, getDb } from "../app/db.server";
import { getMessages, getT, isSupportedLocale } from "../app/modules/i18n/locales.server";
import { reasonText } from "../app/modules/matching/reasons";
import { listMatchesForCompany } from "../app/modules/matching/store.server";
import { syncMatches } from "../app/modules/matching/sync.server";
import { runMigrations } from "../db/migrate";

const USAGE = "usage: npm run --silent match -- --company EXTERNAL_ID [--limit N] [--json] [--lang en|zh]";

function fail(message: string): never {
  console.error(message);
  closeDb();
  process.exit(1);
}

let values: { company?: string; limit: string; json: boolean; lang: string };
try {
  ({ values } = parseArgs({
    options: {
      company: { type: "string" },
      limit: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      lang: { type: "string", default: "en" },
    },
    strict: true,
  }) as { values: typeof values });
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
}
if (!values.company) fail(USAGE);
const limit = Number(values.limit);
if (!Number.isInteger(limit) || limit < 1) fail(`--limit must be a positive whole number\n${USAGE}`);
if (!isSupportedLocale(values.lang)) fail(`--lang: no such language ${values.lang}\n${USAGE}`);

runMigrations();
const company = getDb()
  .select({ id: companies.id, name: companies.name, visible: companies.visible })
  .from(companies)
  .where(eq(companies.externalId, values.company))
  .get();
if (!company) fail(`unknown company: ${values.company}`);

await syncMatches();
const t = getT(values.lang);
const messages = getMessages(values.lang);
const result = listMatchesForCompany({ companyId: company.id });
const matches = (result?.matches ?? []).slice(0, limit).map((m) => ({
  externalId: m.partner.externalId,
  name: m.partner.name,
  country: m.partner.country,
  score: m.score,
  reasons: m.reasons.map((r) => reasonText(r, t, values.lang, messages)),
}));

if (values.json) {
  console.log(JSON.stringify(matches));
} else if (!company.visible) {
  console.log(`${company.name} is not listed (not approved, or suspended): it has no matches.`);
} else if (matches.length === 0) {
  console.log(`${company.name}: no matches yet.`);
} else {
  console.log(`${company.name}: best ${matches.length} partner matches`);
  matches.forEach((m, i) => {
    console.log(`\n${i + 1}. ${m.name} (${m.externalId}, ${m.country}) — score ${m.score}`);
    for (const r of m.reasons) console.log(`   - ${r}`);
  });
}
closeDb();
