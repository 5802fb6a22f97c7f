// npm run --silent digest -- --frequency daily|weekly
// Sends the new-match digests of one frequency now: brings the match lists up to date, queues one
// e-mail per user who chose that frequency and has matches they were not told of, and delivers
// what is due in the outbox (SMTP_URL, or .eml files in MAIL_DIR). The server runs the same on
// its schedule (daily at 08:00 UTC, weekly on Mondays). Prints one line.
import { parseArgs } from "node:util";
import { closeDb } from "../app/db.server";
import { sendDigests } from "../app/modules/matching/announce.server";
import { syncMatches } from "../app/modules/matching/sync.server";
import { createSender, drainOutbox } from "../app/modules/notifications/delivery.server";
import { runMigrations } from "../db/migrate";

const USAGE = "usage: npm run --silent digest -- --frequency daily|weekly";
let frequency: string | undefined;
try {
  frequency = parseArgs({ options: { frequency: { type: "string" } }, strict: true }).values.frequency;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(1);
}
if (frequency !== "daily" && frequency !== "weekly") {
  console.error(USAGE);
  process.exit(1);
}

runMigrations();
await syncMatches();
const { emails, matches } = sendDigests({ frequency });
const sender = createSender();
const delivered = await drainOutbox({ sender });
sender.close();
console.log(`queued ${emails} ${frequency} digests (${matches} matches); delivered ${delivered.sent} e-mails, ${delivered.retried + delivered.failed} not yet`);
closeDb();
