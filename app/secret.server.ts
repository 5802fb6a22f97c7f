import crypto from "node:crypto";
import fs from "node:fs";
import { databasePath, getEnv } from "./env.server";
import { logger } from "./log.server";

const g = globalThis as typeof globalThis & { __bridgeSecret?: { source: string; key: Buffer } };

/**
 * The key for signed links (unsubscribe). APP_SECRET when set; otherwise a random key made once and
 * kept in `<database>.secret` (mode 600), so links stay valid across restarts and every database
 * (demo, e2e, each test file) has its own. Losing that file only voids the links already sent.
 */
export function appSecret(): Buffer {
  const env = getEnv();
  const source = env.APP_SECRET ? "env" : `${databasePath()}.secret`;
  if (g.__bridgeSecret?.source === source) return g.__bridgeSecret.key;
  const key = env.APP_SECRET ? Buffer.from(env.APP_SECRET, "utf8") : readOrCreateKeyFile(source, env.NODE_ENV);
  g.__bridgeSecret = { source, key };
  return key;
}

function readOrCreateKeyFile(file: string, mode: string): Buffer {
  try {
    return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  } catch {
    const hex = crypto.randomBytes(32).toString("hex");
    try {
      // "wx": when another process made the file first, this write fails and theirs is read.
      fs.writeFileSync(file, `${hex}\n`, { mode: 0o600, flag: "wx" });
    } catch {
      return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
    }
    if (mode === "production") {
      logger().warn({ type: "config", event: "app_secret_generated", file, hint: "set APP_SECRET to keep the key elsewhere" });
    }
    return Buffer.from(hex, "hex");
  }
}
