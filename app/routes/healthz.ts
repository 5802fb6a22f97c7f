// The floor of the HTTP benchmark (`bench:http`), and a liveness probe: a resource route that does
// nothing (no database, no session), so it pays exactly what server.ts and Remix cost every request.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
