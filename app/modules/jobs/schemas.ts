import { z } from "zod";

/** The staff jobs page's one action: run a failed job again. */
export const jobActionSchema = z.strictObject({
  intent: z.literal("retry"),
  id: z.coerce.number().int().positive(),
});
