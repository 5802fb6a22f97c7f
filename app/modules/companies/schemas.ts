// Validation of company profiles from forms and imports. Messages are translation keys; `params`
// carry what the message needs (a limit, the offending value). Imported only by server code
// (actions, modules, scripts): zod and libphonenumber-js stay out of the browser
// (tests/integration/client-bundle.test.ts).
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import type { FormIssue } from "~/utils/form";
import { charLength, cleanLine, cleanText, hasControlChars } from "~/utils/text";
import {
  CAPABILITIES,
  COUNTRIES,
  LANGUAGES,
  PARTNERSHIP_TYPES,
  SECTORS,
  SIZES,
  type CapabilityCode,
  type CountryCode,
  type LanguageCode,
  type PartnershipTypeCode,
  type SectorCode,
  type SizeCode,
} from "./taxonomy";

import { FOUNDED_MIN, LIMITS, STAFF_COMPANY_FILTERS } from "./limits";

export { FOUNDED_MIN, LIMITS };

/** A company profile as stored and shown: every field of the import spec except externalId. */
export type Profile = {
  name: string;
  localName: string | null;
  country: CountryCode;
  city: string | null;
  website: string | null;
  foundedYear: number | null;
  size: SizeCode | null;
  languages: LanguageCode[];
  sectors: SectorCode[];
  offers: CapabilityCode[];
  needs: CapabilityCode[];
  partnershipTypes: PartnershipTypeCode[];
  targetMarkets: CountryCode[];
  description: string | null;
  contactName: string | null;
  contactEmail: string | null;
  /** The phone, WhatsApp and Zalo numbers in E.164 (+6281234567890). */
  phone: string | null;
  /** A WeChat ID, as written (6–20 characters, a letter first). */
  wechat: string | null;
  whatsapp: string | null;
  /** A LINE ID, lower case; an official account's starts with "@". */
  line: string | null;
  zalo: string | null;
  /** A Telegram username without its "@". */
  telegram: string | null;
};

/** How a firm's partners reach its contact besides e-mail, in the order pages show them. */
export const CHANNEL_FIELDS = ["phone", "wechat", "whatsapp", "line", "zalo", "telegram"] as const satisfies readonly (keyof Profile)[];
export type ChannelField = (typeof CHANNEL_FIELDS)[number];

export const LIST_FIELDS = ["languages", "sectors", "offers", "needs", "partnershipTypes", "targetMarkets"] as const;
export const PROFILE_FIELDS = [
  "name",
  "localName",
  "country",
  "city",
  "website",
  "foundedYear",
  "size",
  "languages",
  "sectors",
  "offers",
  "needs",
  "partnershipTypes",
  "targetMarkets",
  "description",
  "contactName",
  "contactEmail",
  ...CHANNEL_FIELDS,
] as const satisfies readonly (keyof Profile)[];

const blankToNull = (v: unknown) => (v === undefined || v === null ? null : v);

const maxChars = (max: number) => (s: string | null) => s === null || charLength(s) <= max;

// Half of a UTF-16 surrogate pair on its own (a JSON file may write one as "\ud800") is no
// character: SQLite would store it as bytes that are not UTF-8 and read it back as "���".
const wellFormed = (s: string) => !/[\uD800-\uDFFF]/u.test(s);

// A name (the firm's, its local name, the contact person's) is refused, not cleaned, when it
// holds a line break or another control character; the message names the field.
type NameField = "name" | "localName" | "contactName";
const noControls = (field: NameField | undefined) => (s: string) => field === undefined || !hasControlChars(s);
const controlKey = (field: NameField | undefined) => `errors.company.lineBreak.${field ?? "name"}`;

function requiredLine(max: number, nameField?: NameField) {
  return z
    .string({ error: "errors.company.required" })
    .refine(wellFormed, { error: "errors.company.notText" })
    .refine(noControls(nameField), { error: controlKey(nameField) })
    .transform(cleanLine)
    .refine((s) => s.length > 0, { error: nameField === "name" ? "errors.company.required.name" : "errors.company.required" })
    .refine(maxChars(max), { error: "errors.company.tooLong", params: { max } });
}

function optionalLine(max: number, nameField?: NameField) {
  return z.preprocess(
    blankToNull,
    z
      .string({ error: "errors.company.notText" })
      .refine(wellFormed, { error: "errors.company.notText" })
      .refine(noControls(nameField), { error: controlKey(nameField) })
      .transform(cleanLine)
      .nullable()
      .transform((s) => (s ? s : null))
      .refine(maxChars(max), { error: "errors.company.tooLong", params: { max } }),
  );
}

