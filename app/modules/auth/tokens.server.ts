import crypto from "node:crypto";

/**
 * A secret for a link in an e-mail: 256 random bits, URL-safe. Only its SHA-256 is stored, so a
 * copy of the database holds nothing that opens an account.
 */
export function newEmailToken() {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashEmailToken(token) };
}

export function hashEmailToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}
