import PostalMime from "postal-mime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { formRequest, getRequest, makeUser, ORIGIN, signedIn } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { action as preferencesAction, loader as preferencesLoader } from "../../routes/account_.notifications";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../routes/unsubscribe";
import { drainOutbox, smtpSender, type Sender } from "./delivery.server";
import { queueEmail } from "./outbox.server";
import { isMailPreviewPath, isOneClickUnsubscribe } from "./paths";
import {
  isEmailCategoryEnabled,
  listEmailPreferences,
  readUnsubscribeToken,
  setEmailPreference,
  setEmailPreferences,
  unsubscribe,
  unsubscribeToken,
} from "./preferences.server";
import type { EmailCategory } from "./labels";

process.env.BASE_URL = ORIGIN;
resetEnv();

// A fresh load context per request, as the server makes one.
const ctx = () => ({ context: { cspNonce: "n", clientIp: "10.0.0.1" }, params: {} });

let sink: Sink;
let sender: Sender;
beforeAll(async () => {
  sink = await startSmtpSink();
  sender = smtpSender(sink.url);
});
afterAll(async () => {
  sender.close();
  await sink.close();
});
beforeEach(() => {
  getDb().delete(outbox).run();
  sink.received.length = 0;
});

const queue = (user: { id: string; email: string; name: string }, category: EmailCategory, key: string) =>
  queueEmail(getDb(), { key, to: user.email, userId: user.id, category, template: "test_message", params: { name: user.name, senderName: "x" } });

/** A one-click unsubscribe as a mail provider sends it: POST to the header's URL, no Origin, no cookie. */
function oneClick(url: string) {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", host: new URL(ORIGIN).host },
    body: "List-Unsubscribe=One-Click",
  });
}

describe("unsubscribe", () => {
  it("stops only the category of the link, from the List-Unsubscribe header of a delivered message", async () => {
    const user = await makeUser({ role: "staff" });
    queue(user, "new_matches", "u:match-1");
    await drainOutbox({ sender });
    const mail = await PostalMime.parse(sink.received[0].raw);
    const url = mail.headers.find((h) => h.key === "list-unsubscribe")!.value.slice(1, -1);
    expect(url.startsWith(`${ORIGIN}/unsubscribe?token=`)).toBe(true);

    // Opening the link only asks.
    const page = await unsubscribeLoader({ request: getRequest(url.slice(ORIGIN.length)), ...ctx() });
    expect(page).toMatchObject({ email: user.email, label: "notifications.category.new_matches" });
    expect(isEmailCategoryEnabled({ userId: user.id, category: "new_matches" })).toBe(true);

    const done = await unsubscribeAction({ request: oneClick(url), ...ctx() });
    expect(done).toMatchObject({ ok: true, email: user.email });
    expect(queue(user, "new_matches", "u:match-2")).toEqual({ queued: false, reason: "opted_out" });
    expect(queue(user, "introductions", "u:intro-1")).toMatchObject({ queued: true });
    expect(queue(user, "staff_digest", "u:digest-1")).toMatchObject({ queued: true });
    expect(queue(user, "account", "u:account-1")).toMatchObject({ queued: true });
    // A second click changes nothing and still answers.
    expect(await unsubscribeAction({ request: oneClick(url), ...ctx() })).toMatchObject({ ok: true });
  });

  it("refuses forged, altered and account tokens, and carries no header on account e-mail", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const token = unsubscribeToken({ userId: user.id, category: "introductions" });
    expect(readUnsubscribeToken(token)).toEqual({ userId: user.id, category: "introductions" });
    expect(readUnsubscribeToken(token.replace("introductions", "new_matches"))).toBeNull();
    expect(readUnsubscribeToken(token.replace(user.id, other.id))).toBeNull();
    expect(readUnsubscribeToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(readUnsubscribeToken(`${user.id}.account.${token.split(".")[2]}`)).toBeNull();
    expect(readUnsubscribeToken("")).toBeNull();
    const res = (await unsubscribeAction({ request: oneClick(`${ORIGIN}/unsubscribe?token=${token}x`), ...ctx() })) as unknown as { init: { status: number } };
    expect(res.init.status).toBe(400);
    expect(isEmailCategoryEnabled({ userId: user.id, category: "introductions" })).toBe(true);

    queue(user, "account", "u:acct");
    await drainOutbox({ sender });
    const mail = await PostalMime.parse(sink.received[0].raw);
    expect(mail.headers.some((h) => h.key === "list-unsubscribe")).toBe(false);
  });

  it("is exempt from the Origin check on exactly one path and method", () => {
    expect(isOneClickUnsubscribe("POST", "/unsubscribe")).toBe(true);
    for (const [method, path] of [
      ["POST", "/unsubscribe/"],
      ["POST", "/unsubscribe.data"],
      ["POST", "/Unsubscribe"],
      ["POST", "/unsubscribe/x"],
      ["POST", "/account/notifications"],
      ["POST", "/login"],
      ["PUT", "/unsubscribe"],
      ["DELETE", "/unsubscribe"],
    ]) {
      expect(isOneClickUnsubscribe(method, path), `${method} ${path}`).toBe(false);
    }
    expect(isMailPreviewPath("/admin/mail/12/preview")).toBe(true);
    expect(isMailPreviewPath("/admin/mail/12")).toBe(false);
    expect(isMailPreviewPath("/admin/mail/x/preview")).toBe(false);
    expect(isMailPreviewPath("/admin/mail/12/preview/x")).toBe(false);
  });
});

