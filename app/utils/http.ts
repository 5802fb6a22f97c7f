/**
 * The 404 every route answers with: thrown from a loader or action, the root error boundary
 * shows the not-found page in the visitor's language (it reads the status, not the body).
 */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

// A route id is a positive safe integer written one way: "12", never "012", "+12", "1e1", "12.0"
// or " 12". One address per record, so caches, logs and links agree.
const CANONICAL_ID = /^[1-9][0-9]{0,15}$/;

/** The id of an address segment (`params.companyId`, …); anything else is a thrown 404. */
export function parseRouteId(param: string | undefined): number {
  if (param === undefined || !CANONICAL_ID.test(param)) throw notFound();
  const id = Number(param);
  if (!Number.isSafeInteger(id)) throw notFound();
  return id;
}
