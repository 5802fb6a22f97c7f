// The SMTP sink as its own process, so a benchmark's sender and receiver use two cores.
// Prints {"port":N} when listening; answers each line "count" on standard input with {"count":N}.
import readline from "node:readline";
import { startSmtpSink } from "./smtp-sink";

const sink = await startSmtpSink({ countOnly: true });
console.log(JSON.stringify({ port: sink.port }));
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "count") console.log(JSON.stringify({ count: sink.count() }));
});
process.stdin.on("end", () => void sink.close().then(() => process.exit(0)));
