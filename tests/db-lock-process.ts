// Another process holding the database's write lock (see tests/integration/faults.test.ts):
// BEGIN IMMEDIATE, one insert, then it waits. It prints "locked" once the lock is held; a line
// "commit" on standard input commits and ends it.
import Database from "better-sqlite3";

const db = new Database(process.argv[2]);
db.pragma("busy_timeout = 5000");
db.exec("BEGIN IMMEDIATE");
db.prepare("insert into audit_log (action, entity_type, entity_id, created_at) values ('test.lock', 'test', ?, ?)").run(
  String(process.pid),
  Math.floor(Date.now() / 1000),
);
process.stdout.write("locked\n");
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line: string) => {
  if (!line.includes("commit")) return;
  db.exec("COMMIT");
  db.close();
  process.stdout.write("committed\n");
  process.exit(0);
});
