// Hostile introduction forms, posted to the routes that take them: asking (from a company page
// and from a match), a firm's answers (accept, decline, withdraw, outcome) and staff decisions
// (approve, decline with a reason, outcome). For every case: no 500; a refused form writes
// nothing and says why (field errors, or a refusal with its message key); an accepted one moves
// the introduction one step and stores the text exactly as validated, in any script, NFC.
import { and, desc, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { introductionEvents, introductionOutcomes, introductions, matchExclusions } from "../../db/schema";
import { getDb } from "~/db.server";
import { PARTNERSHIP_TYPES } from "~/modules/companies/taxonomy";
import en from "~/modules/i18n/locales/en.json";
import { OUTCOMES } from "~/modules/introductions/labels";
import { memberIntroductionActionSchema, requestIntroductionSchema, staffIntroductionActionSchema } from "~/modules/introductions/schemas";
import {
  acceptIntroduction,
  approveIntroduction,
  getOpenIntroductionBetween,
  requestIntroduction,
  startIntroduction,
} from "~/modules/introductions/workflow.server";
import { expireIntroductions } from "~/modules/introductions/upkeep.server";
import { action as staffAction } from "~/routes/admin.introductions.$introductionId";
import { action as companyAction } from "~/routes/companies.$companyId._index";
import { action as memberAction } from "~/routes/introductions.$introductionId";
import { action as matchAction } from "~/routes/matches.$partnerId";
import { parseForm, type FormErrors } from "~/utils/form";
import { ctx, makeListedCompany, signedIn, signedInVerified } from "../factories";
import { extraField, formValue, hostileShortText, hostileString, NAMES } from "./arbitraries";
import { dbState, quietSession, type DbState } from "./db-state";
import { answerOf, encoding, formSeen, postRequest, type Answer, type Entry } from "./requests";

const KEYS = new Set(Object.keys(en));
const DAY = 86400;

/** A message in some script, maybe decomposed: valid, and to be stored NFC. */
const validMessage = fc
  .tuple(fc.array(fc.constantFrom(...Object.values(NAMES).flat()), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([parts, nfd]) => (nfd ? parts.join(" ").normalize("NFD") : parts.join(" ")));

/** Text a person writes: a valid message (stored as given, NFC) or anything hostile. */
const textField = fc.oneof(
  { weight: 6, arbitrary: validMessage.map((value) => ({ value: value as string | File | undefined, pristine: true })) },
  { weight: 3, arbitrary: fc.oneof(hostileShortText, formValue, fc.constant(undefined), hostileString).map((value) => ({ value, pristine: false })) },
);

/** A field's value: usually right, sometimes hostile, sometimes missing (undefined). */
function fieldValue(valid: fc.Arbitrary<string>) {
  return fc.oneof(
    { weight: 6, arbitrary: valid as fc.Arbitrary<string | File | undefined> },
    { weight: 2, arbitrary: hostileShortText },
    { weight: 1, arbitrary: formValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const extras = fc.oneof(
  { weight: 4, arbitrary: fc.constant([] as [string, string | File][]) },
  { weight: 1, arbitrary: fc.array(fc.tuple(extraField, formValue), { minLength: 1, maxLength: 2 }) },
);

const hostileId = fc.oneof(fc.constantFrom("0", "-1", "1e3", "0x10", " 1", "01", "9999999999999", "NaN", "", "1.5", "١٢"), hostileString);

function entries(fields: Record<string, string | File | undefined>, extra: [string, string | File][]): Entry[] {
  const out: Entry[] = [];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out.push([k, v]);
  return [...out, ...extra];
}

/**
 * A 400 that says what is wrong: errors at all, and a message key for every field a person fills
 * in. A field the page cannot send (twice, or as a file) may get zod's own words instead: the page
 * shows those as errors.form.invalid ("…something we did not expect. Please reload the page").
 */
function expectFieldErrors(errors: FormErrors | undefined, visible: string[], seen: FormData) {
  expect(errors).toBeDefined();
  const all = [...errors!.formErrors, ...Object.values(errors!.fieldErrors).flat()];
  expect(all.length).toBeGreaterThan(0);
  for (const field of visible) {
    const tampered = seen.getAll(field).length > 1 || seen.getAll(field).some((v) => typeof v !== "string");
    for (const message of errors!.fieldErrors[field] ?? []) expect(KEYS.has(message) || tampered, `${field}: ${message}`).toBe(true);
  }
}

/**
 * An answer or decision refused whole: nothing written, and a 4xx that says why (a refusal with
 * its message key, or field errors), unless the body was no form or the id none.
 */
function expectRefused(
  answer: Answer<{ errors?: FormErrors; refusal?: { key: string } }>,
  c: { before: DbState; after: DbState; seen: FormData | null; visible: string[] },
) {
  expect(c.after).toEqual(c.before);
  expect(answer.status).toBeGreaterThanOrEqual(400);
  if (c.seen === null || answer.data === undefined) {
    expect([400, 404]).toContain(answer.status);
    return;
  }
  if (answer.status === 409) {
    expect(KEYS.has(answer.data.refusal!.key)).toBe(true);
    return;
  }
  expect(answer.status).toBe(400);
  expectFieldErrors(answer.data.errors, c.visible, c.seen);
}

describe("introduction forms fuzz", () => {
  let alice: Awaited<ReturnType<typeof signedInVerified>>;
  let budi: Awaited<ReturnType<typeof signedInVerified>>;
  let staff: Awaited<ReturnType<typeof signedIn>>;
  let a: number;
  let b: number;

  beforeAll(async () => {
    alice = await signedInVerified({ name: "Alice 王" });
    budi = await signedInVerified({ name: "Budi Nguyễn" });
    staff = await signedIn({ role: "staff", name: "Staff ผู้ดูแล" });
    for (const u of [alice, budi, staff]) quietSession(u.session.id);
    a = makeListedCompany({
      profile: { name: "Lanyun Cloud", localName: "蓝云科技", country: "CN", partnershipTypes: ["distribution"] },
      members: [alice.user.id],
    });
    b = makeListedCompany({ profile: { name: "Công ty Nusantara", country: "VN", partnershipTypes: ["distribution"] }, members: [budi.user.id] });
  });

  /** Nothing open between the two firms, and no earlier decline holding them apart: any kind of introduction can start. */
  function clearPair() {
    expireIntroductions(Math.floor(Date.now() / 1000) + 100 * DAY);
    // An accepted pair cannot be asked again (issue 16): each case starts from a pair with none.
    getDb().update(introductions).set({ status: "expired" }).where(eq(introductions.status, "accepted")).run();
    getDb()
      .delete(matchExclusions)
      .where(and(eq(matchExclusions.reason, "introduction_declined")))
      .run();
  }

  const intro = (id: number) => getDb().select().from(introductions).where(eq(introductions.id, id)).get()!;

  it("asking from a company page or a match: never a 500; refused whole and said why, or stored exactly", async () => {
    const askCase = fc.record({
      route: fc.constantFrom("company" as const, "match" as const),
      param: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileId }),
      intent: fc.oneof({ weight: 9, arbitrary: fc.constant("request") as fc.Arbitrary<string | File | undefined> }, { weight: 1, arbitrary: formValue }),
      target: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant("own") }, { weight: 1, arbitrary: hostileId }),
      purpose: fieldValue(fc.constantFrom(...PARTNERSHIP_TYPES)),
      message: textField,
      extra: extras,
      encoding,
      open: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(askCase, async (c) => {
        // Half the cases meet an introduction already under way (a refusal); the others a clear pair.
        if (!c.open || !getOpenIntroductionBetween({ companyId: a, partnerId: b })) clearPair();
        if (c.open && !getOpenIntroductionBetween({ companyId: a, partnerId: b }))
          startIntroduction({ staffUserId: staff.user.id, companyId: a, partnerId: b, purpose: "distribution", message: "Meet." });
        const param = c.param ?? String(b);
        const target = c.target === null ? String(b) : c.target === "own" ? String(a) : c.target;
        const fields = entries({ intent: c.intent, targetCompanyId: target, purpose: c.purpose, message: c.message.value }, c.extra);
        const path = c.route === "company" ? `/companies/${param}` : `/matches/${param}`;
        const request = postRequest(path, fields, c.encoding, { cookie: alice.cookie, badField: "message" });
        const seen = await formSeen(request);
        const before = dbState();
        type AskData = { ask?: { errors?: FormErrors; refusal?: { key: string } }; error?: string };
        const answer = await answerOf<AskData>(() =>
          c.route === "company" ? companyAction({ request, ...ctx({ companyId: param }) }) : matchAction({ request, ...ctx({ partnerId: param }) }),
        );
        const after = dbState();
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 302 && answer.location?.startsWith("/introductions/")) {
          const parsed = parseForm(requestIntroductionSchema, seen!);
          if (!parsed.ok) throw new Error(`asked with a form its schema refuses: ${JSON.stringify(parsed.errors)}`);
          const id = Number(/^\/introductions\/(\d+)\?requested=1$/.exec(answer.location)?.[1]);
          const row = intro(id);
          expect(row).toMatchObject({
            requesterCompanyId: a,
            targetCompanyId: b,
            status: "requested",
            purpose: parsed.data.purpose,
            message: parsed.data.message,
          });
          if (c.message.pristine && c.encoding.kind !== "badBytes") expect(row.message).toBe((c.message.value as string).normalize("NFC"));
          return;
        }
        expect(after).toEqual(before);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        if (seen === null || answer.data === undefined) {
          // Thrown: not a form, not found (another firm's page, an id that is none), or not allowed.
          expect([400, 403, 404]).toContain(answer.status);
          return;
        }
        if (answer.status === 409) {
          expect(KEYS.has(answer.data.ask!.refusal!.key)).toBe(true);
          return;
        }
        expect(answer.status).toBe(400);
        if (answer.data.error) expect(KEYS.has(answer.data.error)).toBe(true);
        else expectFieldErrors(answer.data.ask?.errors, ["purpose", "message"], seen);
      }),
    );
  }, 120_000);

  it("a firm's answers: never a 500; refused whole and said why, or one step stored exactly", async () => {
    const answerCase = fc.record({
      setup: fc.constantFrom("requested" as const, "approved" as const, "staffStarted" as const, "accepted" as const),
      actor: fc.constantFrom("alice" as const, "budi" as const),
      param: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileId }),
      intent: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom("accept", "decline", "withdraw", "outcome") as fc.Arbitrary<string | File | undefined> },
        { weight: 1, arbitrary: formValue },
      ),
      note: fc.oneof({ weight: 1, arbitrary: fc.constant({ value: undefined, pristine: false }) }, { weight: 3, arbitrary: textField }),
      outcome: fieldValue(fc.constantFrom(...OUTCOMES)),
      partnershipType: fc.oneof(fieldValue(fc.constantFrom(...PARTNERSHIP_TYPES)), fc.constant("")),
      extra: extras,
      encoding,
    });
    await fc.assert(
      fc.asyncProperty(answerCase, async (c) => {
        clearPair();
        let id: number;
        if (c.setup === "staffStarted") {
          const started = startIntroduction({ staffUserId: staff.user.id, companyId: a, partnerId: b, purpose: "distribution", message: "Meet." });
          if (!started.ok) throw new Error(started.reason);
          id = started.introductionId;
        } else {
          const asked = requestIntroduction({ userId: alice.user.id, targetCompanyId: b, purpose: "distribution", message: "Hello." });
          if (!asked.ok) throw new Error(asked.reason);
          id = asked.introductionId;
          if (c.setup !== "requested") approveIntroduction({ introductionId: id, staffUserId: staff.user.id });
          if (c.setup === "accepted") acceptIntroduction({ introductionId: id, userId: budi.user.id });
        }
        const user = c.actor === "alice" ? alice : budi;
        const param = c.param ?? String(id);
        const fields: Record<string, string | File | undefined> = { intent: c.intent };
        if (c.intent === "decline" || c.intent === "outcome" || typeof c.intent !== "string") fields.note = c.note.value;
        if (c.intent === "outcome" || typeof c.intent !== "string") Object.assign(fields, { outcome: c.outcome, partnershipType: c.partnershipType });
        const request = postRequest(`/introductions/${param}`, entries(fields, c.extra), c.encoding, { cookie: user.cookie, badField: "note" });
        const seen = await formSeen(request);
        const before = dbState();
        const answer = await answerOf<{ errors?: FormErrors; refusal?: { key: string } }>(() => memberAction({ request, ...ctx({ introductionId: param }) }));
        const after = dbState();
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 302) {
          expect(answer.location).toMatch(new RegExp(`^/introductions/${id}\\?done=`));
          const parsed = parseForm(memberIntroductionActionSchema, seen!);
          if (!parsed.ok) throw new Error(`answered with a form its schema refuses: ${JSON.stringify(parsed.errors)}`);
          const input = parsed.data;
          const db = getDb();
          if (input.intent === "outcome") {
            const last = db
              .select()
              .from(introductionOutcomes)
              .where(eq(introductionOutcomes.introductionId, id))
              .orderBy(desc(introductionOutcomes.id))
              .get()!;
            expect(last).toMatchObject({ outcome: input.outcome, note: input.note?.trim() || null, recordedByUserId: user.user.id });
          } else {
            // One step: a new state, or (one firm accepting a council suggestion) its answer recorded.
            expect(after.changes).toBeGreaterThan(before.changes);
            const last = db.select().from(introductionEvents).where(eq(introductionEvents.introductionId, id)).orderBy(desc(introductionEvents.id)).get()!;
            expect(last.actorUserId).toBe(user.user.id);
            if (input.intent === "decline") expect(last.note).toBe(input.note?.trim() || null);
            if (input.intent === "decline" && c.note.pristine && c.encoding.kind !== "badBytes")
              expect(last.note).toBe((c.note.value as string).normalize("NFC"));
          }
          return;
        }
        expectRefused(answer, { before, after, seen, visible: ["note", "outcome", "partnershipType"] });
      }),
    );
  }, 120_000);

  it("staff decisions: never a 500; refused whole and said why, or one step stored exactly", async () => {
    const decisionCase = fc.record({
      setup: fc.constantFrom("requested" as const, "requested" as const, "approved" as const, "accepted" as const),
      param: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileId }),
      intent: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom("approve", "decline", "outcome") as fc.Arbitrary<string | File | undefined> },
        { weight: 1, arbitrary: formValue },
      ),
      reason: textField,
      outcome: fieldValue(fc.constantFrom(...OUTCOMES)),
      partnershipType: fc.oneof(fieldValue(fc.constantFrom(...PARTNERSHIP_TYPES)), fc.constant("")),
      note: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fieldValue(validMessage) }),
      extra: extras,
      encoding,
    });
    await fc.assert(
      fc.asyncProperty(decisionCase, async (c) => {
        clearPair();
        const asked = requestIntroduction({ userId: alice.user.id, targetCompanyId: b, purpose: "distribution", message: "Hello." });
        if (!asked.ok) throw new Error(asked.reason);
        const id = asked.introductionId;
        if (c.setup !== "requested") approveIntroduction({ introductionId: id, staffUserId: staff.user.id });
        if (c.setup === "accepted") acceptIntroduction({ introductionId: id, userId: budi.user.id });
        const param = c.param ?? String(id);
        const fields: Record<string, string | File | undefined> = { intent: c.intent };
        if (c.intent === "decline" || typeof c.intent !== "string") fields.reason = c.reason.value;
        if (c.intent === "outcome" || typeof c.intent !== "string")
          Object.assign(fields, { outcome: c.outcome, partnershipType: c.partnershipType, note: c.note });
        const request = postRequest(`/admin/introductions/${param}`, entries(fields, c.extra), c.encoding, { cookie: staff.cookie, badField: "reason" });
        const seen = await formSeen(request);
        const before = dbState();
        const answer = await answerOf<{ errors?: FormErrors; refusal?: { key: string } }>(() => staffAction({ request, ...ctx({ introductionId: param }) }));
        const after = dbState();
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 302) {
          expect(answer.location).toMatch(new RegExp(`^/admin/introductions/${id}\\?done=`));
          const parsed = parseForm(staffIntroductionActionSchema, seen!);
          if (!parsed.ok) throw new Error(`decided with a form its schema refuses: ${JSON.stringify(parsed.errors)}`);
          const input = parsed.data;
          const row = intro(id);
          if (input.intent === "approve") expect(row).toMatchObject({ status: "approved", decidedByUserId: staff.user.id });
          if (input.intent === "decline") expect(row).toMatchObject({ status: "declined_by_staff", staffReason: input.reason });
          if (input.intent === "outcome") {
            const last = getDb()
              .select()
              .from(introductionOutcomes)
              .where(eq(introductionOutcomes.introductionId, id))
              .orderBy(desc(introductionOutcomes.id))
              .get()!;
            expect(last).toMatchObject({ outcome: input.outcome, note: input.note?.trim() || null, recordedByUserId: staff.user.id });
          }
          if (input.intent === "decline" && c.reason.pristine && c.encoding.kind !== "badBytes")
            expect(row.staffReason).toBe((c.reason.value as string).normalize("NFC"));
          return;
        }
        expectRefused(answer, { before, after, seen, visible: ["reason", "outcome", "partnershipType", "note"] });
      }),
    );
  }, 120_000);
});
