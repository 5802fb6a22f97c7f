import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { INTRODUCTION_STATUSES, OUTCOMES } from "./enums";

const now = sql`(unixepoch())`;

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["member", "staff", "admin"] })
    .notNull()
    .default("member"),
  locale: text("locale").notNull().default("en"),
  mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
  emailVerifiedAt: integer("email_verified_at"),
  disabledAt: integer("disabled_at"),
  // Two-factor sign-in (TOTP, RFC 6238) for staff: the shared secret, sealed with APP_SECRET
  // (AES-256-GCM), set once the user proved it with a code; the last time step accepted, so a
  // code is good once.
  totpSecret: text("totp_secret"),
  totpEnabledAt: integer("totp_enabled_at"),
  totpLastStep: integer("totp_last_step"),
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
    // skipped: not sent, for the reason in last_error (the recipient turned its category off after it was queued).
    status: text("status", { enum: ["queued", "sending", "sent", "failed", "skipped"] })
      .notNull()
      .default("queued"),
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

/**
 * Failed sign-in counters (issue 13), kept here so that a restart does not reset them. One row per
 * key — (account, address), address, account, a two-factor account — stored as its SHA-256, so
 * the table holds no address or e-mail. `failures` count within the window that began at
 * `window_start`; reaching a limit sets `blocked_until`.
 */
export const authThrottle = sqliteTable(
  "auth_throttle",
  {
    keyHash: text("key_hash").primaryKey(),
    failures: integer("failures").notNull(),
    windowStart: integer("window_start").notNull(),
    blockedUntil: integer("blocked_until").notNull().default(0),
  },
  (t) => [index("auth_throttle_window_start_idx").on(t.windowStart)],
);

/** A one-time sign-in link sent to the owner of an account (issue 13): only its SHA-256 is stored. */
export const loginLinkTokens = sqliteTable(
  "login_link_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("login_link_tokens_user_id_idx").on(t.userId)],
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
    // A profile awaiting review, in the shape of companies/schemas.ts's Profile (the schema imports
    // nothing of the app: the companies module reads it through draftOf).
    draft: text("draft", { mode: "json" }).$type<Record<string, unknown>>(),
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
    // Reaching the contact in the region (issue 16): the phone, WhatsApp and Zalo numbers in E.164,
    // the WeChat, LINE and Telegram IDs as the services write them. Shown like the contact above.
    phone: text("phone"),
    wechat: text("wechat"),
    whatsapp: text("whatsapp"),
    line: text("line"),
    zalo: text("zalo"),
    telegram: text("telegram"),
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
    role: text("role", { enum: ["owner", "member"] })
      .notNull()
      .default("member"),
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

// ---- matching: stored lists, their bookkeeping, dismissals, exclusions, new-match e-mail (issue 5) ----

/** Council settings that staff change (ASEAN ↔ ASEAN matching, …): one row per key, the value as JSON. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
  updatedByUserId: text("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
});

/**
 * Each visible company's best partners, best first (at most 50 kept). `entries` packs one
 * record of ten little-endian int32 per partner: partner id, score in tenths, and the compact
 * reasons (matching/reason-codes.ts ReasonCode). `features` caches what the scorer reads of the
 * company itself, so a process loads the engine without tokenising every description again.
 * Both are valid for `algorithm_version` only.
 */
export const matchLists = sqliteTable("match_lists", {
  companyId: integer("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  entries: blob("entries", { mode: "buffer" }).notNull(),
  entryCount: integer("entry_count").notNull(),
  complete: integer("complete", { mode: "boolean" }).notNull(),
  features: blob("features", { mode: "buffer" }).notNull(),
  algorithmVersion: text("algorithm_version").notNull(),
  computedAt: integer("computed_at").notNull(),
});

/**
 * Companies whose listing or visibility changed since matching last looked. Written by triggers
 * on `companies` (migration 0006_matching_triggers), in the transaction of the change itself;
 * matching consumes it (matching/sync.server.ts).
 */
export const matchQueue = sqliteTable("match_queue", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull(),
  queuedAt: integer("queued_at").notNull().default(now),
});

/** One row (id 1): the lists' version and a counter that every change of them moves. */
export const matchState = sqliteTable("match_state", {
  id: integer("id").primaryKey(),
  seq: integer("seq").notNull().default(0),
  algorithmVersion: text("algorithm_version"),
  rulesKey: text("rules_key"),
  rebuildRequestedAt: integer("rebuild_requested_at"),
  rebuiltAt: integer("rebuilt_at"),
  updatedAt: integer("updated_at").notNull().default(now),
});

/** "Not interested": the pair never matches again, from either side. */
export const matchDismissals = sqliteTable(
  "match_dismissals",
  {
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.partnerId] }), index("match_dismissals_partner_idx").on(t.partnerId)],
);

