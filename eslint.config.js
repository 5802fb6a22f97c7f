// Lint: TypeScript's recommended rules, and the floors of docs/design.md as import rules. A module
// imports only floors below its own; a wrong import or a cycle fails `npm run lint`.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

// Floor by floor, bottom first (docs/design.md). Paths are from the project root.
const FLOORS = [
  // 0: the database door, the schema, env, log, clock, i18n, audit, shared UI and pure helpers
  [
    "app/db.server.ts",
    "app/env.server.ts",
    "app/log.server.ts",
    "app/secret.server.ts",
    "app/settings.server.ts",
    "app/load-context.ts",
    "app/nonce.tsx",
    "app/background.server.ts",
    "app/modules/i18n",
    "app/modules/audit",
    "app/utils",
    "app/components",
    "db/schema.ts",
    "db/enums.ts",
  ],
  ["app/modules/notifications", "app/modules/jobs"],
  ["app/modules/auth"],
  ["app/modules/companies"],
  ["app/modules/matching"],
  ["app/modules/introductions"],
  ["app/modules/events"],
  ["app/modules/messages"],
  // Reports read every feature; nothing but the shells reads them.
  ["app/modules/analytics"],
];
// The shells sit on top: routes, root and entries, the server, scripts (the demo seed and its data
// included), db/migrate.

const zones = FLOORS.flatMap((floor, i) =>
  floor.map((target) => ({
    target: `./${target}`,
    from: [...FLOORS.slice(i + 1).flat(), "app/routes", "app/root.tsx", "app/entry.server.tsx", "app/entry.client.tsx", "scripts", "server.ts", "db/migrate.ts"]
      .filter((from) => from !== target)
      .map((from) => `./${from}`),
    message: `${target} is below what it imports here (docs/design.md: a module imports only floors below its own).`,
  })),
).concat(
  // db/ is the bottom floor: the schema and its enums import nothing of the app; only the
  // migration runner (a shell, `npm run db:migrate`) opens the database through its door.
  {
    target: "./db/!(migrate).ts",
    from: ["./app"],
    message: "db/ is the bottom floor: it imports nothing of the app; seed and demo data are scripts (docs/design.md).",
  },
  // Shells are thin: a page asks a module, never the database (docs/design.md).
  ...["./app/routes", "./app/root.tsx"].map((target) => ({
    target,
    from: ["./db", "./app/db.server.ts"],
    message: "Routes do not query: call the module that owns the data.",
  })),
);

const LUCIA = ["lucia", "@lucia-auth/adapter-drizzle"].map((name) => ({
  name,
  message: "Only app/modules/auth imports lucia (docs/decisions/0001-lucia-behind-auth.md).",
}));

// Dates people read are written once per language, by app/modules/i18n/dates.ts (issue 16): not by
// the runtime's locale formatting (the server's and the browser's differ, and a hydrated page would
// not match) nor by slicing ISO strings. A machine format (a file name, <time dateTime>) says why
// where it uses toISOString, with an eslint-disable comment.
const DATE_FORMATTING = [
  ...["toLocaleString", "toLocaleDateString", "toLocaleTimeString", "toISOString", "toUTCString", "toDateString"].map((name) => ({
    selector: `CallExpression[callee.property.name='${name}']`,
    message: `Dates people read come from useI18n().dates or getDates(locale) (app/modules/i18n/dates.ts), not ${name}().`,
  })),
  {
    selector: "NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
    message: "Dates people read come from useI18n().dates or getDates(locale) (app/modules/i18n/dates.ts), not Intl.DateTimeFormat.",
  },
];

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "no-restricted-imports": ["error", { paths: LUCIA }],
      // Text hygiene finds control characters on purpose (utils/text.ts, redirects, mail headers).
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["app/modules/auth/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Pages and actions use the guards that know the firm's standing (companies/guards.server.ts);
    // only the page that says a firm is suspended, and sign-out, use auth's own.
    files: ["app/routes/**"],
    ignores: ["app/routes/suspended.tsx", "app/routes/logout.tsx", "**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...LUCIA,
            {
              name: "~/modules/auth/guards.server",
              importNames: ["requireUser", "requireVerifiedUser"],
              message: "Use requireActiveUser / requireActiveVerifiedUser from ~/modules/companies/guards.server: they refuse members of a suspended firm.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-restricted-syntax": ["error", ...DATE_FORMATTING] },
  },
  {
    // Tests and their helpers set up whatever floors they need.
    files: ["**/*.test.{ts,tsx}", "tests/**"],
    rules: { "import-x/no-restricted-paths": "off" },
  },
);
