// What match pages accept from forms and addresses. Client-safe.
import { z } from "zod";
import { COUNTRIES, PARTNERSHIP_TYPES, SECTORS } from "~/modules/companies/taxonomy";

const optionalEnum = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional()).catch(undefined);

/** Filters of a match list, from the query string; anything unknown is ignored. */
export const matchFiltersSchema = z.object({
  country: optionalEnum(COUNTRIES),
  sector: optionalEnum(SECTORS),
  partnershipType: optionalEnum(PARTNERSHIP_TYPES),
});

/** A page of a match list, from the query string: 1 when absent or bad. */
export const matchPageSchema = z.coerce.number().int().min(1).max(1000).catch(1);

export const companyIdParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

import { HIDE_REASON_MAX, MATCH_EMAIL_CHOICES } from "./limits";

export { HIDE_REASON_MAX, MATCH_EMAIL_CHOICES };

export const matchActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("dismiss"), partnerId: companyIdParam }),
  z.strictObject({ intent: z.literal("restore"), partnerId: companyIdParam }),
  z.strictObject({ intent: z.literal("frequency"), frequency: z.enum(MATCH_EMAIL_CHOICES, { error: "errors.matches.frequency" }) }),
]);

/** The dismissed firms page's button: restore one. */
export const restoreMatchSchema = z.strictObject({ intent: z.literal("restore"), partnerId: companyIdParam });

/** `?dismissed=<id>` or `?restored=<id>` of the notices after either; anything else is ignored. */
export const dismissalNoticeSchema = z.object({ dismissed: companyIdParam.optional().catch(undefined), restored: companyIdParam.optional().catch(undefined) });

/** The matching page's one button: rebuild every list. */
export const rebuildFormSchema = z.strictObject({ intent: z.literal("rebuild") });

/** The settings page's ASEAN ↔ ASEAN switch: a checkbox, absent when off. */
export const aseanPairsFormSchema = z.strictObject({ intent: z.literal("aseanPairs"), allowed: z.literal("on").optional() });

/** Staff hide a match (with the reason other staff read) or undo it. */
export const matchModerationSchema = z.discriminatedUnion("intent", [
  z.strictObject({
    intent: z.literal("hide"),
    partnerId: companyIdParam,
    reason: z
      .string({ error: "moderation.errors.reasonRequired" })
      .trim()
      .min(1, { error: "moderation.errors.reasonRequired" })
      .max(HIDE_REASON_MAX, { error: "moderation.errors.reasonTooLong" }),
  }),
  z.strictObject({ intent: z.literal("unhide"), partnerId: companyIdParam }),
]);
