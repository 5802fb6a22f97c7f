// What introduction forms accept. Messages are translation keys. Client-safe.
import { z } from "zod";
import { STAFF_ALERT_FREQUENCIES } from "../../../db/schema";
import { charLength, cleanText } from "~/utils/text";
import { PARTNERSHIP_TYPES } from "~/modules/companies/taxonomy";
import { INTRODUCTION_STATUSES, OUTCOMES } from "./labels";

import { MESSAGE_MAX, NOTE_MAX } from "./limits";

export { MESSAGE_MAX, NOTE_MAX };

const id = z.coerce
  .number({ error: "errors.form.invalid" })
  .int()
  .positive()
  .max(2 ** 31 - 1);

const text = (max: number, required: string) =>
  z
    .string({ error: required })
    .max(max * 4 + 100, { error: "errors.intro.tooLong" })
    .transform(cleanText)
    .refine((s) => s.length > 0, { error: required })
    .refine((s) => charLength(s) <= max, { error: "errors.intro.tooLong", params: { max } });

const optionalText = (max: number) =>
  z
    .string()
    .max(max * 4 + 100, { error: "errors.intro.tooLong" })
    .transform(cleanText)
    .refine((s) => charLength(s) <= max, { error: "errors.intro.tooLong", params: { max } })
    .optional();

const purpose = z.enum(PARTNERSHIP_TYPES, { error: "errors.intro.purpose" });

/** A member asks for an introduction (from a match or a company page). */
export const requestIntroductionSchema = z.strictObject({
  intent: z.literal("request"),
  targetCompanyId: id,
  purpose,
  message: text(MESSAGE_MAX, "errors.intro.messageRequired"),
});

/** Staff introduce two firms themselves. */
export const startIntroductionSchema = z.strictObject({
  intent: z.literal("start"),
  partnerId: id,
  purpose,
  message: text(MESSAGE_MAX, "errors.intro.messageRequired"),
});

/** What a firm does with one introduction. */
export const memberIntroductionActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("accept") }),
  z.strictObject({ intent: z.literal("decline"), note: optionalText(NOTE_MAX) }),
  z.strictObject({ intent: z.literal("withdraw") }),
  z.strictObject({
    intent: z.literal("outcome"),
    outcome: z.enum(OUTCOMES, { error: "errors.intro.outcome" }),
    partnershipType: z.preprocess((v) => (v === "" ? undefined : v), purpose.optional()),
    note: optionalText(NOTE_MAX),
  }),
]);

/** What staff do with one introduction. */
export const staffIntroductionActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("approve") }),
  z.strictObject({ intent: z.literal("decline"), reason: text(NOTE_MAX, "errors.intro.reasonRequired") }),
  z.strictObject({
    intent: z.literal("outcome"),
    outcome: z.enum(OUTCOMES, { error: "errors.intro.outcome" }),
    partnershipType: z.preprocess((v) => (v === "" ? undefined : v), purpose.optional()),
    note: optionalText(NOTE_MAX),
  }),
]);

/** The staff list's filters, from the query string; anything unknown is ignored. */
export const staffIntroductionFiltersSchema = z.object({
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(INTRODUCTION_STATUSES).optional()).catch(undefined),
  companyId: z.preprocess((v) => (v === "" ? undefined : v), id.optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});

/** The two firms staff are about to introduce, from the query string of the new-introduction page. */
export const introductionPairQuery = z.object({ companyId: id, partnerId: id });

/** How a staff member hears of new introduction requests (the notification settings page). */
export const staffAlertSchema = z.strictObject({
  intent: z.literal("staffAlerts"),
  frequency: z.enum(STAFF_ALERT_FREQUENCIES, { error: "errors.form.invalid" }),
});
