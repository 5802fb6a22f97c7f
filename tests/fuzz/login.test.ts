// Hostile sign-ins, posted to the login route's action in-process. For every case: no 500; a
// refused sign-in writes nothing and says why (a field's message key, "wrong e-mail or
// password", or "too many attempts" with Retry-After); the right address and password, however
// the address is cased or padded, open exactly one session for that user. Most cases fail the
// schema before the password is checked (argon2 is slow on purpose); a few accounts and a limiter
// reset now and then let the rest reach it.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../../db/schema";
import { getDb } from "~/db.server";
import en from "~/modules/i18n/locales/en.json";
import { recordLoginFailure, resetLoginLimits } from "~/modules/auth/rate-limit.server";
import { action as loginAction } from "~/routes/login";
import { type FormErrors } from "~/utils/form";
import { hasLineBreak, safeRedirect } from "~/utils/redirect";
import { makeUser, TEST_PASSWORD } from "../factories";
import { extraField, formValue, hostileShortText, hostileString } from "./arbitraries";
import { dbState } from "./db-state";
import { answerOf, encoding, formSeen, postRequest, type Entry } from "./requests";

const KEYS = new Set(Object.keys(en));

describe("sign-in fuzz", () => {
  const accounts: { id: string; email: string }[] = [];

  beforeAll(async () => {
    for (const email of ["nguyen.van.an@cong-ty.test", "somchai@thai-firm.test"]) {
      const user = await makeUser({ email, password: TEST_PASSWORD });
      accounts.push({ id: user.id, email });
    }
  });

  const emailCase = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("account" as const),
        which: fc.constantFrom(0, 1),
        upper: fc.boolean(),
        pad: fc.constantFrom("", " ", "\t", "  "),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("unknown" as const), local: fc.stringMatching(/^[a-z0-9._-]{1,20}$/) }) },
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant("hostile" as const),
        value: fc.oneof(
          hostileString,
          hostileShortText.map((s) => `${s}@firm.test`),
          formValue,
        ),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "missing" as const }) },
  );

  const passwordCase = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: "right" as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("other" as const),
        value: fc.oneof(hostileShortText, fc.constant(TEST_PASSWORD.toUpperCase()), fc.constant(` ${TEST_PASSWORD}`)),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("hostile" as const),
        value: fc.oneof(hostileString, formValue, fc.constant(""), fc.constant("x".repeat(1025))),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "missing" as const }) },
  );

  const loginCase = fc.record({
    email: emailCase,
    password: passwordCase,
    redirectTo: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      {
        weight: 2,
        arbitrary: fc.constantFrom("/", "/matches", "//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/admin?x=<script>"),
      },
      { weight: 1, arbitrary: hostileShortText },
    ),
    extra: fc.oneof(
      { weight: 5, arbitrary: fc.constant([] as [string, string | File][]) },
      { weight: 1, arbitrary: fc.array(fc.tuple(extraField, formValue), { minLength: 1, maxLength: 2 }) },
    ),
    encoding: encoding.filter((e) => e.kind !== "notAForm"),
    resetLimits: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    // Failed attempts just before this one (another tab, a script), so the limiter answers too.
    priorFailures: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 21 }) }),
    ip: fc.constantFrom("10.0.0.1", "10.0.0.2", "2001:db8::1"),
  });

  it("login: never a 500; refused with a message and nothing written, or exactly one session", async () => {
    await fc.assert(
      fc.asyncProperty(loginCase, async (c) => {
        if (c.resetLimits) resetLoginLimits();
        const account = c.email.kind === "account" ? accounts[c.email.which] : null;
        const email =
          c.email.kind === "account"
            ? `${c.email.pad}${c.email.upper ? account!.email.toUpperCase() : account!.email}${c.email.pad}`
            : c.email.kind === "unknown"
              ? `${c.email.local}@nobody.test`
              : c.email.kind === "hostile"
                ? c.email.value
                : undefined;
        const password = c.password.kind === "right" ? TEST_PASSWORD : c.password.kind === "missing" ? undefined : c.password.value;
        for (let i = 0; i < c.priorFailures; i++) await recordLoginFailure({ email: (typeof email === "string" ? email : "").trim().toLowerCase(), ip: c.ip });
        const fields: Entry[] = [];
        if (email !== undefined) fields.push(["email", email]);
        if (password !== undefined) fields.push(["password", password]);
        if (c.redirectTo !== undefined) fields.push(["redirectTo", c.redirectTo]);
        fields.push(...c.extra);
        const request = postRequest("/login", fields, c.encoding, { badField: "password" });
        const seen = await formSeen(request);
        const before = dbState();
        const answer = await answerOf<{ errors: FormErrors; retryMinutes: number }>(() =>
          loginAction({ request, params: {}, context: { cspNonce: "n", clientIp: c.ip } }),
        );
        const after = dbState();
        expect(answer.status).toBeLessThan(500);

        // A line break in the target is refused (400) before the password is looked at.
        const rightShape =
          c.extra.length === 0 &&
          c.encoding.kind !== "badBytes" &&
          (c.redirectTo === undefined || typeof c.redirectTo === "string") &&
          !hasLineBreak(seen!.get("redirectTo"));
        if (answer.status === 302) {
          // Only the right password of a real account, in a form of the right shape, signs in.
          expect(account).not.toBeNull();
          expect(c.password.kind).toBe("right");
          expect(rightShape).toBe(true);
          expect(answer.location).toBe(safeRedirect(seen!.get("redirectTo")));
          expect(after.rows.sessions).toBe(before.rows.sessions + 1);
          const { sessions: _s, ...otherTables } = after.rows;
          const { sessions: _b, ...otherBefore } = before.rows;
          expect(otherTables).toEqual(otherBefore);
          const newest = getDb().select().from(sessions).where(eq(sessions.userId, account!.id)).all();
          expect(newest.length).toBeGreaterThan(0);
          return;
        }
        const errors = answer.data?.errors;
        // A wrong password is counted (auth_throttle, the sign-in counters), and the failure that
        // puts a real account under attack mails its owner a sign-in link; nothing else is written.
        const counted = answer.status === 400 && errors?.formErrors.includes("errors.login.invalid");
        if (counted) {
          const { auth_throttle: _a, login_link_tokens: linksAfter, outbox: mailAfter, ...otherTables } = after.rows;
          const { auth_throttle: _b, login_link_tokens: linksBefore, outbox: mailBefore, ...otherBefore } = before.rows;
          expect(otherTables).toEqual(otherBefore);
          expect(linksAfter - linksBefore).toBe(mailAfter - mailBefore);
          if (linksAfter > linksBefore) expect(account).not.toBeNull();
        } else {
          expect(after).toEqual(before);
        }
        expect(errors).toBeDefined();
        if (answer.status === 429) {
          expect(errors!.formErrors).toEqual(["errors.login.tooMany"]);
          expect(answer.data!.retryMinutes).toBeGreaterThan(0);
          return;
        }
        expect(answer.status).toBe(400);
        const all = [...errors!.formErrors, ...Object.values(errors!.fieldErrors).flat()];
        expect(all.length).toBeGreaterThan(0);
        // What a person typed gets a message key; a field the page cannot send (a file, twice) may get zod's words.
        for (const field of ["email", "password"]) {
          const tampered = seen!.getAll(field).length > 1 || seen!.getAll(field).some((v) => typeof v !== "string");
          for (const message of errors!.fieldErrors[field] ?? []) expect(KEYS.has(message) || tampered, `${field}: ${message}`).toBe(true);
        }
        // The right password of a real account is refused only for the form's shape or the limiter (above).
        if (account && c.password.kind === "right" && rightShape) throw new Error(`a right sign-in was refused: ${JSON.stringify(errors)}`);
      }),
    );
  }, 120_000);

  it("answers 400, not 500, to a body that is no form, and writes nothing", async () => {
    const before = getDb().select().from(sessions).all().length;
    const bodies: [string, string][] = [
      ["application/json", JSON.stringify({ email: accounts[0].email, password: TEST_PASSWORD })],
      ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken'],
      ["text/plain", "email=a&password=b"],
    ];
    for (const [type, body] of bodies) {
      const request = new Request("http://bridge.test/login", {
        method: "POST",
        headers: { "content-type": type, host: "bridge.test", origin: "http://bridge.test" },
        body,
      });
      const answer = await loginAction({ request, params: {}, context: { cspNonce: "", clientIp: "10.9.9.9" } }).catch((e: unknown) => e);
      expect(answer instanceof Response ? answer.status : (answer as { init?: { status?: number } }).init?.status, type).toBe(400);
    }
    expect(getDb().select().from(sessions).all().length).toBe(before);
  });
});
