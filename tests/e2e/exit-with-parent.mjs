// Preloaded into each browser-test server (tests/e2e/fixtures.ts starts it with an IPC channel):
// when the Playwright worker that started it is gone — its end of the channel closes, whether it
// stopped, crashed or was killed with SIGKILL — the server stops as on SIGTERM. The channel is
// unref'd, so it never keeps the server running by itself.
import process from "node:process";

if (process.channel) {
  process.channel.unref();
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
}
