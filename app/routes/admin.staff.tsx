import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/modules/auth/guards.server";
import { listStaff } from "~/modules/auth/users.server";
import { useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "staff.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { staff: listStaff().map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, disabled: !!u.disabledAt })) };
}

export default function StaffAccounts() {
  const { t } = useI18n();
  const { staff } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("staff.title")}</h1>
      <p className="text-slate-700">{t("staff.lead")}</p>
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("staff.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-4 py-2">{t("account.name")}</th>
              <th scope="col" className="px-4 py-2">{t("account.email")}</th>
              <th scope="col" className="px-4 py-2">{t("account.role")}</th>
              <th scope="col" className="px-4 py-2">{t("staff.status")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} className="border-t border-slate-200">
                <td className="px-4 py-2">{s.name}</td>
                <td className="px-4 py-2">{s.email}</td>
                <td className="px-4 py-2">{t(s.role === "admin" ? "role.admin" : "role.staff")}</td>
                <td className="px-4 py-2">{t(s.disabled ? "staff.disabled" : "staff.active")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
