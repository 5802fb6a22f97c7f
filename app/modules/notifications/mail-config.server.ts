import { getEnv } from "~/env.server";

/** The public origin that links in e-mail point to: BASE_URL, else this machine's port. */
export function baseUrl(): string {
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
