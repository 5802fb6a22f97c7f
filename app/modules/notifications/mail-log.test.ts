// The staff mail log: a message refused with 5xx shows as failed with its error, staff send it
// again, and read messages as the recipient would (with one-time links blanked out).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { requestPasswordReset } from "~/modules/auth/password-reset.server";
import { ctx, formRequest, getRequest, makeUser, signedIn, thrown } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { action as logAction, loader as logLoader } from "../../routes/admin.mail._index";
import { action as messageAction, loader as messageLoader } from "../../routes/admin.mail.$id";
import { loader as previewLoader } from "../../routes/admin.mail.$id.preview";
import { drainOutbox, smtpSender, type Sender } from "./delivery.server";
import { queueEmail } from "./outbox.server";

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
