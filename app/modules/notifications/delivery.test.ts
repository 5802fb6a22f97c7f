import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PostalMime from "postal-mime";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { getT } from "~/modules/i18n/locales.server";
import { makeUser } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { deliverDue, drainOutbox, fileSender, isPermanentFailure, smtpSender, type Sender } from "./delivery.server";
import { messageIdForKey, queueEmail } from "./outbox.server";

process.env.BASE_URL = "https://bridge.example.org";
resetEnv();

const db = () => getDb();
const rowsByKey = (prefix: string) =>
  db()
    .select()
    .from(outbox)
    .all()
    .filter((r) => r.key.startsWith(prefix));

let sink: Sink | undefined;
let sender: Sender | undefined;
// Each test sees only its own messages: the worker sends whatever is due.
beforeEach(() => {
  db().delete(outbox).run();
});
afterEach(async () => {
  sender?.close();
  sender = undefined;
  await sink?.close();
  sink = undefined;
});

function queueTest(key: string, user: { id: string; email: string; name: string }, locale?: string) {
  return queueEmail(db(), {
    key,
    to: user.email,
    userId: user.id,
    locale,
    category: "staff_digest",
    template: "test_message",
    params: { name: user.name, senderName: "Siti Rahma" },
  });
}

describe("what arrives", () => {
  it("reaches the recipient in their language, with an encoded subject, both parts, unsubscribe headers and absolute links", async () => {
    const en = await makeUser({ name: "Ada Lovelace", locale: "en" });
    const zh = await makeUser({ name: "张伟", locale: "zh" });
    queueTest("arrives:en", en);
    queueTest("arrives:zh", zh);
    sink = await startSmtpSink();
    sender = smtpSender(sink.url);
    const result = await drainOutbox({ sender });
    expect(result).toMatchObject({ claimed: 2, sent: 2, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(2);

    for (const [user, locale] of [
      [en, "en"],
      [zh, "zh"],
    ] as const) {
      const t = getT(locale);
      const got = sink.received.find((m) => m.to.includes(user.email))!;
      expect(got.to).toEqual([user.email]);
      const mail = await PostalMime.parse(got.raw);
      expect(mail.to?.[0]).toMatchObject({ address: user.email });
      expect(mail.from).toMatchObject({ address: "no-reply@bridge.example.org" });
      expect(mail.subject).toBe(t("email.test.subject"));
      expect(mail.messageId).toBe(messageIdForKey(`arrives:${locale}`));
      expect(mail.text).toContain(t("email.greeting", { name: user.name }));
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(mail.html).toContain(t("email.test.action"));
      // Absolute links, built from BASE_URL, in both parts.
      expect(mail.text).toContain("https://bridge.example.org/admin/mail");
      expect(mail.html).toContain('href="https://bridge.example.org/admin/mail"');
      const header = (name: string) => mail.headers.find((h) => h.key === name)?.value;
      expect(header("list-unsubscribe")).toMatch(/^<https:\/\/bridge\.example\.org\/unsubscribe\?token=[^>]+>$/);
      expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      const unsubscribeLink = header("list-unsubscribe")!.slice(1, -1);
      expect(mail.text).toContain(unsubscribeLink);
      expect(mail.html).toContain(unsubscribeLink.replace(/&/g, "&amp;"));
    }
    const rawZh = sink.received.find((m) => m.to.includes(zh.email))!.raw;
    // The Chinese subject travels as an RFC 2047 encoded word, not as raw 8-bit bytes.
    expect(rawZh).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(rawZh).toContain("Content-Type: multipart/alternative");
    expect(rowsByKey("arrives:").every((r) => r.status === "sent" && r.sentAt && r.attempts === 1)).toBe(true);
  });
});

describe("the outbox key", () => {
  it("queues one message per event, and nothing when the causing transaction rolls back", async () => {
    const user = await makeUser();
    expect(queueTest("key:once", user)).toMatchObject({ queued: true });
    expect(queueTest("key:once", user)).toEqual({ queued: false, reason: "duplicate" });
    expect(() =>
      db().transaction((tx) => {
        queueEmail(tx, {
          key: "key:rolled-back",
          to: user.email,
          userId: user.id,
          category: "staff_digest",
          template: "test_message",
          params: { name: user.name, senderName: "x" },
        });
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(rowsByKey("key:").map((r) => r.key)).toEqual(["key:once"]);
  });
});

describe("failure handling", () => {
  it("retries while SMTP is down and on 4xx, then delivers every message exactly once", async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => makeUser()));
    // A port that nobody listens on (yet).
    const probe = await startSmtpSink();
    const port = probe.port;
    await probe.close();
    users.forEach((u, i) => queueTest(`down:${i}`, u));
    sender = smtpSender(`smtp://127.0.0.1:${port}`);
    let clock = Math.floor(Date.now() / 1000);
    const opts = { sender, now: () => clock, retryBaseSeconds: 10 };

    expect(await deliverDue(opts)).toMatchObject({ claimed: 5, retried: 5 });
    let rows = rowsByKey("down:");
    expect(rows.every((r) => r.status === "queued" && r.attempts === 1 && r.nextAttemptAt === clock + 10)).toBe(true);
    expect(rows[0].lastError).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
    expect((await deliverDue(opts)).claimed).toBe(0); // not due before the backoff ends

    clock += 10;
    expect(await deliverDue(opts)).toMatchObject({ claimed: 5, retried: 5 });
    rows = rowsByKey("down:");
    expect(rows.every((r) => r.attempts === 2 && r.nextAttemptAt === clock + 20)).toBe(true); // doubled

    // The server comes back, but answers 451 (try later) to the first two messages.
    sink = await startSmtpSink({ port, reply: ({ index }) => (index < 2 ? { code: 451, message: "Greylisted, try later" } : null) });
    clock += 20;
    expect(await deliverDue(opts)).toMatchObject({ claimed: 5, sent: 3, retried: 2 });
    expect(
      rowsByKey("down:")
        .filter((r) => r.status === "queued")
        .every((r) => r.lastError?.includes("451")),
    ).toBe(true);
    clock += 40;
    expect(await deliverDue(opts)).toMatchObject({ claimed: 2, sent: 2 });

    expect(rowsByKey("down:").every((r) => r.status === "sent")).toBe(true);
    const ids = sink.received.map((m) => m.messageId);
    expect(ids).toHaveLength(5);
    expect(new Set(ids)).toEqual(new Set(users.map((_, i) => messageIdForKey(`down:${i}`))));
  });

  it("moves a message answered with 5xx to failed at once, with the error", async () => {
    const user = await makeUser();
    const other = await makeUser();
    queueTest("reject:bad", user);
    queueTest("reject:good", other);
    sink = await startSmtpSink({ reply: ({ to }) => (to.includes(user.email) ? { code: 550, message: "Mailbox unavailable" } : null) });
    sender = smtpSender(sink.url);
    expect(await drainOutbox({ sender })).toMatchObject({ sent: 1, failed: 1, retried: 0 });
    const [bad] = rowsByKey("reject:bad");
    expect(bad.status).toBe("failed");
    expect(bad.attempts).toBe(1);
    expect(bad.lastError).toContain("550");
    expect(bad.lastError).toContain("Mailbox unavailable");
  });

  it("gives up after too many attempts", async () => {
    const user = await makeUser();
    queueTest("tries:1", user);
    sink = await startSmtpSink({ reply: () => ({ code: 421, message: "Service not available" }) });
    sender = smtpSender(sink.url);
    let clock = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++) {
      await deliverDue({ sender, now: () => clock, maxAttempts: 3, retryBaseSeconds: 1 });
      clock += 100;
    }
    const [row] = rowsByKey("tries:");
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.lastError).toContain("421");
  });

  it("tells permanent failures from passing ones", () => {
    expect(isPermanentFailure(Object.assign(new Error("x"), { responseCode: 550 }))).toBe(true);
    expect(isPermanentFailure(Object.assign(new Error("x"), { responseCode: 452 }))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error("x"), { code: "ETIMEDOUT" }))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error("x"), { code: "ECONNECTION" }))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error("x"), { code: "EENVELOPE" }))).toBe(true);
  });
});

describe("without SMTP", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-mail-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes each message as an .eml file, the same bytes SMTP would carry", async () => {
    const user = await makeUser({ locale: "zh" });
    const { id } = queueTest("file:1", user) as { id: number };
    sender = fileSender(dir);
    expect(await drainOutbox({ sender })).toMatchObject({ sent: 1 });
    const file = path.join(dir, `${String(id).padStart(8, "0")}.eml`);
    const mail = await PostalMime.parse(fs.readFileSync(file));
    expect(mail.to?.[0]).toMatchObject({ address: user.email });
    expect(mail.subject).toBe(getT("zh")("email.test.subject"));
    expect(mail.text).toBeTruthy();
    expect(mail.html).toContain('lang="zh"');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
