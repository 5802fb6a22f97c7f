import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import stylesheet from "~/tailwind.css";
import { getSessionUser } from "~/modules/auth/session.server";
import { isStaffRole, type Role } from "~/modules/auth/roles";
import { useI18n, type I18nHandle, type MessageKey } from "~/modules/i18n/i18n";
import { resolveLocale, rootI18n } from "~/modules/i18n/locales.server";
import { countAwaitingAnswer } from "~/modules/introductions/introductions.server";
import { useNonce } from "~/nonce";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico" },
];

// The layout's words, on every page: header, navigation, footer, the e-mail banner, the language
// switcher and the error pages. Each route sends its own (docs/decisions/0008-messages-per-route.md).
export const handle: I18nHandle = {
  i18n: ["meta", "brand", "nav", "footer", "banner", "error", "errors.busy", "errors.form", "intro.nav", "adminIntro.nav", "settings.nav", "audit.nav"],
};

function errorKey(status: number): MessageKey {
  if (status === 400) return "error.badRequest";
  if (status === 403) return "error.forbidden";
  if (status === 404) return "error.notFound";
  if (status === 413) return "error.tooLarge";
  if (status === 429) return "error.tooMany";
  // server.ts answers 503 when the database stayed locked past its retry deadline (decision 0009).
  if (status === 503) return "errors.busy.title";
  return "error.unexpected";
}

// Pages set their own title; an error page gets one here (a page needs a title, WCAG 2.4.2).
export const meta: MetaFunction = (args) => {
  const failure = (args.data as { failure?: RootFailure } | undefined)?.failure;
  if (failure) return pageTitle(args, errorKey(failure.status));
  if (!args.error) return [];
  return pageTitle(args, errorKey(isRouteErrorResponse(args.error) ? args.error.status : 500));
};

/**
 * Set by server.ts when the root loader failed (a database busy past its timeout, a bug): the data
 * is then a visitor's in the request's language, and the page is the error page.
 */
type RootFailure = { status: number };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, setCookie } = await getSessionUser(request, context);
  const locale = resolveLocale(request, user);
  const body = {
    user: user
      ? {
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          mustChangePassword: user.mustChangePassword,
          emailVerified: !!user.emailVerifiedAt,
          // The navigation's badge: introductions waiting for the member's firm to answer.
          awaitingIntroductions: user.role === "member" ? countAwaitingAnswer({ userId: user.id }) : 0,
        }
      : null,
    i18n: rootI18n(locale),
  };
  return setCookie ? data(body, { headers: { "Set-Cookie": setCookie } }) : body;
}

type RootData = Awaited<ReturnType<typeof loader>>;
type RootUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  mustChangePassword: boolean;
  emailVerified: boolean;
  awaitingIntroductions: number;
} | null;

