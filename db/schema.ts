import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
