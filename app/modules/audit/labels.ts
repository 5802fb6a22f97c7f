// Every action the app writes to the audit log, and its words for the staff page. Client-safe.
// `recordAudit` accepts only these codes, so a new action cannot be written without its label:
// the label of `company.approve` is `audit.action.company.approve`, which must be a key of en.json
// for this file to compile, and labels.test.ts checks every locale.
import type { MessageKey } from "~/modules/i18n/i18n";

// By record kind, so that no code is written out as a string that is also some other message key.
const VERBS = {
  company: ["approve", "reject", "suspend", "restore", "import", "export"],
  introduction: ["start", "approve", "decline", "outcome"],
  settings: ["weekly_cap", "asean_pairs", "require_staff_totp", "min_score"],
  matching: ["rebuild"],
  match: ["hide", "unhide"],
  mail: ["retry", "test"],
  staff: ["create", "disable", "enable", "totp_enable", "totp_replace", "totp_disable", "totp_reset"],
  user: ["disable", "enable"],
  team: ["remove", "revoke_invitation", "transfer_owner"],
} as const;

type Verbs = typeof VERBS;
export type AuditAction = { [K in keyof Verbs]: `${K}.${Verbs[K][number]}` }[keyof Verbs];

export const AUDIT_ACTIONS: readonly AuditAction[] = Object.entries(VERBS).flatMap(([kind, verbs]) =>
  verbs.map((verb: string) => `${kind}.${verb}` as AuditAction),
);

const labelOf = (code: AuditAction): MessageKey => `audit.action.${code}`;

/** The words of an action code; null for a code the app does not write (an old row shows its code). */
export function auditActionLabel(code: string): MessageKey | null {
  return (AUDIT_ACTIONS as readonly string[]).includes(code) ? labelOf(code as AuditAction) : null;
}
