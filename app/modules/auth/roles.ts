export const ROLES = ["member", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isStaffRole(role: Role) {
  return role === "staff" || role === "admin";
}
