// The worker as its own process (scripts/worker.ts), killed with SIGKILL in the middle of a batch
// sent to a slow SMTP server: after a restart every message arrives, and a message sent twice is
// one that was in flight at the kill, carrying the same Message-ID both times.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { getDb } from "~/db.server";
import { databasePath } from "~/env.server";
import { makeUser } from "../factories";
import { startSmtpSink, type Sink } from "../smtp-sink";
import { messageIdForKey, queueEmail } from "~/modules/notifications/outbox.server";

let sink: Sink | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await sink?.close();
});

function startWorker(smtpUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databasePath(),
      SMTP_URL: smtpUrl,
      MAIL_POLL_MS: "100",
      MAIL_LEASE_SECONDS: "2",
      LOG_LEVEL: "warn",
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (d) => (output += d));
  child.stdout!.on("data", (d) => (output += d));
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr: output })),
  );
  return { child, exited };
}

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statuses = () => getDb().select({ key: outbox.key, status: outbox.status }).from(outbox).all();

it("loses nothing when the worker is killed mid-batch", async () => {
  const user = await makeUser();
  const N = 30;
  getDb().transaction((tx) => {
    for (let i = 0; i < N; i++) {
      queueEmail(tx, {
        key: `kill:${i}`,
        to: `reader${i}@firm.test`,
        userId: user.id,
        category: "staff_digest",
        template: "test_message",
        params: { name: `Reader ${i}`, senderName: "Test" },
      });
    }
  });
  sink = await startSmtpSink({ delayMs: 300 });

  const first = startWorker(sink.url);
  await until(() => sink!.count() >= 5, 20_000, "the first messages").catch(async (e) => {
    first.child.kill("SIGKILL");
    throw new Error(`${e.message}; worker output: ${(await first.exited).stderr}`);
  });
  first.child.kill("SIGKILL");
  expect((await first.exited).signal).toBe("SIGKILL");

  const atKill = statuses();
  const inFlight = atKill.filter((r) => r.status === "sending").length;
  expect(inFlight).toBeGreaterThan(0); // the kill really happened mid-send
  expect(atKill.filter((r) => r.status === "sent").length).toBeLessThan(N);

  const second = startWorker(sink.url);
  await until(() => statuses().every((r) => r.status === "sent"), 25_000, "every message to be sent");
  second.child.kill("SIGTERM");
  const stopped = await second.exited;
  expect(stopped.code, stopped.stderr).toBe(0); // a clean stop on SIGTERM

  const received = sink.received.map((m) => m.messageId);
  for (let i = 0; i < N; i++) expect(received).toContain(messageIdForKey(`kill:${i}`));
  // At-least-once: copies beyond one are bounded by what was in flight at the kill.
  expect(received.length - N).toBeLessThanOrEqual(inFlight);
  expect(new Set(received).size).toBe(N);
});
