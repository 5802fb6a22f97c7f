// Hostile profile forms, posted to the routes members use (new profile, edit profile) as a
// browser or an attacker would send them: url-encoded (with bytes that are not UTF-8),
// multipart (with files where text belongs), or not a form at all. For every case: no throw
// but a 4xx Response, no 500; a refused form writes nothing and names each bad field with a
// message key; a saved form is stored exactly as validated, names in every script NFC; a name
// with a line break or another control character is refused with the message naming its field.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { companyMembers } from "../../db/schema";
import { getDb } from "~/db.server";
import { createCompany, getOwnCompany } from "~/modules/companies/companies.server";
import { fieldIssues, LIST_FIELDS, PROFILE_FIELDS, profileDraftSchema, profileFormSchema } from "~/modules/companies/schemas";
import { parseForm, type FormErrors } from "~/utils/form";
import { hasControlChars } from "~/utils/text";
import en from "~/modules/i18n/locales/en.json";
import { getT } from "~/modules/i18n/locales.server";
import { action as editAction } from "~/routes/companies.$companyId.edit";
import { action as newAction } from "~/routes/companies.new";
import { ctx, signedIn } from "../factories";
import { extraField, formValue, hostileShortText, validProfile } from "./arbitraries";
import { dbState, quietSession } from "./db-state";
import { answerOf, encoding, formSeen, postRequest, type Entry } from "./requests";

const t = getT("en");
const KEYS = new Set(Object.keys(en));

type Mutation =
  | { kind: "set"; field: string; value: string | File }
  | { kind: "delete"; field: string }
  | { kind: "repeat"; field: string; value: string | File }
  | { kind: "extra"; field: string; value: string | File };

const NAME_FIELDS = ["name", "localName", "contactName"] as const;
const TEXT_FIELDS = ["name", "localName", "city", "website", "description", "contactName", "contactEmail", "foundedYear"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("set" as const), field: fc.constantFrom(...TEXT_FIELDS), value: hostileShortText as fc.Arbitrary<string | File> }),
  },
  fc.record({ kind: fc.constant("set" as const), field: fc.constantFrom("intent", ...PROFILE_FIELDS), value: formValue }),
  fc.record({ kind: fc.constant("delete" as const), field: fc.constantFrom("intent", ...PROFILE_FIELDS) }),
  fc.record({ kind: fc.constant("repeat" as const), field: fc.constantFrom(...PROFILE_FIELDS), value: formValue }),
  fc.record({ kind: fc.constant("extra" as const), field: extraField, value: formValue }),
);

const formCase = fc.record({
  route: fc.constantFrom("new" as const, "edit" as const),
  intent: fc.constantFrom("save", "submit"),
  profile: validProfile,
  blanks: fc.boolean(),
  mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
  encoding,
  badField: fc.constantFrom(...TEXT_FIELDS),
});
type FormCase = typeof formCase extends fc.Arbitrary<infer T> ? T : never;

/** The form's fields in the order a browser sends them, with the case's changes. */
function entriesOf(c: FormCase): { entries: Entry[]; pristine: boolean } {
  const entries: Entry[] = [["intent", c.intent]];
  for (const field of PROFILE_FIELDS) {
    const v = c.profile[field];
    if (Array.isArray(v)) for (const item of v) entries.push([field, item]);
    else if (v !== undefined) entries.push([field, v]);
    else if (c.blanks && !(LIST_FIELDS as readonly string[]).includes(field)) entries.push([field, ""]);
  }
  let out = entries;
  for (const m of c.mutations) {
    if (m.kind === "delete") out = out.filter(([k]) => k !== m.field);
    else if (m.kind === "set") out = [...out.filter(([k]) => k !== m.field), [m.field, m.value]];
    else out = [...out, [m.field, m.value]];
  }
  return { entries: out, pristine: c.mutations.length === 0 };
}