export function useRootUser(): RootUser {
  const root = useRouteLoaderData("root") as { user: RootUser } | undefined;
  return root?.user ?? null;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const { locale, t } = useI18n();
  return (
    <html lang={locale} className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t("meta.description")} />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col font-sans text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
          {t("nav.skipToContent")}
        </a>
        <Header />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
          <VerifyEmailBanner />
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600 sm:px-6">{t("footer.text")}</div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const { t } = useI18n();
  const user = useRootUser();
  const navItems: { to: string; label: MessageKey; roles: Role[] }[] = [
    { to: "/companies", label: "nav.directory", roles: ["member", "staff", "admin"] },
    { to: "/company", label: "nav.myCompany", roles: ["member"] },
    { to: "/matches", label: "nav.matches", roles: ["member"] },
    { to: "/introductions", label: "intro.nav", roles: ["member"] },
    { to: "/admin", label: "nav.admin", roles: ["staff", "admin"] },
    { to: "/admin/introductions", label: "adminIntro.nav", roles: ["staff", "admin"] },
    { to: "/admin/staff", label: "nav.staffAccounts", roles: ["admin"] },
    { to: "/admin/matching", label: "nav.matching", roles: ["staff", "admin"] },
    { to: "/admin/mail", label: "nav.mailLog", roles: ["staff", "admin"] },
    { to: "/admin/settings", label: "settings.nav", roles: ["staff", "admin"] },
    { to: "/admin/audit", label: "audit.nav", roles: ["staff", "admin"] },
    { to: "/account", label: "nav.account", roles: ["member", "staff", "admin"] },
  ];
  const staff = !!user && isStaffRole(user.role);
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // A phone's menu closes once it has taken the member somewhere (without JavaScript the new page does that).
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  return (
    <header className="relative border-b border-slate-200 bg-white">
      {/* Staff have the longest navigation: their header takes the width of a laptop's screen, so the language switcher stays on the nav's row. */}
      <div className={`mx-auto flex items-center gap-x-4 px-4 py-3 sm:px-6 ${staff ? "max-w-7xl" : "max-w-5xl"}`}>
        <Link to="/" className="mr-auto flex shrink-0 items-center gap-2 whitespace-nowrap text-lg font-bold text-teal-900">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded bg-teal-800" />
          {t("brand.name")}
        </Link>
        {/* Below md the navigation folds behind a menu button; a <details>, so it opens without JavaScript. */}
        <details
          ref={menu}
          className="fold fold-md"
          onKeyDown={(event) => {
            if (event.key === "Escape" && menu.current?.open) {
              menu.current.open = false;
              menu.current.querySelector("summary")?.focus();
            }
          }}
        >
          <summary className="btn-secondary gap-2 px-3">
            <span aria-hidden="true" className="text-base leading-none">
              ☰
            </span>
            {t("nav.menu")}
          </summary>
          <div className="absolute inset-x-0 top-full z-20 flex flex-col gap-3 border-b border-slate-200 bg-white px-4 py-3 shadow-md md:static md:flex-row md:items-center md:gap-4 md:border-0 md:p-0 md:shadow-none">
            <nav aria-label={t("nav.main")} className="flex flex-col gap-1 md:flex-row md:flex-wrap md:items-center">
              {user
                ? navItems
                    .filter((item) => item.roles.includes(user.role))
                    .map((item) => (
                      <NavLink key={item.to} to={item.to} end className="nav-link aria-[current=page]:bg-slate-100">
                        {t(item.label)}
                        {item.to === "/introductions" && user.awaitingIntroductions > 0 ? (
                          <>
                            <span
                              aria-hidden="true"
                              className="ml-1 inline-block min-w-[1.25rem] rounded-full bg-amber-800 px-1.5 text-center text-xs font-semibold text-white"
                            >
                              {user.awaitingIntroductions}
                            </span>
                            <span className="sr-only">{t("intro.nav.waiting", { count: user.awaitingIntroductions })}</span>
                          </>
                        ) : null}
                      </NavLink>
                    ))
                : null}
              {user ? (
                <Form method="post" action="/logout">
                  <button type="submit" className="nav-link w-full text-left">
                    {t("nav.signOut")}
                  </button>
                </Form>
              ) : (
                <>
                  <NavLink to="/login" className="nav-link">
                    {t("nav.signIn")}
                  </NavLink>
                  <Link to="/signup" className="btn">
                    {t("nav.signUp")}
                  </Link>
                </>
              )}
            </nav>
            <LanguageSwitcher />
          </div>
        </details>
      </div>
      {staff ? <p className="bg-amber-50 px-4 py-1 text-center text-xs text-amber-900">{t("nav.staffBanner")}</p> : null}
    </header>
  );
}

/** Until the address is confirmed: a reminder on every page, and a plain form to send the link again. */
function VerifyEmailBanner() {
  const { t } = useI18n();
  const user = useRootUser();
  const location = useLocation();
  if (!user || user.emailVerified) return null;
  const params = new URLSearchParams(location.search);
  const outcome = params.get("verification");
  params.delete("verification");
  const here = `${location.pathname}${params.size ? `?${params}` : ""}`;
  return (
    <div className="mb-6 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="flex-1">{t("banner.verify.text", { email: user.email })}</p>
      {outcome === "sent" || outcome === "wait" || outcome === "required" ? (
        <p role="status" className="font-medium">
          {outcome === "sent" ? t("banner.verify.sent", { email: user.email }) : t(outcome === "wait" ? "banner.verify.wait" : "banner.verify.required")}
        </p>
      ) : null}
      <Form method="post" action="/resend-verification">
        <input type="hidden" name="redirectTo" value={here} />
        <button type="submit" className="btn-secondary px-3 py-1 text-sm">
          {t("banner.verify.resend")}
        </button>
      </Form>
    </div>
  );
}

/** A plain form with one button per language: works without JavaScript. */
function LanguageSwitcher() {
  const { t, locale, locales } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="flex shrink-0 items-center gap-1" aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {locales.map((l) => (
        <button
          key={l.code}
          type="submit"
          name="locale"
          value={l.code}
          lang={l.code}
          aria-pressed={l.code === locale}
          className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 aria-pressed:bg-teal-800 aria-pressed:text-white"
        >
          {l.name}
        </button>
      ))}
    </Form>
  );
}

export default function App() {
  const failure = (useRouteLoaderData("root") as { failure?: RootFailure } | undefined)?.failure;
  return failure ? <ErrorPage status={failure.status} /> : <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}

function ErrorPage({ status }: { status: number }) {
  const { t } = useI18n();
  const key = errorKey(status);
  return (
    <div className="card mx-auto max-w-lg text-center">
      <h1 className="text-2xl font-bold">{t(key)}</h1>
      <p className="mt-2 text-slate-600">{t("error.status", { status })}</p>
      <p className="mt-6">
        <Link to="/" className="link">
          {t("error.home")}
        </Link>
      </p>
    </div>
  );
}

export type { RootData };