describe("preferences page", () => {
  it("shows the categories (staff digests to staff only) and saves the ticked ones; account mail stays on", async () => {
    const member = await signedIn();
    const staff = await makeUser({ role: "staff" });
    expect(listEmailPreferences({ userId: member.user.id }).map((p) => p.category)).toEqual(["account", "new_matches", "introductions"]);
    expect(listEmailPreferences({ userId: staff.id }).map((p) => p.category)).toContain("staff_digest");

    const res = (await preferencesAction({
      request: formRequest("/account/notifications", { category: "introductions" }, { cookie: member.cookie }),
      ...ctx(),
    })) as Response;
    expect(res.status).toBe(302);
    const { preferences } = await preferencesLoader({ request: getRequest("/account/notifications", { cookie: member.cookie }), ...ctx() });
    expect(preferences.map((p) => [p.category, p.enabled])).toEqual([
      ["account", true],
      ["new_matches", false],
      ["introductions", true],
    ]);
    expect(setEmailPreference({ userId: member.user.id, category: "account", enabled: false })).toEqual({ ok: false, reason: "essential" });
    const bad = (await preferencesAction({
      request: formRequest("/account/notifications", { category: "everything" }, { cookie: member.cookie }),
      ...ctx(),
    })) as unknown as { init: { status: number } };
    expect(bad.init.status).toBe(400);
  });

  it("sets all the choices of the form at once: ticked on, the rest off, account mail on whatever is sent", async () => {
    const staff = await makeUser({ role: "staff" });
    setEmailPreferences({ userId: staff.id, enabled: ["staff_digest"] });
    expect(listEmailPreferences({ userId: staff.id }).map((p) => [p.category, p.enabled])).toEqual(
      listEmailPreferences({ userId: staff.id }).map((p) => [p.category, p.category === "account" || p.category === "staff_digest"]),
    );
    expect(isEmailCategoryEnabled({ userId: staff.id, category: "new_matches" })).toBe(false);
    setEmailPreferences({ userId: staff.id, enabled: ["new_matches", "introductions", "staff_digest", "account"] });
    expect(listEmailPreferences({ userId: staff.id }).every((p) => p.enabled)).toBe(true);
    // The one-click link turns one category off, and a second click changes nothing.
    const token = unsubscribeToken({ userId: staff.id, category: "introductions" });
    expect(unsubscribe({ token })).toEqual({ ok: true, category: "introductions", email: staff.email });
    expect(unsubscribe({ token })).toEqual({ ok: true, category: "introductions", email: staff.email });
    expect(isEmailCategoryEnabled({ userId: staff.id, category: "introductions" })).toBe(false);
    expect(isEmailCategoryEnabled({ userId: staff.id, category: "new_matches" })).toBe(true);
    expect(unsubscribe({ token: `${token}x` })).toEqual({ ok: false });
  });

  it("needs a signed-in user", async () => {
    await expect(preferencesLoader({ request: getRequest("/account/notifications"), ...ctx() })).rejects.toMatchObject({ status: 302 });
  });
});
