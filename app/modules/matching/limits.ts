// Choices and lengths that match pages show as well as enforce. Client-safe and free of zod.
export const MATCH_EMAIL_CHOICES = ["immediately", "daily", "weekly", "off"] as const;
export const HIDE_REASON_MAX = 500;
/** Matches per page: a busy reader scans the best ten, and the page stays light. */
export const MATCH_PAGE_SIZE = 10;
/** The lowest score members' lists show until staff set another (a score runs from 0 to 100). */
export const DEFAULT_MIN_SCORE = 20;