const description = z.preprocess(
  blankToNull,
  z
    .string({ error: "errors.company.notText" })
    .refine(wellFormed, { error: "errors.company.notText" })
    .transform(cleanText)
    .nullable()
    .transform((s) => (s ? s : null))
    .refine(maxChars(LIMITS.description), { error: "errors.company.tooLong", params: { max: LIMITS.description } }),
);

// A bare host ("lanyun.example.cn", "www.x.vn/about") is what people type: it means https.
const withScheme = (s: string | null) => (s !== null && /^[^\s/:?#]+\.[^\s/:?#]+([/?#]|$)/u.test(s) ? `https://${s}` : s);

const website = optionalLine(LIMITS.website)
  .transform(withScheme)
  .refine(
    (s) => {
      if (s === null) return true;
      try {
        const url = new URL(s);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
      } catch {
        return false;
      }
    },
    { error: "errors.company.website" },
  );

const foundedYear = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? null : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z
    .int({ error: "errors.company.foundedYear" })
    .nullable()
    .refine((y) => y === null || (y >= FOUNDED_MIN && y <= new Date().getUTCFullYear()), {
      error: "errors.company.foundedYear",
    }),
);

const contactEmail = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v),
  z
    .string({ error: "errors.company.notText" })
    .trim()
    .max(LIMITS.contactEmail, { error: "errors.company.email" })
    .pipe(z.email({ error: "errors.company.email" }))
    .nullable(),
);

// ---- phone numbers and messaging handles (issue 16) ----

// What a phone number may be written with: digits, one leading +, spaces, dots, hyphens, brackets.
const PHONE_CHARS = /^\+?[\d\s().-]+$/u;

/**
 * A number as E.164 when it is a valid one: written internationally (+62 …, 0062 … is not), or
 * nationally and read against `country` (0812 3456 7890 in Indonesia is +62 812 3456 7890).
 */
function toE164(text: string, country: CountryCode | undefined): string | null {
  const s = text.trim();
  if (!PHONE_CHARS.test(s) || s.replace(/\D/g, "").length > 17) return null;
  const parsed = parsePhoneNumberFromString(s, s.startsWith("+") ? undefined : country);
  return parsed?.isValid() ? parsed.number : null;
}

const PHONE_FIELDS = ["phone", "whatsapp", "zalo"] as const;

/**
 * A number typed as it is dialled in the firm's country is read against that country, before the
 * fields are checked one by one (a field alone does not know the country): it arrives at
 * phoneNumber already in E.164. Anything else passes unchanged and phoneNumber judges it.
 */
function readNationalNumbers(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const input = raw as Record<string, unknown>;
  const country = typeof input.country === "string" && (COUNTRIES as readonly string[]).includes(input.country) ? (input.country as CountryCode) : undefined;
  let out: Record<string, unknown> | null = null;
  for (const field of PHONE_FIELDS) {
    const value = input[field];
    if (typeof value !== "string" || value.trim() === "" || value.trim().startsWith("+")) continue;
    const e164 = toE164(value, country);
    if (e164) (out ??= { ...input })[field] = e164;
  }
  return out ?? raw;
}

function phoneNumber(field: (typeof PHONE_FIELDS)[number]) {
  return optionalLine(LIMITS.phone)
    .transform((s) => (s === null ? null : (toE164(s, undefined) ?? s)))
    .refine((s) => s === null || /^\+\d{6,16}$/.test(s), { error: `errors.company.${field}` });
}

/** A handle: the text a person types (maybe with a leading "@" or the service's link), in its one stored form. */
function handle(field: "wechat" | "line" | "telegram", max: number, read: (s: string) => string | null) {
  return optionalLine(max)
    .transform((s) => (s === null ? null : (read(s) ?? s)))
    .refine((s) => s === null || read(s) === s, { error: `errors.company.${field}` });
}

