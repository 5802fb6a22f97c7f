// Value lists that enum columns of db/schema.ts take and that client-safe code also needs (the
// introduction states and outcomes). Plain constants, no imports: the browser bundle may carry
// them, while db/schema.ts (drizzle) never reaches it.
export const INTRODUCTION_STATUSES = ["requested", "approved", "declined_by_staff", "accepted", "declined_by_target", "expired", "withdrawn"] as const;

export const OUTCOMES = ["met", "negotiating", "agreement_signed", "no_fit"] as const;
