import type { MessageKey } from "~/modules/i18n/i18n";

/** The words of the staff-account changes' refusals (disable, enable, reset two-factor), for refusalKey. */
export const STAFF_REFUSALS: Record<string, MessageKey> = {
  already_disabled: "staff.errors.already_disabled",
  not_disabled: "staff.errors.not_disabled",
  self: "staff.errors.self",
};

/** The words of resetTotpByAdmin's refusals, for refusalKey. */
export const TOTP_RESET_REFUSALS: Record<string, MessageKey> = {
  self: "totp.staff.errors.self",
  not_enrolled: "totp.staff.errors.not_enrolled",
  not_admin: "totp.staff.errors.not_admin",
};
