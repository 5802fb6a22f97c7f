// The staff jobs pages, called as Remix calls them: staff only, a form from another site refused,
// each job as it stands, a failed job run again (and only a failed one), any other id a 404.
import { beforeEach, describe, expect, it } from "vitest";
import { jobs } from "../../db/schema";
import { getDb } from "~/db.server";
import { queueImport } from "~/modules/companies/import-job.server";
import { claimJob, failJob, getJob, queueJob } from "~/modules/jobs/jobs.server";
import { asData, ctx, formRequest, getRequest, signedIn, thrown } from "../../tests/factories";
import { action as jobsAction, loader as jobsLoader } from "./admin.jobs._index";
import { loader as jobLoader } from "./admin.jobs.$jobId";

const EVIL = "https://evil.example";

beforeEach(() => {
  getDb().delete(jobs).run();
});

function failedJob(kind = "introductions.upkeep") {
  const id = queueJob(getDb(), { kind, maxAttempts: 1, runAfter: 0 });
  claimJob({ owner: "w", kinds: [kind], leaseSeconds: 60 });
  failJob({ id, owner: "w", error: "SQLITE_FULL: database or disk is full" });
  return id;
}

describe("/admin/jobs", () => {
  it("is for staff: a member and a visitor are turned away, a cross-site form is refused", async () => {
    const member = await signedIn();
    const staff = await signedIn({ role: "staff" });
    expect((await thrown(jobsLoader({ request: getRequest("/admin/jobs", { cookie: member.cookie }), ...ctx() }))).status).toBe(403);
    expect((await thrown(jobsLoader({ request: getRequest("/admin/jobs"), ...ctx() }))).status).toBe(302);
    const id = failedJob();
    const evil = await thrown(
      jobsAction({ request: formRequest("/admin/jobs", { intent: "retry", id: String(id) }, { cookie: staff.cookie, origin: EVIL }), ...ctx() }),
    );
    expect(evil.status).toBe(403);
    expect(getJob({ id })?.state).toBe("failed");
    expect((await thrown(jobLoader({ request: getRequest(`/admin/jobs/${id}`, { cookie: member.cookie }), ...ctx({ jobId: String(id) }) }))).status).toBe(403);
  });

  it("lists jobs by state with their error, and runs a failed one again — only a failed one", async () => {
    const staff = await signedIn({ role: "staff" });
    const failed = failedJob();
    const waiting = queueJob(getDb(), { kind: "matching.digests" });
    const page = await jobsLoader({ request: getRequest("/admin/jobs?state=failed", { cookie: staff.cookie }), ...ctx() });
    expect(page.state).toBe("failed");
    expect(page.jobs).toEqual([expect.objectContaining({ id: failed, state: "failed", error: "SQLITE_FULL: database or disk is full", attempts: 1 })]);
    expect(page.counts).toMatchObject({ failed: 1, queued: 1 });
    // A hostile filter is no filter.
    const all = await jobsLoader({ request: getRequest("/admin/jobs?state=__proto__", { cookie: staff.cookie }), ...ctx() });
    expect(all.state).toBeNull();
    expect(all.jobs.map((j) => j.id).sort()).toEqual([failed, waiting].sort());

    const retried = (await jobsAction({
      request: formRequest("/admin/jobs", { intent: "retry", id: String(failed) }, { cookie: staff.cookie }),
      ...ctx(),
    })) as Response;
    expect(retried.status).toBe(302);
    expect(retried.headers.get("location")).toBe(`/admin/jobs?retried=${failed}`);
    expect(getJob({ id: failed })).toMatchObject({ state: "queued", attempts: 0, error: null });
    const again = asData<{ error: string }>(
      await jobsAction({ request: formRequest("/admin/jobs", { intent: "retry", id: String(waiting) }, { cookie: staff.cookie }), ...ctx() }),
    );
    expect(again.init?.status).toBe(409);
    expect(again.data.error).toBe("jobs.notFailed");
    const bad = asData<{ error: string }>(
      await jobsAction({ request: formRequest("/admin/jobs", { intent: "delete", id: String(waiting) }, { cookie: staff.cookie }), ...ctx() }),
    );
    expect(bad.init?.status).toBe(400);
  });

  it("a job's page shows its state and, for an import, the file; other ids are 404", async () => {
    const staff = await signedIn({ role: "staff" });
    const queued = queueImport({ bytes: new TextEncoder().encode('{"companies":[]}'), filename: "firms.json", status: "approved", staffUserId: staff.user.id });
    if (!queued.ok) throw new Error("not queued");
    const page = await jobLoader({ request: getRequest(`/admin/jobs/${queued.jobId}`, { cookie: staff.cookie }), ...ctx({ jobId: String(queued.jobId) }) });
    expect(page.job).toMatchObject({ id: queued.jobId, kind: "companies.import", state: "queued" });
    expect(page.imported).toEqual({ filename: "firms.json", result: null });
    for (const jobId of ["0", `0${queued.jobId}`, "999999", "abc"]) {
      expect((await thrown(jobLoader({ request: getRequest(`/admin/jobs/${jobId}`, { cookie: staff.cookie }), ...ctx({ jobId }) }))).status).toBe(404);
    }
  });
});
