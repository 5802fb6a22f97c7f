// One of several processes deciding the same introduction requests at once (see
// tests/integration/introductions-race.test.ts). It says "ready", waits for the go file, then
// decides every request — approving some, declining others — and prints what each call returned.
import fs from "node:fs";
import { closeDb } from "../app/db.server";
import { approveIntroduction, declineIntroduction } from "../app/modules/introductions/workflow.server";

const ids = JSON.parse(process.env.RACE_IDS!) as number[];
const staffUserId = process.env.RACE_STAFF!;
const worker = Number(process.env.RACE_WORKER);
const goFile = process.env.RACE_GO!;

// Opening the database before the start line keeps connection set-up out of the race.
approveIntroduction({ introductionId: -1, staffUserId });
process.stdout.write("ready\n");
while (!fs.existsSync(goFile)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);

const results = ids.map((id) => {
  const approve = (id + worker) % 2 === 0;
  const r = approve
    ? approveIntroduction({ introductionId: id, staffUserId })
    : declineIntroduction({ introductionId: id, staffUserId, reason: `declined by worker ${worker}` });
  return { id, action: approve ? "approve" : "decline", ...r };
});
closeDb();
process.stdout.write(`${JSON.stringify(results)}\n`);
