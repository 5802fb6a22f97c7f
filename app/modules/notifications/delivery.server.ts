// The delivery worker: claims due outbox rows, sends them with nodemailer, records the outcome.
//
// Delivery is at-least-once. A row is claimed (status `sending`, leased until `next_attempt_at`)
// before it is sent and marked `sent` after the server accepted it. A worker that dies between
// the server's acceptance and that mark leaves the row `sending`; when the lease ends, a worker
// sends it again. Such a second copy carries the same Message-ID (derived from the outbox key),
// so mail systems and readers can recognise it; the key also means the event queued one row only.
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { outbox } from "../../../db/schema";
import { startRecurring } from "~/background.server";
import { getDb, preparedOnce } from "~/db.server";
import { getEnv } from "~/env.server";
import { logger } from "~/log.server";
import type { SkipReason } from "./labels";
import { mailFrom } from "./mail-config.server";
import { redactSecrets, type OutboxRow } from "./outbox.server";
import { isEmailCategoryEnabled } from "./preferences.server";
import { nowSeconds } from "~/utils/time";

export type Sender = { kind: "smtp" | "file"; send: (row: OutboxRow) => Promise<void>; close: () => void };

// Header values are one line each: a CR or LF in a stored subject or header (a row queued before
// names were checked) is a space here, never the start of another header.
const headerLine = (value: string) => value.replace(/[\r\n\u0000-\u001F\u007F]+/g, " ");

function mailOptions(row: OutboxRow) {
  return {
    from: mailFrom(),
    to: row.toAddress,
    subject: headerLine(row.subject),
    text: row.textBody,
    html: row.htmlBody,
    messageId: row.messageId,
    headers: row.headers ? Object.fromEntries(Object.entries(row.headers).map(([k, v]) => [k, headerLine(String(v))])) : row.headers,
  };
}

/** Real SMTP through a small pool of connections, so a backlog is sent concurrently. */
export function smtpSender(url: string, { maxConnections = 5 }: { maxConnections?: number } = {}): Sender {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections,
    maxMessages: 1000,
    // A silent server must not hold a row past its lease: these bound every wait.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: "smtp",
    send: async (row) => {
      await transport.sendMail(mailOptions(row));
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP: each message becomes `<dir>/<outbox id>.eml`, exactly the bytes SMTP would carry.
 * The file is written under a temporary name and renamed, so a reader never sees half a message,
 * and a second delivery of the same row replaces the first.
 */
export function fileSender(dir: string): Sender {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  fs.mkdirSync(dir, { recursive: true });
  return {
    kind: "file",
    send: async (row) => {
      const info = await transport.sendMail(mailOptions(row));
      const file = path.join(dir, `${String(row.id).padStart(8, "0")}.eml`);
      await fs.promises.writeFile(`${file}.tmp`, info.message as Buffer);
      await fs.promises.rename(`${file}.tmp`, file);
    },
    close: () => transport.close(),
  };
}

export function createSender(): Sender {
  const env = getEnv();
  return env.SMTP_URL ? smtpSender(env.SMTP_URL) : fileSender(env.MAIL_DIR);
}

type MailError = Error & { code?: string; responseCode?: number };

/**
 * A reply of 5xx is final (the server will not take this message); so is a message nodemailer
 * cannot even compose. Everything else — refused or dropped connections, timeouts, 4xx — may
 * pass later, and is tried again.
 */
export function isPermanentFailure(err: unknown): boolean {
  const e = err as MailError;
  if (typeof e?.responseCode === "number") return e.responseCode >= 500;
  return e?.code === "EENVELOPE" || e?.code === "EMESSAGE" || e?.code === "ECONFIG";
}

function describeError(err: unknown) {
  const e = err as MailError;
  const code = [e?.code, e?.responseCode].filter(Boolean).join(" ");
  return `${code ? `[${code}] ` : ""}${e?.message ?? String(err)}`.slice(0, 1000);
}

type DeliveryOptions = {
  sender: Sender;
  /** Unix seconds; tests move time forward. */
  now?: () => number;
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  /** The first retry waits this long, each next one twice as long, up to retryMaxSeconds. */
  retryBaseSeconds?: number;
  retryMaxSeconds?: number;
};

type DeliveryResult = { claimed: number; sent: number; retried: number; failed: number; skipped: number };

/** Takes up to `batchSize` due rows — queued ones, and `sending` ones whose lease ended — in one statement. */
function claimDue(now: number, batchSize: number, leaseSeconds: number): OutboxRow[] {
  const db = getDb();
  const isDue = and(inArray(outbox.status, ["queued", "sending"]), lte(outbox.nextAttemptAt, now));
  // The common case, every poll: nothing is due, decided by a read. An UPDATE takes the write lock
  // even when it matches nothing, and while another process holds that lock every such poll would
  // stall the server's event loop for the whole busy_timeout.
  if (!db.select({ id: outbox.id }).from(outbox).where(isDue).limit(1).get()) return [];
  const due = db.select({ id: outbox.id }).from(outbox).where(isDue).orderBy(asc(outbox.nextAttemptAt), asc(outbox.id)).limit(batchSize);
  return db
    .update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: now + leaseSeconds, updatedAt: now })
    .where(inArray(outbox.id, due))
    .returning()
    .all();
}

