import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane. @node-rs/argon2 defaults to argon2id.
export const PRODUCTION_HASH_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
// Test runs (vitest sets NODE_ENV=test) create hundreds of users: the smallest parameters argon2
// allows keep each hash under a millisecond. Verification reads the parameters from the hash
// itself, so the code path is the same; password.test.ts checks the production parameters.
const TEST_HASH_OPTIONS = { memoryCost: 8, timeCost: 1, parallelism: 1 };

function hashOptions() {
  return process.env.NODE_ENV === "test" ? TEST_HASH_OPTIONS : PRODUCTION_HASH_OPTIONS;
}

export function hashPassword(password: string, options = hashOptions()) {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random string: verifying against it costs what a real check costs, so an unknown
// e-mail address answers as slowly as a known one.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string) {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
  return false;
}

// zxcvbn-ts's list of ~49,000 passwords seen most often in breaches (maintained upstream).
let common: Set<string> | undefined;
export function isCommonPassword(password: string) {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}

export function commonPasswordCount() {
  isCommonPassword("");
  return common!.size;
}
