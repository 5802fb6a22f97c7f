// Issue 13: a name with a line break ("Mallory\r\nBcc: …") stored before names were checked must
// not gain header lines in a subject, nor fake lines in the text. Rendered through the outbox and
// delivered to a real SMTP server; the raw message is read as a mail client would.
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { drainOutbox, smtpSender } from "./delivery.server";
import { queueEmail } from "./outbox.server";
import { renderEmail } from "./templates.server";

process.env.BASE_URL = "https://bridge.example.org";
resetEnv();

const HOSTILE = "Mallory\r\nBcc: x@y";

let sink: Sink | undefined;
beforeEach(() => {
  getDb().delete(outbox).run();
});
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

/** The header block of a raw message, unfolded: one entry per header. */
function headerLines(raw: string) {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
  return head.replace(/\r\n[ \t]+/g, " ").split("\r\n");
}

describe("e-mail headers and text", () => {
  it("a subject cannot gain header lines from a name, in any language", () => {
    for (const locale of ["en", "zh"]) {
      const mail = renderEmail({
        template: "company_colleague",
        params: { inviterName: HOSTILE, companyName: "Evil\nCo\u2028Ltd", email: "victim@target.example", token: "t", days: 14 },
        locale,
        category: "account",
      });
      expect(mail.subject).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(mail.subject).toContain("Mallory Bcc: x@y");
      expect(mail.text).not.toMatch(/^Bcc:/m);
    }
  });

  it("a stored name with CR LF is delivered as one subject line, with no Bcc header and no extra recipient", async () => {
    queueEmail(getDb(), {
      key: "header-injection:1",
      to: "victim@target.example",
      category: "account",
      template: "company_colleague",
      params: { inviterName: HOSTILE, companyName: "Draft Firm", email: "victim@target.example", token: "tok", days: 14 },
    });
    // A row queued before this defence, with the line break already in its subject.
    getDb()
      .update(outbox)
      .set({ subject: `Hi ${HOSTILE}` })
      .run();
    sink = await startSmtpSink();
    const sender = smtpSender(sink.url);
    await drainOutbox({ sender });
    sender.close();
    expect(sink.received).toHaveLength(1);
    const [received] = sink.received;
    expect(received.to).toEqual(["victim@target.example"]);
    const headers = headerLines(received.raw);
    expect(headers.filter((h) => /^bcc:/i.test(h))).toEqual([]);
    expect(headers.filter((h) => /^subject:/i.test(h))).toHaveLength(1);
    const mail = await PostalMime.parse(received.raw);
    expect(mail.subject).toBe("Hi Mallory Bcc: x@y");
    expect(mail.bcc ?? []).toEqual([]);
    expect(mail.text ?? "").not.toMatch(/^Bcc:/m);
  });
});
