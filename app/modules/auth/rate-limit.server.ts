import { RateLimiterMemory } from "rate-limiter-flexible";

// Failed sign-ins: 5 per account and 20 per address within 15 minutes, then a 15-minute block.
// Unknown and known e-mail addresses are counted alike, so the answer reveals nothing.
// Wrong two-factor codes count on their own key, per account: 5, then a 15-minute block.
const WINDOW = 15 * 60;
// Per network address; LOGIN_ADDRESS_LIMIT raises it where many people share one address (the
// end-to-end tests sign everyone in from 127.0.0.1).
const PER_ADDRESS = Number(process.env.LOGIN_ADDRESS_LIMIT) > 0 ? Number(process.env.LOGIN_ADDRESS_LIMIT) : 20;

type Limiters = { perAccount: RateLimiterMemory; perAddress: RateLimiterMemory; totpPerAccount: RateLimiterMemory };
const g = globalThis as typeof globalThis & { __bridgeLoginLimiters?: Limiters };

function limiters(): Limiters {
  g.__bridgeLoginLimiters ??= {
    perAccount: new RateLimiterMemory({ keyPrefix: "login-account", points: 5, duration: WINDOW, blockDuration: WINDOW }),
    perAddress: new RateLimiterMemory({ keyPrefix: "login-address", points: PER_ADDRESS, duration: WINDOW, blockDuration: WINDOW }),
    totpPerAccount: new RateLimiterMemory({ keyPrefix: "totp-account", points: 5, duration: WINDOW, blockDuration: WINDOW }),
  };
  return g.__bridgeLoginLimiters;
}

const wait = (r: Awaited<ReturnType<RateLimiterMemory["get"]>>, max: number) =>
  r && r.consumedPoints >= max ? Math.ceil(r.msBeforeNext / 1000) : 0;

/** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
export async function loginBlockedFor({ email, ip }: { email: string; ip: string }) {
  const { perAccount, perAddress } = limiters();
  const [a, b] = await Promise.all([perAccount.get(email), perAddress.get(ip)]);
  return Math.max(wait(a, 5), wait(b, PER_ADDRESS));
}

export async function recordLoginFailure({ email, ip }: { email: string; ip: string }) {
  const { perAccount, perAddress } = limiters();
  await Promise.allSettled([perAccount.consume(email), perAddress.consume(ip)]);
}

export async function clearLoginFailures({ email }: { email: string }) {
  await limiters().perAccount.delete(email);
}

/** Seconds until the next two-factor code of this account is checked, or 0. */
export async function totpBlockedFor({ userId }: { userId: string }) {
  return wait(await limiters().totpPerAccount.get(userId), 5);
}

export async function recordTotpFailure({ userId }: { userId: string }) {
  await limiters().totpPerAccount.consume(userId).catch(() => undefined);
}

export async function clearTotpFailures({ userId }: { userId: string }) {
  await limiters().totpPerAccount.delete(userId);
}

export function resetLoginLimits() {
  g.__bridgeLoginLimiters = undefined;
}
