import pino from "pino";
import { getEnv } from "./env.server";

const g = globalThis as typeof globalThis & { __bridgeLogger?: pino.Logger };

/**
 * One JSON line per event on standard output. Credentials never reach it: callers log ids and
 * outcomes only, and these paths are redacted in case someone passes a whole object by mistake.
 */
export function logger(): pino.Logger {
  g.__bridgeLogger ??= pino({
    level: getEnv().LOG_LEVEL,
    base: undefined,
    redact: {
      paths: ["password", "*.password", "token", "*.token", "cookie", "*.cookie", "headers.cookie", "authorization", "*.authorization"],
      censor: "[redacted]",
    },
  });
  return g.__bridgeLogger;
}

export function logAuthEvent(event: string, fields: { userId?: string; ip?: string; outcome?: string; reason?: string }) {
  logger().info({ type: "auth", event, ...fields });
}
