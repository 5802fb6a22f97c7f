// npm run --silent match:rebuild — recomputes every stored match list from the listings (after
// applying migrations), on every core. Prints one line. The server does the same on its own when
// the algorithm or the rules change; this is for operators.
import { closeDb } from "../app/db.server";
import { syncMatches } from "../app/modules/matching/sync.server";
import { runMigrations } from "../db/migrate";

runMigrations();
const result = await syncMatches({ rebuild: true });
console.log(`rebuilt ${result.lists} match lists in ${result.ms} ms (${result.news} new matches to announce)`);
closeDb();
