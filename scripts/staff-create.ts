// npm run --silent staff:create -- --email E --name N [--admin]
// Creates a council staff account. Prints a one-time password (changed at first sign-in), or
// takes the password from standard input when one is piped in.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb } from "../app/db.server";
import { createUser } from "../app/modules/auth/users.server";
import { signupSchema } from "../app/modules/auth/schemas";
import { getT } from "../app/modules/i18n/locales.server";
import { runMigrations } from "../db/migrate";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
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
const password = given || crypto.randomBytes(15).toString("base64url");
const parsed = signupSchema.safeParse({ name: values.name, email: values.email, password, locale: "en" });
if (!parsed.success) {
  const t = getT("en");
  const errors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
  fail(Object.entries(errors).map(([field, keys]) => `${field}: ${t(keys[0] as never)}`).join("\n"));
}

runMigrations();
const created = await createUser({
  ...parsed.data,
  role: values.admin ? "admin" : "staff",
  mustChangePassword: !given,
});
if (!created.ok) fail(created.reason === "email_taken" ? `an account with ${parsed.data.email} already exists` : "that password is too common");

console.log(`created ${created.user.role} account ${created.user.email}`);
if (!given) console.log(`one-time password: ${password}`);
closeDb();