export const MATCH_EXCLUSION_REASONS = ["introduction_declined", "hidden_by_staff"] as const;

/**
 * Pairs that must not match for another reason than a dismissal: a declined introduction, a
 * match staff hid. One row per pair and reason, the lower company id first.
 */
export const matchExclusions = sqliteTable(
  "match_exclusions",
  {
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: MATCH_EXCLUSION_REASONS }).notNull(),
    note: text("note"),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.partnerId, t.reason] }), index("match_exclusions_partner_idx").on(t.partnerId)],
);

/**
 * The first time a partner entered a company's shown list above the announcement threshold.
 * Once per pair, ever: a match that drops out and comes back is not news.
 */
export const matchNews = sqliteTable(
  "match_news",
  {
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    foundAt: integer("found_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.partnerId] }), index("match_news_found_idx").on(t.companyId, t.foundAt)],
);

export const MATCH_EMAIL_FREQUENCIES = ["immediately", "daily", "weekly"] as const;

/** Who was told of which match, when and how: no one hears of the same match twice. */
export const matchAnnouncements = sqliteTable(
  "match_announcements",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    via: text("via", { enum: MATCH_EMAIL_FREQUENCIES }).notNull(),
    outboxKey: text("outbox_key").notNull(),
    announcedAt: integer("announced_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.companyId, t.partnerId] })],
);

/**
 * How often a user hears of new matches. No row: weekly. "Off" is the notifications module's
 * switch for the new_matches category (email_preferences), which unsubscribe links also turn off.
 */
export const matchEmailFrequencies = sqliteTable("match_email_frequencies", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  frequency: text("frequency", { enum: MATCH_EMAIL_FREQUENCIES }).notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});

// ---- introductions: the request -> review -> accept workflow, outcomes (issue 6) ----

/**
 * One introduction between two firms. A member's request starts `requested` and waits for staff;
 * one that staff start themselves starts `approved` and waits for both firms. It is `accepted`
 * once every firm that must answer has (`requester_accepted_at`, `target_accepted_at`).
 * `pair_low`/`pair_high` are the two company ids in order, so the partial unique index allows
 * one open introduction per pair whichever side asked.
 */
export const introductions = sqliteTable(
  "introductions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requesterCompanyId: integer("requester_company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    targetCompanyId: integer("target_company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    pairLow: integer("pair_low").notNull(),
    pairHigh: integer("pair_high").notNull(),
    initiatedBy: text("initiated_by", { enum: ["member", "staff"] }).notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    purpose: text("purpose").notNull(),
    message: text("message").notNull(),
    status: text("status", { enum: INTRODUCTION_STATUSES }).notNull(),
    // The staff decision (approve or decline), with the reason the requester sees.
    decidedByUserId: text("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at"),
    staffReason: text("staff_reason"),
    requesterAcceptedAt: integer("requester_accepted_at"),
    targetAcceptedAt: integer("target_accepted_at"),
    // Who answered last for a firm (accept or decline), and the firm that declined.
    answeredByUserId: text("answered_by_user_id").references(() => users.id, { onDelete: "set null" }),
    declinedByCompanyId: integer("declined_by_company_id"),
    declineNote: text("decline_note"),
    acceptedAt: integer("accepted_at"),
    closedAt: integer("closed_at"),
    // No answer by then: expired. Moves on at approval (a fresh 14 days for the other firm).
    expiresAt: integer("expires_at").notNull(),
    expiryReminderSentAt: integer("expiry_reminder_sent_at"),
    outcomeReminderSentAt: integer("outcome_reminder_sent_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("introductions_open_pair_idx")
      .on(t.pairLow, t.pairHigh)
      .where(sql`status in ('requested', 'approved')`),
    index("introductions_status_created_idx").on(t.status, t.createdAt),
    index("introductions_requester_idx").on(t.requesterCompanyId, t.createdAt),
    index("introductions_target_idx").on(t.targetCompanyId, t.createdAt),
    index("introductions_expires_idx").on(t.status, t.expiresAt),
  ],
);

/** Every move of an introduction, append-only: its history as both firms and staff see it. */
export const introductionEvents = sqliteTable(
  "introduction_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    introductionId: integer("introduction_id")
      .notNull()
      .references(() => introductions.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: INTRODUCTION_STATUSES }),
    toStatus: text("to_status", { enum: INTRODUCTION_STATUSES }).notNull(),
    // "accepted_by_one": one firm of a staff-started introduction said yes; the state stays.
    kind: text("kind").notNull(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    companyId: integer("company_id"),
    note: text("note"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("introduction_events_intro_idx").on(t.introductionId, t.id)],
);

/** What came of an accepted introduction, as either firm or staff recorded it; the latest counts. */
export const introductionOutcomes = sqliteTable(
  "introduction_outcomes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    introductionId: integer("introduction_id")
      .notNull()
      .references(() => introductions.id, { onDelete: "cascade" }),
    outcome: text("outcome", { enum: OUTCOMES }).notNull(),
    partnershipType: text("partnership_type"),
    note: text("note"),
    companyId: integer("company_id"),
    recordedByUserId: text("recorded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("introduction_outcomes_intro_idx").on(t.introductionId, t.id)],
);

export const STAFF_ALERT_FREQUENCIES = ["immediately", "daily"] as const;

/** How a staff member hears of new introduction requests. No row: immediately. */
export const staffAlertFrequencies = sqliteTable("staff_alert_frequencies", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  frequency: text("frequency", { enum: STAFF_ALERT_FREQUENCIES }).notNull(),
  lastDigestAt: integer("last_digest_at"),
  updatedAt: integer("updated_at").notNull().default(now),
});

// ---- the audit log: every staff action, append-only (issue 6) ----

/**
 * Who did what to which record, when, and the record before and after. Rows are only ever
 * inserted (triggers in migration 0009 refuse UPDATE and DELETE). The actor's e-mail is copied,
 * so the log still reads after an account is gone.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: text("actor_user_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.createdAt),
    index("audit_log_actor_idx").on(t.actorUserId, t.createdAt),
    index("audit_log_action_idx").on(t.action, t.createdAt),
  ],
);

/**
 * Work that is not answering a request (imports, match rebuilds, expiry, reminders, digests),
 * queued in the transaction that causes it and run by the job runner (app/modules/jobs). A
 * runner claims a due row with a lease; a runner that dies leaves the lease to run out, and
 * the job is claimed again (so a job is written to be re-run from the start).
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull().default({}),
    state: text("state", { enum: ["queued", "running", "done", "failed"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAfter: integer("run_after").notNull().default(now),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    // { done, total } while running, as the handler reports it.
    progress: text("progress", { mode: "json" }).$type<{ done: number; total: number | null }>(),
    result: text("result", { mode: "json" }).$type<unknown>(),
    error: text("error"),
    // A job queued twice with one key is queued once (a schedule's occurrence, a rebuild).
    dedupeKey: text("dedupe_key").unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("jobs_due_idx").on(t.state, t.runAfter), index("jobs_kind_idx").on(t.kind, t.createdAt)],
);

/** When each scheduled job is next due (digests, expiry, reminders): kept here, so downtime loses none. */
export const jobSchedules = sqliteTable("job_schedules", {
  name: text("name").primaryKey(),
  nextRunAt: integer("next_run_at").notNull(),
  lastQueuedAt: integer("last_queued_at"),
});
