// npm run --silent staff:create -- --email E --name N [--admin]
// Creates a council staff account. Prints a one-time password (changed at first sign-in), or
// takes the password from standard input when one is piped in.
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb } from "../app/db.server";
import { createStaffAccount } from "../app/modules/auth/users.server";
import { staffCommandSchema } from "../app/modules/auth/schemas";
import { getT } from "../app/modules/i18n/locales.server";
import { runMigrations } from "../db/migrate";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function fail(message: string): never {
  console.error(message);
  closeDb();
  process.exit(1);
}

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, admin: { type: "boolean", default: false } },
  strict: true,
});
if (!values.email || !values.name) fail("usage: npm run --silent staff:create -- --email E --name N [--admin]");

const given = await readStdin();
const parsed = staffCommandSchema.safeParse({
  name: values.name,
  email: values.email,
  role: values.admin ? "admin" : "staff",
  password: given || undefined,
});
if (!parsed.success) {
  const t = getT("en");
  const errors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
  fail(
    Object.entries(errors)
      .map(([field, keys]) => `${field}: ${t(keys[0] as never)}`)
      .join("\n"),
  );
}

runMigrations();
// The same module function as the admin's staff page; no one is signed in here, so the audit
// entry has no actor.
const created = await createStaffAccount({ ...parsed.data, actorUserId: null });
if (!created.ok) fail(created.reason === "email_taken" ? `an account with ${parsed.data.email} already exists` : "that password is too common");

console.log(`created ${created.user.role} account ${created.user.email}`);
if (created.oneTimePassword) console.log(`one-time password: ${created.oneTimePassword}`);
closeDb();
