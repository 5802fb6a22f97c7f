// The directory's search parameters. Its own file, so that the routes that validate profiles do
// not carry the directory's messages (route-messages.test.ts).
import { z } from "zod";
import { type FormErrors, toFormErrors } from "~/utils/form";
import { charLength, cleanLine } from "~/utils/text";
import { DIRECTORY_Q_MAX } from "./limits";
import { optionalEnum } from "./schemas";
import { CAPABILITIES, COUNTRIES, PARTNERSHIP_TYPES, SECTORS } from "./taxonomy";

/** The directory's search parameters; anything unknown or malformed is ignored, never an error. */
export const directoryQuerySchema = z.object({
  q: z
    .string()
    .max(200)
    .transform((s) => cleanLine(s) || undefined)
    .optional()
    .catch(undefined),
  country: optionalEnum(COUNTRIES),
  sector: optionalEnum(SECTORS),
  offers: optionalEnum(CAPABILITIES),
  needs: optionalEnum(CAPABILITIES),
  partnershipType: optionalEnum(PARTNERSHIP_TYPES),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});

/**
 * The directory's search parameters, and whether the words searched for were over the limit:
 * such a search is refused with a message, never run as if no words were given.
 */
export function parseDirectoryQuery(params: URLSearchParams): { query: z.output<typeof directoryQuerySchema>; errors: FormErrors | null } {
  const raw = params.get("q") ?? "";
  const query = directoryQuerySchema.parse(Object.fromEntries(params));
  if (charLength(raw) <= DIRECTORY_Q_MAX) return { query, errors: null };
  // Words over the limit are refused, not dropped: dropping them would list every firm.
  return {
    query: { ...query, q: raw },
    errors: toFormErrors([{ field: "q", key: "directory.q.tooLong", params: { max: DIRECTORY_Q_MAX } }]),
  };
}
