// Demo data for `npm run demo`. Deterministic and idempotent: running it twice changes nothing.
import { createUser, getUserByEmail } from "../app/modules/auth/users.server";

export const DEMO_ACCOUNTS = [
  { email: "firm@demo.bridge.test", name: "Wei Zhang 张伟", password: "lanyun-cloud-demo-2026", role: "member", locale: "zh" },
  { email: "staff@demo.bridge.test", name: "Siti Rahma", password: "council-staff-demo-2026", role: "staff", locale: "en" },
  { email: "admin@demo.bridge.test", name: "Nguyễn Văn An", password: "council-admin-demo-2026", role: "admin", locale: "en" },
] as const;

export async function seedDemo() {
  for (const account of DEMO_ACCOUNTS) {
    if (getUserByEmail({ email: account.email })) continue;
    const created = await createUser({ ...account, role: account.role });
    if (!created.ok) throw new Error(`could not create demo account ${account.email}: ${created.reason}`);
  }
}
