// Limits of profile fields that forms show as well as enforce. Client-safe and free of zod, so that
// pages can read them without the validation library reaching the browser.
export const LIMITS = {
  name: 200,
  localName: 200,
  city: 100,
  website: 300,
  description: 4000,
  contactName: 100,
  contactEmail: 254,
  // As typed: a number with spaces and brackets, a Telegram name as its t.me link.
  phone: 30,
  wechat: 20,
  line: 21,
  telegram: 45,
  sectorsMax: 4,
  externalId: 64,
  reason: 1000,
} as const;

export const FOUNDED_MIN = 1800;

/** What the staff company list filters by: the review states and "suspended". */
export const STAFF_COMPANY_FILTERS = ["draft", "pending", "approved", "rejected", "suspended"] as const;

/**
 * Invitations of colleagues. Each one is an e-mail from Bridge's address to someone who never
 * asked for it, so a firm's owner must not be able to use Bridge to send mail in bulk (issue 13:
 * an unreviewed firm sent 25 invitations in a day, 5 of them to one address). The counts are read
 * from the company_invitations rows, so a restart resets nothing.
 * - perFirmPerDay: a real team is invited a few people at a time; 10 in any 24 hours is plenty.
 * - openPerAddress: one invitation of a firm to an address may be open at a time; a second one
 *   would only repeat the same link, and repeating is how an address gets flooded.
 * - unreviewedOtherAddresses: until staff approved the firm once (nobody has checked that it is
 *   who it says), its owner may invite colleagues at the owner's own e-mail domain, and at most
 *   this many people at any other address, in total.
 */
export const INVITATION_LIMITS = {
  perFirmPerDay: 10,
  openPerAddress: 1,
  unreviewedOtherAddresses: 3,
} as const;

/**
 * Domains where anyone can have an address: sharing one with the owner says nothing about
 * working at the same firm, so for an unreviewed firm they count as "other addresses".
 */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "mail.com",
  "yandex.com",
  "qq.com",
  "foxmail.com",
  "163.com",
  "126.com",
  "yeah.net",
  "sina.com",
  "sohu.com",
  "aliyun.com",
]);

/** The longest directory search, in characters (a longer one is refused with a message, not run). */
export const DIRECTORY_Q_MAX = 200;
