export type Role = "member" | "staff" | "admin";

export function isStaffRole(role: Role) {
  return role === "staff" || role === "admin";
}
