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

export const companyIdParam = z.coerce.number().int().positive().max(2 ** 31 - 1);

export const MATCH_EMAIL_CHOICES = ["immediately", "daily", "weekly", "off"] as const;

export const matchActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("dismiss"), partnerId: companyIdParam }),
  z.strictObject({ intent: z.literal("frequency"), frequency: z.enum(MATCH_EMAIL_CHOICES, { error: "errors.matches.frequency" }) }),
]);

export const matchingSettingsSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("aseanPairs"), allowed: z.literal("on").optional() }),
  z.strictObject({ intent: z.literal("rebuild") }),
]);
