import { z } from "zod";

// Messages are translation keys; the form shows them through the translation layer.
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";
import { hasControlChars } from "~/utils/text";

export { PASSWORD_MAX, PASSWORD_MIN };

const email = z
  .string({ error: "errors.email.required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "errors.email.required" })
  .max(254, { error: "errors.email.invalid" })
  .pipe(z.email({ error: "errors.email.invalid" }));

// Length is counted in Unicode code points, not UTF-16 units, so a Chinese or emoji passphrase
// is measured as a person would count it. No composition rules (NIST 800-63B).
const newPassword = z
  .string({ error: "errors.password.required" })
  .refine((p) => [...p].length >= PASSWORD_MIN, { error: "errors.password.tooShort" })
  .refine((p) => [...p].length <= PASSWORD_MAX, { error: "errors.password.tooLong" });

// A person's name is one line: a line break or another control character is refused (checked
// before trimming, so a trailing "\r\n" is refused too), never silently removed. Names end up
// in e-mail subjects and greetings.
const name = z
  .string({ error: "errors.name.required" })
  .refine((s) => !hasControlChars(s), { error: "errors.name.controlChars" })
  .trim()
  .normalize("NFC")
  .min(1, { error: "errors.name.required" })
  .max(100, { error: "errors.name.tooLong" });

export const signupSchema = z.strictObject({
  name,
  email,
  password: newPassword,
  locale: z.string().min(2).max(10),
  // Where to go once signed in (an invitation); checked with safeRedirect by the route.
  redirectTo: z.string().optional(),
});

export const loginSchema = z.strictObject({
  email,
  // No password is that long: over the limit it is simply not the right one.
  password: z.string({ error: "errors.password.required" }).min(1, { error: "errors.password.required" }).max(1024, { error: "errors.login.invalid" }),
  redirectTo: z.string().optional(),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, { error: "errors.password.required" }).max(1024),
  newPassword,
});

export const forgotPasswordSchema = z.strictObject({ email });

export const resetPasswordSchema = z.strictObject({
  token: z.string().min(1).max(100),
  newPassword,
});

/** A person renames themself on the account page, under the same rules as at sign-up. */
export const changeNameSchema = z.strictObject({ intent: z.literal("change-name"), name });

export const changeEmailSchema = z.strictObject({
  intent: z.literal("change-email"),
  newEmail: email,
  password: z.string().min(1, { error: "errors.password.required" }).max(1024),
});

// ---- staff accounts (the admin's staff page, and npm run staff:create) ----

const staffName = z
  .string({ error: "staff.errors.nameRequired" })
  .refine((s) => !hasControlChars(s), { error: "staff.errors.nameControlChars" })
  .trim()
  .normalize("NFC")
  .min(1, { error: "staff.errors.nameRequired" })
  .max(100, { error: "errors.name.tooLong" });

const staffEmail = z
  .string({ error: "staff.errors.emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, { error: "staff.errors.emailRequired" })
  .max(254, { error: "errors.email.invalid" })
  .pipe(z.email({ error: "errors.email.invalid" }));

const STAFF_ROLES = ["staff", "admin"] as const;

/** A new staff account: who, and whether they may also manage staff and settings. */
const staffAccountSchema = z.strictObject({
  name: staffName,
  email: staffEmail,
  role: z.enum(STAFF_ROLES, { error: "staff.errors.role" }),
});

/** The command line may set the password itself (from standard input); else one is generated. */
export const staffCommandSchema = staffAccountSchema.extend({ password: newPassword.optional() });

const userId = z.string().min(1).max(64);

export const staffActionSchema = z.discriminatedUnion("intent", [
  staffAccountSchema.extend({ intent: z.literal("create") }),
  z.strictObject({ intent: z.literal("disable"), userId }),
  z.strictObject({ intent: z.literal("enable"), userId }),
  z.strictObject({ intent: z.literal("reset-totp"), userId }),
]);

/** The one-time sign-in link: asking for one (by address) and using one (its token, by POST). */
export const loginLinkRequestSchema = forgotPasswordSchema.extend({ intent: z.literal("request") });
export const loginLinkUseSchema = z.strictObject({ intent: z.literal("use"), token: z.string().min(1).max(100) });
