// Heavy work of a job on a worker thread, so the thread that serves pages stays free. The task is
// a named export of a module; the thread opens its own database connection (db.server keeps one
// per thread), runs the export once and ends. Progress crosses back as messages.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/** What a task receives beside its input; `signal` aborts when the caller asks the thread to stop (a long-lived task then ends its loop). */
export type ThreadTaskContext = { progress: (done: number, total: number | null) => void; signal?: AbortSignal };
export type ThreadTask<I, O> = (input: I, ctx: ThreadTaskContext) => Promise<O> | O;

type TaskData = { bridgeThreadTask: true; entry: string; name: string; input: unknown };
type ToThread = { stop: true };
type FromThread = { progress: [number, number | null] } | { result: unknown } | { error: { message: string; name: string } };

// Threads start from plain JavaScript that registers the TypeScript loader (tsx) and then loads
// the task's module: Node 20 does not pass the main thread's --import hooks on to workers.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });
`;

/** Thrown in the caller when the task threw: the task's own message, so job errors stay readable. */
export class ThreadTaskError extends Error {
  constructor(
    message: string,
    readonly taskErrorName: string,
  ) {
    super(message);
  }
}

/**
 * Runs `name` exported by the module at `entry` (pass `import.meta.url` of a sibling, or a URL
 * built from it) on a new worker thread and resolves with what it returns. The signal ends the
 * thread at once (a transaction it had open is rolled back by SQLite).
 */
export function runInThread<O>({
  entry,
  name,
  input,
  onProgress,
  signal,
}: {
  entry: string | URL;
  name: string;
  input: unknown;
  onProgress?: (done: number, total: number | null) => void;
  signal?: AbortSignal;
}): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const data: TaskData = { bridgeThreadTask: true, entry: String(entry), name, input };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      void worker.terminate();
      settle(() => reject(signal?.reason ?? new Error("aborted")));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (m: FromThread) => {
      if ("progress" in m) onProgress?.(...m.progress);
      else if ("result" in m) settle(() => resolve(m.result as O));
      else settle(() => reject(new ThreadTaskError(m.error.message, m.error.name)));
    });
    worker.on("error", (err) => settle(() => reject(err)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the task's thread ended (exit ${code}) without a result`))));
  });
}

/**
 * A long-lived task on its own thread (a loop that runs until asked to stop). `stop` asks it to
 * end at a safe point and waits up to `graceMs` before ending the thread outright. When the task
 * ends by itself or fails, `onExit` is told.
 */
export function startThreadTask({
  entry,
  name,
  input,
  onExit,
  graceMs = 10_000,
}: {
  entry: string | URL;
  name: string;
  input: unknown;
  onExit?: (error: Error | null) => void;
  graceMs?: number;
}): { stop: () => Promise<void> } {
  const data: TaskData = { bridgeThreadTask: true, entry: String(entry), name, input };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
  let error: Error | null = null;
  worker.on("message", (m: FromThread) => {
    if ("error" in m) error = new ThreadTaskError(m.error.message, m.error.name);
  });
  worker.on("error", (err) => (error = err));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let stopping = false;
  void exited.then(() => {
    if (!stopping) onExit?.(error ?? new Error(`the ${name} thread ended`));
  });
  return {
    stop: async () => {
      stopping = true;
      worker.postMessage({ stop: true } satisfies ToThread);
      const timer = setTimeout(() => void worker.terminate(), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

const task = !isMainThread ? (workerData as Partial<TaskData> | null) : null;
if (task?.bridgeThreadTask) {
  const port = parentPort!;
  const { entry, name, input } = task as TaskData;
  const send = (m: FromThread) => port.postMessage(m);
  const stopping = new AbortController();
  port.on("message", (m: ToThread) => {
    if (m?.stop) stopping.abort();
  });
  void (async () => {
    try {
      const mod = (await import(entry)) as Record<string, unknown>;
      const fn = mod[name];
      if (typeof fn !== "function") throw new Error(`${entry} exports no task ${name}`);
      const result = await (fn as ThreadTask<unknown, unknown>)(input, {
        progress: (done, total) => send({ progress: [done, total] }),
        signal: stopping.signal,
      });
      send({ result });
    } catch (err) {
      send({ error: { message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : "Error" } });
    }
    // The thread's database connection closes, and the thread ends (the stop listener would keep it).
    const { closeDb } = await import("~/db.server");
    closeDb();
    port.removeAllListeners("message");
    port.unref();
  })();
}
