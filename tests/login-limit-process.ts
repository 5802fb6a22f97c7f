// A second process on the test's database file (see app/routes/auth-routes.test.ts): as a
// restarted server would, it reads the sign-in counters and prints how long the given account
// and address are blocked.
import { closeDb } from "../app/db.server";
import { loginBlockedFor } from "../app/modules/auth/rate-limit.server";

process.stdout.write(`${JSON.stringify({ blockedFor: loginBlockedFor({ email: process.env.LIMIT_EMAIL!, ip: process.env.LIMIT_IP! }) })}\n`);
closeDb();
