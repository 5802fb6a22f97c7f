import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).default("data/bridge.db"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // The public origin (e.g. https://bridge.example.org). Used for the Origin check and links in
  // e-mail. Without it the Host header of each request is trusted, which is fine on localhost.
  BASE_URL: z.url().optional(),
  // Express "trust proxy" setting, for X-Forwarded-Proto behind a reverse proxy.
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  // Signs unsubscribe links. Without it a random secret is made once and kept beside the database.
  APP_SECRET: z.string().min(32).optional(),
  // smtp://user:pass@host:587 (or smtps://…:465). Without it e-mail is written as .eml files to MAIL_DIR.
  SMTP_URL: z.url().optional(),
  MAIL_DIR: z.string().min(1).default("data/mail"),
  // The From header, e.g. "Bridge <no-reply@bridge.example.org>"; default no-reply@ the BASE_URL host.
  MAIL_FROM: z.string().min(3).optional(),
  // How often the delivery worker looks for due e-mail, and how long a claimed message is reserved
  // for the worker that claimed it before another may take it over.
  MAIL_POLL_MS: z.coerce.number().int().min(50).default(500),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
});

type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** process.env, checked once. Tests may call resetEnv() after changing process.env. */
export function getEnv(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment: ${problems.join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function resetEnv() {
  cached = undefined;
}

/** DATABASE_URL is a file path, optionally prefixed with `file:`. */
export function databasePath(url = getEnv().DATABASE_URL): string {
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}