// WeChat: 6–20 letters, digits, "_" or "-", a letter first.
const wechat = handle("wechat", LIMITS.wechat, (s) => (/^[A-Za-z][A-Za-z0-9_-]{5,19}$/.test(s) ? s : null));
// LINE: 4–20 letters, digits, ".", "_" or "-", stored in lower case; "@" first for an official account.
const line = handle("line", LIMITS.line, (s) => (/^@?[A-Za-z0-9._-]{4,20}$/.test(s) ? s.toLowerCase() : null));
// Telegram: 5–32 letters, digits or "_", written "@name", "name" or t.me/name; stored without the "@".
const telegram = handle("telegram", LIMITS.telegram, (s) => {
  const name = s.replace(/^(?:https?:\/\/)?t\.me\//i, "").replace(/^@/, "");
  return /^[A-Za-z0-9_]{5,32}$/.test(name) ? name : null;
});

function code<T extends string>(values: readonly [T, ...T[]], key: string) {
  return z.enum(values as [T, ...T[]], { error: key });
}

function optionalCode<T extends string>(values: readonly [T, ...T[]], key: string) {
  return z.preprocess((v) => (v === undefined || v === null || v === "" ? null : v), code(values, key).nullable());
}

/** A list of codes, without duplicates, in the order given. */
function codeList<T extends string>(values: readonly [T, ...T[]], key: string, min = 0, max = Infinity, countKey = "errors.company.listRequired") {
  return z.preprocess(
    (v) => (v === undefined || v === null ? [] : v),
    z
      .array(code(values, key), { error: "errors.company.notList" })
      .transform((list) => [...new Set(list)])
      .refine((list) => list.length >= min, { error: countKey, params: { min } })
      .refine((list) => list.length <= max, { error: "errors.company.listTooLong", params: { max } }),
  );
}

const countryKey = "errors.company.unknownCountry";
const capabilityKey = "errors.company.unknownCapability";

// A draft may be incomplete; only what identifies the firm is required.
const draftShape = {
  name: requiredLine(LIMITS.name, "name"),
  localName: optionalLine(LIMITS.localName, "localName"),
  country: code(COUNTRIES, countryKey),
  city: optionalLine(LIMITS.city),
  website,
  foundedYear,
  size: optionalCode(SIZES, "errors.company.unknownSize"),
  languages: codeList(LANGUAGES, "errors.company.unknownLanguage"),
  sectors: codeList(SECTORS, "errors.company.unknownSector", 0, LIMITS.sectorsMax),
  offers: codeList(CAPABILITIES, capabilityKey),
  needs: codeList(CAPABILITIES, capabilityKey),
  partnershipTypes: codeList(PARTNERSHIP_TYPES, "errors.company.unknownPartnershipType"),
  targetMarkets: codeList(COUNTRIES, countryKey),
  description,
  contactName: optionalLine(LIMITS.contactName, "contactName"),
  contactEmail,
  phone: phoneNumber("phone"),
  wechat,
  whatsapp: phoneNumber("whatsapp"),
  line,
  zalo: phoneNumber("zalo"),
  telegram,
};

// What review and the directory need: at least one sector, one offer and one need.
const completeShape = {
  ...draftShape,
  sectors: codeList(SECTORS, "errors.company.unknownSector", 1, LIMITS.sectorsMax, "errors.company.sectorsRequired"),
  offers: codeList(CAPABILITIES, capabilityKey, 1, Infinity, "errors.company.offersRequired"),
  needs: codeList(CAPABILITIES, capabilityKey, 1, Infinity, "errors.company.needsRequired"),
};

// Strict objects: a field the form or file should not carry (status, companyId, …) is an error,
// never silently applied.
export const profileDraftSchema = z.preprocess(readNationalNumbers, z.strictObject(draftShape));
export const profileSchema = z.preprocess(readNationalNumbers, z.strictObject(completeShape));

const externalIdSchema = z
  .string({ error: "errors.company.required" })
  .trim()
  .min(1, { error: "errors.company.required" })
  .max(LIMITS.externalId, { error: "errors.company.externalId" })
  .regex(/^[A-Za-z0-9._-]+$/, { error: "errors.company.externalId" });

export const importRowSchema = z.preprocess(readNationalNumbers, z.strictObject({ externalId: externalIdSchema, ...completeShape }));
export type ImportRow = z.output<typeof importRowSchema>;

/** A submitted form as the profile schemas expect it: repeated names (checkboxes) become lists. */
function profileInput(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  // No prototype: a field named "__proto__" is refused like any unknown field, not dropped.
  const out: Record<string, unknown> = Object.create(null);
  const lists = new Set<string>(LIST_FIELDS);
  for (const [key, value] of Object.entries(raw)) {
    // A file is no text: it reads as an empty field.
    const all = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "string" ? v : ""));
    out[key] = lists.has(key) ? all.filter((v) => v !== "") : all[0];
  }
  for (const key of LIST_FIELDS) out[key] ??= [];
  return out;
}

