import { threadId } from "node:worker_threads";
import { beforeEach, expect, it } from "vitest";
import { jobSchedules } from "../../../db/schema";
import { getDb } from "~/db.server";
import { runInThread, startThreadTask, ThreadTaskError } from "./threads.server";

const tasks = new URL("./threads.test-tasks.ts", import.meta.url);
beforeEach(() => {
  getDb().delete(jobSchedules).run();
});

it("runs a task on another thread, with its own connection to the same database, reporting progress", async () => {
  const progress: [number, number | null][] = [];
  const result = await runInThread<{ threadId: number; rows: number }>({
    entry: tasks,
    name: "writeAndCount",
    input: { names: ["a", "b", "c"] },
    onProgress: (done, total) => progress.push([done, total]),
  });
  expect(result.threadId).not.toBe(threadId);
  expect(result.rows).toBe(3);
  expect(progress).toEqual([
    [1, 3],
    [2, 3],
    [3, 3],
  ]);
  expect(
    getDb()
      .select()
      .from(jobSchedules)
      .all()
      .map((r) => r.name),
  ).toEqual(["a", "b", "c"]);
});

it("a task's error reaches the caller with its message; an unknown task is an error too", async () => {
  await expect(runInThread({ entry: tasks, name: "fails", input: null })).rejects.toThrow(new ThreadTaskError("the file has no header row", "Error"));
  await expect(runInThread({ entry: tasks, name: "nope", input: null })).rejects.toThrow(/exports no task nope/);
});

it("aborting ends the thread at once and its open transaction writes nothing; the main thread never waited", async () => {
  const controller = new AbortController();
  const running = runInThread({ entry: tasks, name: "spin", input: null, signal: controller.signal });
  // The main thread keeps turning while the task spins.
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 10);
  await new Promise((r) => setTimeout(r, 1500));
  clearInterval(timer);
  controller.abort(new Error("stopped by the test"));
  await expect(running).rejects.toThrow("stopped by the test");
  expect(ticks).toBeGreaterThan(20);
  // The lock the spinning transaction held is gone, and its row with it.
  await new Promise((r) => setTimeout(r, 200));
  getDb().insert(jobSchedules).values({ name: "after", nextRunAt: 2 }).run();
  expect(
    getDb()
      .select()
      .from(jobSchedules)
      .all()
      .map((r) => r.name),
  ).toEqual(["after"]);
});

it("a long-lived task runs until asked to stop, ends at its own safe point, and stop waits for it", async () => {
  const ended: (Error | null)[] = [];
  const task = startThreadTask({ entry: tasks, name: "tickUntilStopped", input: null, onExit: (e) => ended.push(e) });
  const names = () =>
    getDb()
      .select()
      .from(jobSchedules)
      .all()
      .map((r) => r.name);
  await expect.poll(() => names().length, { timeout: 20_000 }).toBeGreaterThan(3);
  await task.stop();
  const after = names();
  expect(after.at(-1)).toBe("stopped");
  await new Promise((r) => setTimeout(r, 200));
  expect(names()).toEqual(after);
  // Stopped on request: not reported as a thread that ended by itself.
  expect(ended).toEqual([]);
});
