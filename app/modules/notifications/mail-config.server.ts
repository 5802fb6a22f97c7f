import { getEnv } from "~/env.server";

/** The public origin that links in e-mail point to: BASE_URL, else this machine's port. */
function baseUrl(): string {
  const env = getEnv();
  return env.BASE_URL ? new URL(env.BASE_URL).origin : `http://localhost:${env.PORT}`;
}

export function absoluteUrl(pathAndQuery: string): string {
  return new URL(pathAndQuery, baseUrl()).toString();
}

/** The domain of Message-IDs and of the default sender. */
export function mailDomain(): string {
  return new URL(baseUrl()).hostname;
}

export function mailFrom(): string {
  return getEnv().MAIL_FROM ?? `Bridge <no-reply@${mailDomain()}>`;
}

/** How messages leave, for the mail log (never the SMTP address: it may hold a password). */
export function deliveryMode(): { kind: "smtp" } | { kind: "file"; dir: string } {
  const env = getEnv();
  return env.SMTP_URL ? { kind: "smtp" } : { kind: "file", dir: env.MAIL_DIR };
}