describe("profile form fuzz", () => {
  let newcomer: Awaited<ReturnType<typeof signedIn>>;
  let owner: Awaited<ReturnType<typeof signedIn>>;
  let ownCompanyId: number;

  beforeAll(async () => {
    newcomer = await signedIn();
    owner = await signedIn();
    quietSession(newcomer.session.id);
    quietSession(owner.session.id);
    const created = createCompany({
      userId: owner.user.id,
      profile: profileDraftSchema.parse({ name: "Fuzz Owner Firm", country: "TH" }) as never,
      submit: false,
    });
    if (!created.ok) throw new Error(created.reason);
    ownCompanyId = created.companyId;
  });

  it("new and edit profile: never a 500; refused whole with field keys, or stored exactly", async () => {
    await fc.assert(
      fc.asyncProperty(formCase, async (c) => {
        const { entries, pristine } = entriesOf(c);
        const user = c.route === "new" ? newcomer : owner;
        const path = c.route === "new" ? "/companies/new" : `/companies/${ownCompanyId}/edit`;
        const request = postRequest(path, entries, c.encoding, { cookie: user.cookie, badField: c.badField });
        // What the server will read, to know what a saved profile must be.
        const seen = await formSeen(request);
        const before = dbState();
        const answer = await answerOf<{ errors: FormErrors }>(() =>
          c.route === "new" ? newAction({ request, ...ctx() }) : editAction({ request, ...ctx({ companyId: String(ownCompanyId) }) }),
        );
        const after = dbState();
        expect(answer.status).toBeLessThan(500);

        if (answer.status !== 302) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(after).toEqual(before);
          if (seen === null) return; // not a form: the 400 of readForm
          expect(answer.status).toBe(400);
          // Each field's first error (the one the page shows) with its parameters; the form's own as "form".
          const shape = answer.data?.errors;
          const firstOf = (field: string) => ({ key: shape?.fieldErrors[field]?.[0], params: shape?.params?.[field] ?? {} });
          const errors = [
            ...Object.keys(shape?.fieldErrors ?? {}).map((field) => [field, firstOf(field)] as const),
            ...(shape?.formErrors ?? []).map((key) => ["form", { key, params: {} }] as const),
          ];
          expect(errors.length).toBeGreaterThan(0);
          // A name with a line break or control character (and nothing worse in that field) is
          // refused with the message that names it.
          for (const field of NAME_FIELDS) {
            const given = seen.getAll(field);
            if (given.length === 1 && typeof given[0] === "string" && hasControlChars(given[0]) && !/[\uD800-\uDFFF]/.test(given[0])) {
              expect(firstOf(field).key, `${field}: ${JSON.stringify(given[0])}`).toBe(`errors.company.lineBreak.${field}`);
            }
          }
          for (const [field, issue] of errors) {
            expect(KEYS.has(issue.key!), `${field}: ${issue.key}`).toBe(true);
            expect(t(issue.key as never, issue.params)).not.toMatch(/\{\w+\}/);
            expect(field === "form" || field === "intent" || (PROFILE_FIELDS as readonly string[]).includes(field) || entries.some(([k]) => k === field)).toBe(
              true,
            );
          }
          return;
        }

        // Saved: exactly what the schema accepted from what the server read.
        expect(seen).not.toBeNull();
        const parsed = parseForm(profileFormSchema, seen!, { issues: fieldIssues });
        if (!parsed.ok) throw new Error(`saved a form its schema refuses: ${JSON.stringify(parsed.errors)}`);
        const companyId = Number(/^\/companies\/(\d+)\/edit\?saved=/.exec(answer.location ?? "")?.[1]);
        const stored = getOwnCompany({ companyId, userId: user.user.id })!.profile;
        // Names are refused, never cleaned, when they hold a line break or control character
        // (issue 13): what was saved had none to begin with.
        for (const field of NAME_FIELDS) {
          const given = seen!.get(field);
          if (typeof given === "string") expect(hasControlChars(given), `${field}: ${JSON.stringify(given)}`).toBe(false);
          const value = stored[field];
          if (value !== null) expect(hasControlChars(value)).toBe(false);
        }
        const { intent: _intent, ...expected } = parsed.data;
        const sorted = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));
        expect(sorted(stored)).toEqual(sorted(expected));
        if (pristine && c.encoding.kind !== "badBytes") {
          for (const field of ["name", "localName", "city", "description"] as const) {
            const given = c.profile[field];
            expect(stored[field]).toBe(typeof given === "string" ? given.normalize("NFC") : null);
          }
        }
        // The newcomer may create again in the next case.
        if (c.route === "new") getDb().delete(companyMembers).where(eq(companyMembers.userId, newcomer.user.id)).run();
      }),
    );
  }, 120_000);
});