/** The profile form (parseForm hands it the form's fields): save a draft, or submit for review. */
export const profileFormSchema = z.preprocess(
  (raw) => readNationalNumbers(profileInput(raw)),
  z.discriminatedUnion("intent", [
    z.strictObject({ intent: z.literal("save"), ...draftShape }),
    z.strictObject({ intent: z.literal("submit"), ...completeShape }),
  ]),
);

const reason = z
  .string({ error: "errors.review.reasonRequired" })
  .transform(cleanText)
  .refine((s) => s.length > 0, { error: "errors.review.reasonRequired" })
  .refine(maxChars(LIMITS.reason), { error: "errors.company.tooLong", params: { max: LIMITS.reason } });

export const reviewFormSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("approve") }),
  z.strictObject({ intent: z.literal("reject"), reason }),
  z.strictObject({ intent: z.literal("suspend"), returnTo: z.string().max(200).optional() }),
  z.strictObject({ intent: z.literal("restore"), returnTo: z.string().max(200).optional() }),
  z.strictObject({
    intent: z.literal("invite"),
    email: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.email({ error: "errors.email.invalid" })),
    locale: z.string().min(2).max(10),
  }),
]);

export const inviteFormSchema = z.strictObject({
  email: z
    .string({ error: "errors.email.required" })
    .trim()
    .toLowerCase()
    .min(1, { error: "errors.email.required" })
    .max(254, { error: "errors.email.invalid" })
    .pipe(z.email({ error: "errors.email.invalid" })),
});

/** What a required field missing says, in words that name it. */
const REQUIRED_KEYS: Record<string, string> = {
  name: "errors.company.required.name",
  country: "errors.company.required.country",
};

/** The team page's other buttons: each names the one member or invitation it acts on. */
export const teamActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("remove"), userId: z.string().min(1).max(64) }),
  z.strictObject({ intent: z.literal("transfer"), userId: z.string().min(1).max(64) }),
  z.strictObject({ intent: z.literal("revoke"), invitationId: z.coerce.number().int().positive() }),
]);

/** Zod's issues as translation keys with parameters, one per field and list item. */
export function fieldIssues(error: z.ZodError): FormIssue[] {
  const out: FormIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "";
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ field: key, key: "errors.company.unknownField", params: { value: key } });
      continue;
    }
    const params: Record<string, string | number> = {};
    const extra = (issue as { params?: Record<string, unknown> }).params;
    if (extra) for (const [k, v] of Object.entries(extra)) if (typeof v === "string" || typeof v === "number") params[k] = v;
    const input = (issue as { input?: unknown }).input;
    if (typeof input === "string" || typeof input === "number") params.value = typeof input === "string" ? input.slice(0, 80) : input;
    // A list, object, boolean or null where a code belongs is named as written in the file.
    else if (input !== undefined) params.value = String(JSON.stringify(input) ?? input).slice(0, 80);
    // A code that is missing altogether (or left on the form's empty choice) is required, not "unknown".
    const missing = (input === undefined || input === "") && issue.path.length === 1 && (issue.code === "invalid_type" || issue.code === "invalid_value");
    const key = missing
      ? (REQUIRED_KEYS[field] ?? "errors.company.required")
      : issue.message.startsWith("errors.")
        ? issue.message
        : field === ""
          ? "errors.company.notAnObject"
          : "errors.form.invalid";
    out.push({ field, key, params });
  }
  return out;
}

/** Whether an edit needs review again: the fields partners match and judge a firm by. */
// A profile's lists (offers, needs, markets, sectors, …) are sets: their order means nothing.
const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
};

export function isMaterialChange(before: Profile, after: Profile): boolean {
  return before.name !== after.name || before.country !== after.country || !sameSet(before.offers, after.offers) || !sameSet(before.needs, after.needs);
}

/** The fields an edit changed, for the staff review: a list field only when its set of values changed. */
export function changedFields(before: Profile, after: Profile): (keyof Profile)[] {
  return PROFILE_FIELDS.filter((k) => {
    const a = before[k];
    const b = after[k];
    return Array.isArray(a) && Array.isArray(b) ? !sameSet(a, b) : (a ?? null) !== (b ?? null);
  });
}

export const optionalEnum = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .enum(values as [T, ...T[]])
    .optional()
    .catch(undefined);

/** The staff company list's search, filter and page, from the query string; anything bad is ignored. */
export const staffCompanyQuerySchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  status: z.enum(STAFF_COMPANY_FILTERS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});
