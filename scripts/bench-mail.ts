// npm run --silent bench:mail -- --messages N [--connections C]
// Queues N messages in a fresh temporary database and delivers them through a pooled SMTP
// transport to a local SMTP sink on 127.0.0.1; prints {"messages":N,"deliverMs":…,"perSecond":…}.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import readline from "node:readline";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { messages: { type: "string", default: "1000" }, connections: { type: "string", default: "10" } } });
const messages = Number(values.messages);
const connections = Number(values.connections);
if (!Number.isInteger(messages) || messages < 1 || !Number.isInteger(connections) || connections < 1) {
  console.error("usage: npm run --silent bench:mail -- --messages N [--connections C]");
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-bench-mail-"));
process.env.DATABASE_URL = path.join(dir, "bench.db");
process.env.LOG_LEVEL = "silent";

const { closeDb, getDb } = await import("../app/db.server");
const { runMigrations } = await import("../db/migrate");
const { createUser } = await import("../app/modules/auth/users.server");
const { queueEmail } = await import("../app/modules/notifications/outbox.server");
const { drainOutbox, smtpSender } = await import("../app/modules/notifications/delivery.server");

try {
  runMigrations();
  const created = await createUser({ email: "bench@bench.test", name: "Bench Reader", password: "bench password 2026 long", locale: "en" });
  if (!created.ok) throw new Error(created.reason);
  const user = created.user;
  const db = getDb();
  for (let start = 0; start < messages; start += 1000) {
    db.transaction((tx) => {
      for (let i = start; i < Math.min(messages, start + 1000); i++) {
        queueEmail(tx, {
          key: `bench:${i}`,
          to: `reader${i}@bench.test`,
          userId: user.id,
          locale: i % 2 ? "zh" : "en",
          category: "staff_digest",
          template: "test_message",
          params: { name: `Reader ${i}`, senderName: "Bench" },
        });
      }
    });
  }

  const sink = await startSinkProcess();
  const sender = smtpSender(sink.url, { maxConnections: connections });
  const started = performance.now();
  const result = await drainOutbox({ sender, batchSize: 500 });
  const deliverMs = Math.round(performance.now() - started);
  sender.close();
  const received = await sink.count();
  sink.close();
  if (result.sent !== messages || received !== messages) {
    throw new Error(`delivered ${result.sent} (the sink has ${received}) of ${messages}: ${JSON.stringify(result)}`);
  }
  console.log(JSON.stringify({ messages, deliverMs, perSecond: Math.round((messages / deliverMs) * 1000) }));
} finally {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The sink runs in its own process, so that sender and receiver each have a core. */
async function startSinkProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/smtp-sink-process.ts"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout! });
  const next = () => new Promise<Record<string, number>>((resolve) => lines.once("line", (l) => resolve(JSON.parse(l))));
  const { port } = await next();
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: async () => {
      child.stdin!.write("count\n");
      return (await next()).count;
    },
    close: () => child.stdin!.end(),
  };
}
