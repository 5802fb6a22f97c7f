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
  sectorsMax: 4,
  externalId: 64,
  reason: 1000,
} as const;

export const FOUNDED_MIN = 1800;

/** What the staff company list filters by: the review states and "suspended". */
export const STAFF_COMPANY_FILTERS = ["draft", "pending", "approved", "rejected", "suspended"] as const;