// The outcome of each message is written the moment it is known (the window for a second copy
// stays one message wide), with statements prepared once per connection: a backlog of thousands
// must not spend its time building SQL.
const outcomes = preparedOnce(({ db }) => {
  const byId = eq(outbox.id, sql.placeholder("id"));
  const param = (name: string) => sql`${sql.placeholder(name)}`;
  return {
    sent: db
      .update(outbox)
      .set({ status: "sent", sentAt: param("at"), updatedAt: param("at"), lastError: null })
      .where(byId)
      .prepare(),
    retry: db
      .update(outbox)
      .set({ status: "queued", nextAttemptAt: param("next"), lastError: param("error"), updatedAt: param("at") })
      .where(byId)
      .prepare(),
    failed: db
      .update(outbox)
      .set({ status: "failed", lastError: param("error"), updatedAt: param("at") })
      .where(byId)
      .prepare(),
    skipped: db
      .update(outbox)
      .set({ status: "skipped", lastError: param("reason"), updatedAt: param("at") })
      .where(byId)
      .prepare(),
  };
});

/** One pass: claim a batch, send it concurrently, record each outcome. */
export async function deliverDue(options: DeliveryOptions): Promise<DeliveryResult> {
  const env = getEnv();
  const now = options.now ?? nowSeconds;
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.retryBaseSeconds ?? 30;
  const cap = options.retryMaxSeconds ?? 3600;
  const rows = claimDue(now(), options.batchSize ?? 100, options.leaseSeconds ?? env.MAIL_LEASE_SECONDS);
  const result: DeliveryResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0, skipped: 0 };
  const db = getDb();
  const record = outcomes();
  await Promise.all(
    rows.map(async (row) => {
      // The recipient's choice at sending time counts, not only at queueing: a category turned off
      // while the message waited stops it (queueEmail asked too; account e-mail is always on).
      if (row.userId && !isEmailCategoryEnabled({ userId: row.userId, category: row.category })) {
        const reason: SkipReason = "opted_out";
        record.skipped.run({ id: row.id, reason, at: now() });
        logger().info({ type: "mail", event: "skipped", outboxId: row.id, reason });
        result.skipped += 1;
        return;
      }
      try {
        await options.sender.send(row);
      } catch (err) {
        const final = isPermanentFailure(err) || row.attempts >= maxAttempts;
        const at = now();
        const error = describeError(err);
        if (final) record.failed.run({ id: row.id, error, at });
        else record.retry.run({ id: row.id, error, at, next: at + Math.min(cap, base * 2 ** (row.attempts - 1)) });
        logger().warn({ type: "mail", event: final ? "failed" : "retry", outboxId: row.id, attempts: row.attempts, error });
        if (final) result.failed += 1;
        else result.retried += 1;
        return;
      }
      record.sent.run({ id: row.id, at: now() });
      if (row.secrets?.length) {
        // One-time links leave the stored copy once they are out: the database keeps no usable token.
        const { subject, textBody, htmlBody } = redactSecrets(row);
        db.update(outbox).set({ subject, textBody, htmlBody, secrets: null }).where(eq(outbox.id, row.id)).run();
      }
      result.sent += 1;
    }),
  );
  return result;
}

/** Passes until nothing is due (or the signal asks to stop between batches). */
export async function drainOutbox(options: DeliveryOptions & { signal?: AbortSignal }): Promise<DeliveryResult> {
  const batchSize = options.batchSize ?? 100;
  const total: DeliveryResult = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (;;) {
    const r = await deliverDue({ ...options, batchSize });
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    total.skipped += r.skipped;
    if (r.claimed < batchSize || options.signal?.aborted) return total;
  }
}

/**
 * Starts the worker as background work of this process (the server, or scripts/worker.ts). It
 * polls every MAIL_POLL_MS; stopBackgroundWork() lets the batch in flight finish.
 */
export function startMailDelivery(): Sender {
  const env = getEnv();
  const sender = createSender();
  logger().info({ type: "mail", event: "worker_started", transport: sender.kind, ...(sender.kind === "file" ? { dir: env.MAIL_DIR } : {}) });
  startRecurring("mail-delivery", env.MAIL_POLL_MS, async (signal) => {
    await drainOutbox({ sender, signal });
  });
  return sender;
}
