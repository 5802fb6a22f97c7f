// The audit log page's filters, from its query string (a GET form). Client-safe.
import { z } from "zod";

const blankIsAbsent = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const text = (max: number) => z.preprocess(blankIsAbsent, z.string().trim().max(max, { error: "audit.errors.tooLong" }).optional());

/** A calendar day as a date input sends it (YYYY-MM-DD), read as UTC. */
const day = z.preprocess(
  blankIsAbsent,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "audit.errors.date" })
    // eslint-disable-next-line no-restricted-syntax -- checks a typed ISO date is a real day
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: "audit.errors.date" })
    .optional(),
);

export const auditFiltersSchema = z
  .object({
    actor: text(254),
    action: text(64),
    entityType: text(64),
    entityId: text(128),
    from: day,
    to: day,
    page: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(1_000_000).optional()).catch(undefined),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: "audit.errors.range", path: ["to"] });

type AuditFilterInput = z.output<typeof auditFiltersSchema>;

/** The seconds (UTC) that listAudit filters by: from the start of `from` to the end of `to`. */
export function auditRange(f: Pick<AuditFilterInput, "from" | "to">) {
  return {
    from: f.from ? Date.parse(`${f.from}T00:00:00Z`) / 1000 : undefined,
    to: f.to ? Date.parse(`${f.to}T00:00:00Z`) / 1000 + 86400 : undefined,
  };
}
