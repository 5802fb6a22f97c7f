// A real SMTP server on 127.0.0.1 (smtp-server), for tests and the mail benchmark: it keeps what
// it accepts, and can be told to answer slowly or with an error.
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

export type Received = { raw: string; to: string[]; messageId: string | null };

export type SinkOptions = {
  port?: number;
  /** Wait this long before accepting each message (a slow server). */
  delayMs?: number;
  /** An error reply for this message, e.g. { code: 451, message: "try later" }, or null to accept. */
  reply?: (message: { to: string[]; raw: string; index: number }) => { code: number; message: string } | null;
  /** Keep only a count, not the messages (benchmarks). */
  countOnly?: boolean;
};

export type Sink = {
  port: number;
  url: string;
  received: Received[];
  count: () => number;
  waitFor: (n: number, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startSmtpSink(options: SinkOptions = {}): Promise<Sink> {
  const received: Received[] = [];
  let accepted = 0;
  let index = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 1000,
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const to = session.envelope.rcptTo.map((r) => r.address);
        const answer = () => {
          const error = options.reply?.({ to, raw, index: index++ });
          if (error) {
            const err = Object.assign(new Error(error.message), { responseCode: error.code });
            return callback(err);
          }
          accepted += 1;
          if (!options.countOnly) received.push({ raw, to, messageId: /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? null });
          callback(null);
        };
        if (options.delayMs) setTimeout(answer, options.delayMs);
        else answer();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {});
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    count: () => accepted,
    async waitFor(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (accepted < n) {
        if (Date.now() > until) throw new Error(`SMTP sink: ${accepted} of ${n} messages after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
