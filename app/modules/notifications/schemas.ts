import { z } from "zod";
import { EMAIL_CATEGORIES } from "../../../db/schema";

const category = z.enum(EMAIL_CATEGORIES, { error: "errors.notifications.invalid" });

/** The preferences form: a checkbox `category` per category; the ticked ones arrive. */
export const preferencesSchema = z.strictObject({
  category: z
    .union([category, z.array(category)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const mailLogActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("retry"), id: z.coerce.number().int().positive() }),
  z.strictObject({ intent: z.literal("test") }),
]);

export const unsubscribeSchema = z.object({
  token: z.string().min(1).max(200).optional(),
  // RFC 8058: a mail provider's one-click POST carries exactly this field.
  "List-Unsubscribe": z.literal("One-Click").optional(),
});
