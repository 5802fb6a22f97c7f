// The staff mail log: a message refused with 5xx shows as failed with its error, staff send it
// again, and read messages as the recipient would (with one-time links blanked out).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { requestPasswordReset } from "~/modules/auth/password-reset.server";
import { ctx, formRequest, getRequest, makeUser, signedIn, thrown } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { getT } from "~/modules/i18n/locales.server";
import { renderPage } from "../../../tests/render";
import MailLogPage, { action as logAction, loader as logLoader } from "../../routes/admin.mail._index";
import MailMessagePage, { action as messageAction, loader as messageLoader } from "../../routes/admin.mail.$id";
import { loader as previewLoader } from "../../routes/admin.mail.$id.preview";
import { drainOutbox, smtpSender, type Sender } from "./delivery.server";
import { queueEmail } from "./outbox.server";
import { setEmailPreference } from "./preferences.server";

let sink: Sink | undefined;
let sender: Sender | undefined;
beforeEach(() => {
  getDb().delete(outbox).run();
});
afterEach(async () => {
  sender?.close();
  await sink?.close();
});

describe("mail log", () => {
  it("shows a 5xx as failed with the error, and sends it again on request", async () => {
    const staff = await signedIn({ role: "staff" });
    const reader = await makeUser();
    queueEmail(getDb(), {
      key: "log:1",
      to: reader.email,
      userId: reader.id,
      category: "introductions",
      template: "test_message",
      params: { name: reader.name, senderName: "x" },
    });
    let refuse = true;
    sink = await startSmtpSink({ reply: () => (refuse ? { code: 554, message: "Transaction failed: policy" } : null) });
    sender = smtpSender(sink.url);
    await drainOutbox({ sender });

    const page = await logLoader({ request: getRequest("/admin/mail", { cookie: staff.cookie }), ...ctx() });
    expect(page.counts.failed).toBe(1);
    const [row] = page.messages;
    expect(row).toMatchObject({ toAddress: reader.email, status: "failed", attempts: 1 });
    expect(row.lastError).toContain("554");
    const failedOnly = await logLoader({ request: getRequest("/admin/mail?status=failed", { cookie: staff.cookie }), ...ctx() });
    expect(failedOnly.messages.map((m) => m.id)).toEqual([row.id]);

    const res = (await logAction({
      request: formRequest("/admin/mail", { intent: "retry", id: String(row.id) }, { cookie: staff.cookie }),
      ...ctx(),
    })) as Response;
    expect(res.status).toBe(302);
    refuse = false;
    await drainOutbox({ sender });
    const after = await logLoader({ request: getRequest("/admin/mail", { cookie: staff.cookie }), ...ctx() });
    expect(after.messages[0]).toMatchObject({ id: row.id, status: "sent" });
    expect(sink.received).toHaveLength(1);
  });

  it("does not send a message whose category its recipient turned off after it was queued, and says why", async () => {
    const staff = await signedIn({ role: "staff" });
    const reader = await makeUser();
    const keeps = await makeUser();
    const queue = (key: string, user: { id: string; email: string; name: string }) =>
      queueEmail(getDb(), {
        key,
        to: user.email,
        userId: user.id,
        category: "introductions",
        template: "test_message",
        params: { name: user.name, senderName: "x" },
      });
    expect(queue("late-optout:reader", reader)).toMatchObject({ queued: true });
    expect(queue("late-optout:keeps", keeps)).toMatchObject({ queued: true });
    // Account e-mail cannot be turned off: it goes out whatever the switches say.
    requestPasswordReset({ email: reader.email });
    // After queueing, before the worker runs: the reader turns introductions off.
    expect(setEmailPreference({ userId: reader.id, category: "introductions", enabled: false })).toEqual({ ok: true });

    sink = await startSmtpSink();
    sender = smtpSender(sink.url);
    expect(await drainOutbox({ sender })).toMatchObject({ claimed: 3, sent: 2, skipped: 1, failed: 0, retried: 0 });
    const received = sink.received.map((m) => ({ to: m.to, subject: m.raw.includes("reset-password") ? "reset" : "test" }));
    expect(received).toEqual(
      expect.arrayContaining([
        { to: [keeps.email], subject: "test" },
        { to: [reader.email], subject: "reset" },
      ]),
    );
    expect(received).toHaveLength(2);

    const page = await logLoader({ request: getRequest("/admin/mail", { cookie: staff.cookie }), ...ctx() });
    expect(page.counts).toMatchObject({ skipped: 1, sent: 2, queued: 0, failed: 0 });
    const skipped = page.messages.find((m) => m.toAddress === reader.email && m.category === "introductions")!;
    expect(skipped).toMatchObject({ status: "skipped", lastError: "opted_out", sentAt: null });
    // A second pass sends nothing more: skipped is final.
    expect(await drainOutbox({ sender })).toMatchObject({ claimed: 0 });

    // The log and the message page give the reason in words, in the staff member's language.
    for (const locale of ["en", "zh"]) {
      const t = getT(locale);
      const list = await renderPage({ url: "/admin/mail", routePath: "admin/mail", Component: MailLogPage, loaderData: page, locale });
      expect(list).toContain(t("mail.status.skipped"));
      expect(list).toContain(t("mail.status.skippedBecause.opted_out"));
      expect(list).not.toContain("opted_out");
      const one = await messageLoader({ request: getRequest(`/admin/mail/${skipped.id}`, { cookie: staff.cookie }), ...ctx({ id: String(skipped.id) }) });
      const detail = await renderPage({ url: `/admin/mail/${skipped.id}`, routePath: "admin/mail/:id", Component: MailMessagePage, loaderData: one, locale });
      expect(detail).toContain(t("mail.status.skippedBecause.opted_out"));
      expect(detail).not.toContain("opted_out");
    }
  });

  it("shows a message as sent, one-time links blanked, its HTML in a sandbox with its own CSP", async () => {
    const staff = await signedIn({ role: "admin" });
    const member = await makeUser();
    requestPasswordReset({ email: member.email });
    const [queued] = getDb().select().from(outbox).all();
    const token = queued.secrets![0];
    expect(queued.textBody).toContain(token);

    const { message } = await messageLoader({ request: getRequest(`/admin/mail/${queued.id}`, { cookie: staff.cookie }), ...ctx({ id: String(queued.id) }) });
    expect(message.textBody).not.toContain(token);
    expect(message.textBody).toContain("/reset-password?token=[…]");
    expect(message.redacted).toBe(true);

    const preview = (await previewLoader({
      request: getRequest(`/admin/mail/${queued.id}/preview`, { cookie: staff.cookie }),
      ...ctx({ id: String(queued.id) }),
    })) as Response;
    expect(preview.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = preview.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("sandbox");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("script-src");
    const html = await preview.text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toContain(token);
  });

  it("is for staff only, in the loader and in the action", async () => {
    const member = await signedIn();
    expect((await thrown(logLoader({ request: getRequest("/admin/mail", { cookie: member.cookie }), ...ctx() }))).status).toBe(403);
    expect((await thrown(logAction({ request: formRequest("/admin/mail", { intent: "test" }, { cookie: member.cookie }), ...ctx() }))).status).toBe(403);
    expect((await thrown(messageLoader({ request: getRequest("/admin/mail/1", { cookie: member.cookie }), ...ctx({ id: "1" }) }))).status).toBe(403);
    expect((await thrown(messageAction({ request: formRequest("/admin/mail/1", {}, { cookie: member.cookie }), ...ctx({ id: "1" }) }))).status).toBe(403);
    expect((await thrown(previewLoader({ request: getRequest("/admin/mail/1/preview", { cookie: member.cookie }), ...ctx({ id: "1" }) }))).status).toBe(403);
    expect((await thrown(logLoader({ request: getRequest("/admin/mail"), ...ctx() }))).status).toBe(302);
    const staff = await signedIn({ role: "staff" });
    expect(
      (await thrown(logAction({ request: formRequest("/admin/mail", { intent: "test" }, { cookie: staff.cookie, origin: "https://evil.example" }), ...ctx() })))
        .status,
    ).toBe(403);
  });

  it("queues a test message to the staff member's own address", async () => {
    const staff = await signedIn({ role: "staff" });
    const res = (await logAction({ request: formRequest("/admin/mail", { intent: "test" }, { cookie: staff.cookie }), ...ctx() })) as Response;
    expect(res.headers.get("location")).toBe("/admin/mail?test=queued");
    const rows = getDb().select().from(outbox).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ toAddress: staff.user.email, category: "staff_digest", template: "test_message" });
  });
});
