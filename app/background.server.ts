import { isDatabaseBusy } from "./db.server";
import { logger } from "./log.server";

// Work the server runs beside requests (session clean-up, e-mail delivery, digests). Each task
// can be stopped, and stopping waits for the work in progress, so SIGTERM loses nothing.
type Task = { name: string; stop: () => Promise<void> };
const tasks: Task[] = [];

/**
 * Runs `fn` every `ms` milliseconds, never twice at once. The signal aborts when the task is
 * stopped, so a long run (draining a backlog) can end early at a safe point.
 */
export function startRecurring(name: string, ms: number, fn: (signal: AbortSignal) => Promise<void> | void) {
  let running: Promise<void> | null = null;
  const controller = new AbortController();
  const tick = () => {
    if (running || controller.signal.aborted) return;
    running = Promise.resolve()
      .then(() => fn(controller.signal))
      // Another process's lock outlasting the short wait: the next tick tries again.
      .catch((err) => (isDatabaseBusy(err) ? logger().warn({ type: "db-busy", task: name }) : logger().error({ type: "background", task: name, err })))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ms);
  timer.unref();
  tasks.push({
    name,
    stop: async () => {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  });
}

/** Work with its own way of stopping (a thread): stopBackgroundWork() calls `stop` and waits for it. */
export function registerBackgroundTask(name: string, stop: () => Promise<void>) {
  tasks.push({ name, stop });
}

export async function stopBackgroundWork() {
  const all = tasks.splice(0);
  await Promise.all(all.map((t) => t.stop()));
}
