// The one place that allows large request bodies: the admin import, whose files may hold a
// hundred thousand companies. server.ts reads this before any body is read; the import refuses
// larger files itself with a clear message.
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** The pages that receive import uploads (the page's own form, and its upload with progress). */
const IMPORT_PATHS = new Set(["/admin/import", "/admin/import/upload"]);

/** The largest body a request to `path` may carry: the file plus room for the form around it. */
export function bodyLimitFor(path: string, defaultLimit: number) {
  return IMPORT_PATHS.has(path.replace(/\/+$/, "")) ? IMPORT_MAX_BYTES + 1024 * 1024 : defaultLimit;
}
