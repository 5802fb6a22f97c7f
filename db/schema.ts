import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Profile } from "../app/modules/companies/schemas";

const now = sql`(unixepoch())`;

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["member", "staff", "admin"] }).notNull().default("member"),
  locale: text("locale").notNull().default("en"),
  mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
  emailVerifiedAt: integer("email_verified_at"),
  disabledAt: integer("disabled_at"),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Lucia's own expiry, in seconds; a plain integer column as its drizzle adapter expects.
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull(),
    lastActiveAt: integer("last_active_at").notNull(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

// ---- notifications: the outbox, e-mail preferences, and the account tokens sent by e-mail ----

export const EMAIL_CATEGORIES = ["account", "new_matches", "introductions", "staff_digest"] as const;

/**
 * Every e-mail, written in the transaction of the change that caused it. `key` names the event,
 * so one event never queues two messages. While a worker sends a row, `next_attempt_at` is the
 * end of its lease: a row still `sending` after that was abandoned and is claimed again.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull().unique(),
    category: text("category", { enum: EMAIL_CATEGORIES }).notNull(),
    template: text("template").notNull(),
    locale: text("locale").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    // Extra headers (List-Unsubscribe), as a JSON object.
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    // Strings (one-time links) blanked out of the stored copy once the message is sent.
    secrets: text("secrets", { mode: "json" }).$type<string[]>(),
    messageId: text("message_id").notNull(),
    status: text("status", { enum: ["queued", "sending", "sent", "failed"] }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(now),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    sentAt: integer("sent_at"),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_user_id_idx").on(t.userId)],
);

/** A row per user and category that the user changed; no row means the category is on. */
export const emailPreferences = sqliteTable(
  "email_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    category: text("category", { enum: EMAIL_CATEGORIES }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);

/** Only the SHA-256 of a reset token is stored: a copy of the database resets no password. */
export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("password_reset_tokens_user_id_idx").on(t.userId)],
);

/** Confirms that a user controls `email`: the sign-up address, or a new address being changed to. */
export const emailVerificationTokens = sqliteTable(
  "email_verification_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("email_verification_tokens_user_id_idx").on(t.userId)],
);

// ---- companies: profiles, moderation, membership, invitations (issue 4) ----

export const COMPANY_STATUSES = ["draft", "pending", "approved", "rejected"] as const;

/**
 * A firm. The plain columns and the company_* code tables are the *listing*: the last approved
 * version, or the working copy while none was ever approved. `draft` holds the working copy
 * (JSON, every field of the import spec) only while it differs from an approved listing, i.e. an
 * edit awaiting review. `status` is the review state of the working copy; `visible` (approved
 * once and not suspended) is what the directory and matching read.
 */
export const companies = sqliteTable(
  "companies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    externalId: text("external_id").notNull().unique(),
    status: text("status", { enum: COMPANY_STATUSES }).notNull().default("draft"),
    draft: text("draft", { mode: "json" }).$type<Profile>(),
    name: text("name").notNull(),
    localName: text("local_name"),
    country: text("country").notNull(),
    city: text("city"),
    website: text("website"),
    foundedYear: integer("founded_year"),
    size: text("size"),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default([]),
    description: text("description"),
    contactName: text("contact_name"),
    contactEmail: text("contact_email"),
    // Folded name and local name (text.ts foldForSearch): the directory's order in any script,
    // and what one- and two-character searches look through (an index-only scan).
    sortName: text("sort_name").notNull(),
    visible: integer("visible", { mode: "boolean" }).notNull().default(false),
    publishedAt: integer("published_at"),
    suspendedAt: integer("suspended_at"),
    submittedAt: integer("submitted_at"),
    reviewedAt: integer("reviewed_at"),
    reviewedByUserId: text("reviewed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    rejectionReason: text("rejection_reason"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("companies_visible_sort_idx").on(t.visible, t.sortName),
    index("companies_visible_country_sort_idx").on(t.visible, t.country, t.sortName),
    index("companies_status_submitted_idx").on(t.status, t.submittedAt),
  ],
);

/** A user belongs to at most one company; a company has owners (who invite) and members. */
export const companyMembers = sqliteTable(
  "company_members",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "member"] }).notNull().default("member"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("company_members_company_id_idx").on(t.companyId)],
);

// The listing's code lists, one row per (company, code). The (code, company) indexes let the
// matching engine find "firms offering capability X" without reading any profile. The tables are
// WITHOUT ROWID (migration 0004; drizzle-kit cannot say so): keep that in any rebuild.
function codeTable(name: string, column: string) {
  return sqliteTable(
    name,
    {
      companyId: integer("company_id")
        .notNull()
        .references(() => companies.id, { onDelete: "cascade" }),
      code: text(column).notNull(),
    },
    (t) => [primaryKey({ columns: [t.companyId, t.code] }), index(`${name}_${column}_idx`).on(t.code, t.companyId)],
  );
}

export const companySectors = codeTable("company_sectors", "sector");
export const companyOffers = codeTable("company_offers", "capability");
export const companyNeeds = codeTable("company_needs", "capability");
export const companyPartnershipTypes = codeTable("company_partnership_types", "partnership_type");
export const companyTargetMarkets = codeTable("company_target_markets", "country");

/** Every review decision, with who made it and the reason the firm was shown. */
export const profileReviews = sqliteTable(
  "profile_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    decision: text("decision", { enum: ["approved", "rejected"] }).notNull(),
    reason: text("reason"),
    staffUserId: text("staff_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("profile_reviews_company_id_idx").on(t.companyId)],
);

/**
 * A single-use, expiring link that adds the holder of `email` to a company: a colleague invited
 * by an owner, or the contact of an imported profile claiming it. Only the SHA-256 of the token
 * is stored.
 */
export const companyInvitations = sqliteTable(
  "company_invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["colleague", "claim"] }).notNull(),
    email: text("email").notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    usedByUserId: text("used_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("company_invitations_company_id_idx").on(t.companyId)],
);
