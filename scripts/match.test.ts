// The matching command lines as an operator runs them, on this test file's database: match
// (docs/spec/import-and-cli.md), match:rebuild, and digest against a real SMTP server.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PostalMime from "postal-mime";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { companies, companyMembers, users } from "../db/schema";
import { getDb } from "~/db.server";
import { getT } from "~/modules/i18n/locales.server";
import { reasonText } from "~/modules/matching/reasons";
import { listMatchesForCompany } from "~/modules/matching/store.server";
import { makeUser } from "../tests/factories";
import { startSmtpSink } from "../tests/smtp-sink";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-match-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

/** Async, for commands that talk to the SMTP server running in this process. */
const runAsync = (script: string, args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });

function importFile(name: string, rows: object[]) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ companies: rows }));
  const r = run("import", [file]);
  expect(r.status, r.stderr).toBe(0);
}

const firm = (externalId: string, country: string, offers: string[], needs: string[], extra: object = {}) => ({
  externalId,
  name: `CLI ${externalId}`,
  country,
  sectors: ["cloud"],
  offers,
  needs,
  languages: ["en"],
  contactEmail: `${externalId}@hidden.example`,
  ...extra,
});

const companyId = (externalId: string) => getDb().select({ id: companies.id }).from(companies).where(eq(companies.externalId, externalId)).get()!.id;

describe("npm run match", () => {
  it("prints a company's best matches after an import, as JSON with the pages' scores and reasons", () => {
    importFile("first.json", [
      firm("cli-cloud", "CN", ["cloud.iaas"], ["role.distribution", "role.market_access"], { localName: "蓝云科技", targetMarkets: ["VN"] }),
      firm("cli-vn", "VN", ["role.distribution", "role.market_access"], ["cloud.iaas"], { name: "Công ty Sao Việt" }),
      firm("cli-th", "TH", ["role.distribution"], ["cloud.iaas"]),
      firm("cli-cn-rival", "CN", ["cloud.iaas"], ["role.distribution"]),
    ]);
    const r = run("match", ["--company", "cli-cloud", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as { externalId: string; name: string; country: string; score: number; reasons: string[] }[];
    expect(printed.map((m) => m.externalId)).toEqual(["cli-vn", "cli-th"]);
    expect(printed[0]).toMatchObject({ name: "Công ty Sao Việt", country: "VN" });
    expect(printed[0].score).toBeGreaterThan(printed[1].score);
    // Exactly what the page shows, in the same words.
    const t = getT("en");
    const page = listMatchesForCompany({ companyId: companyId("cli-cloud") })!;
    expect(printed.map((m) => m.score)).toEqual(page.matches.map((m) => m.score));
    expect(printed.map((m) => m.reasons)).toEqual(page.matches.map((m) => m.reasons.map((x) => reasonText(x, t, "en"))));
    expect(printed[0].reasons).toContain("They offer Distribution, resale & sales channels, which you need");
    expect(r.stdout).not.toContain("hidden.example");

    // --limit, the readable form, Chinese.
    expect(JSON.parse(run("match", ["--company", "cli-cloud", "--json", "--limit", "1"]).stdout)).toHaveLength(1);
    const text = run("match", ["--company", "cli-vn"]);
    expect(text.stdout).toContain("CLI cli-cloud (cli-cloud, CN)");
    expect(text.stdout).toContain("They need Distribution, resale & sales channels, which you offer");
    expect(run("match", ["--company", "cli-vn", "--lang", "zh"]).stdout).toContain("对方提供云基础设施（IaaS/PaaS），正是您所需要的");
  });

  it("reflects an import that finished before it, with no server running", () => {
    importFile("second.json", [firm("cli-id", "ID", ["role.distribution", "role.market_access"], ["cloud.iaas"], { targetMarkets: ["CN"] })]);
    const printed = JSON.parse(run("match", ["--company", "cli-cloud", "--json"]).stdout) as { externalId: string }[];
    expect(printed.map((m) => m.externalId)).toContain("cli-id");
    // A pending import does not match.
    const file = path.join(dir, "pending.json");
    fs.writeFileSync(file, JSON.stringify({ companies: [firm("cli-pending", "MY", ["role.distribution"], ["cloud.iaas"])] }));
    expect(run("import", [file, "--status", "pending"]).status).toBe(0);
    expect((JSON.parse(run("match", ["--company", "cli-cloud", "--json"]).stdout) as { externalId: string }[]).map((m) => m.externalId)).not.toContain(
      "cli-pending",
    );
    expect(JSON.parse(run("match", ["--company", "cli-pending", "--json"]).stdout)).toEqual([]);
  });

  it("refuses an unknown company and bad arguments with a message and exit 1", () => {
    const unknown = run("match", ["--company", "nope", "--json"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("unknown company");
    expect(run("match", []).status).toBe(1);
    expect(run("match", ["--company", "cli-cloud", "--limit", "0"]).status).toBe(1);
    expect(run("match", ["--company", "cli-cloud", "--bogus"]).status).toBe(1);
  });
});

describe("npm run match:rebuild and npm run digest", () => {
  it("rebuild every list on request", () => {
    const r = run("match-rebuild", []);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rebuilt \d+ match lists in \d+ ms/);
  });

  it("send the due digests now, in the recipient's language, once", async () => {
    const user = await makeUser({ locale: "zh" });
    getDb().update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, user.id)).run();
    // The user joins the Thai firm before its new partners arrive.
    getDb()
      .insert(companyMembers)
      .values({ userId: user.id, companyId: companyId("cli-th"), role: "owner", createdAt: 0 })
      .run();
    importFile("third.json", [firm("cli-cn-two", "CN", ["cloud.iaas", "cloud.cybersecurity"], ["role.distribution"], { targetMarkets: ["TH"] })]);
    const sink = await startSmtpSink();
    try {
      const env = { SMTP_URL: sink.url, BASE_URL: "https://bridge.example.org" };
      const r = await runAsync("digest", ["--frequency", "weekly"], env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^queued 1 weekly digests \(\d+ matches\); delivered 1 e-mails/);
      expect(sink.received).toHaveLength(1);
      const mail = await PostalMime.parse(sink.received[0].raw);
      expect(mail.to?.[0].address).toBe(user.email);
      expect(mail.subject).toContain("您的新合作伙伴匹配");
      expect(mail.text).toContain("CLI cli-cn-two");
      expect(mail.text).toContain(`https://bridge.example.org/matches/${companyId("cli-cn-two")}`);
      const again = await runAsync("digest", ["--frequency", "weekly"], env);
      expect(again.stdout).toMatch(/^queued 0 weekly digests/);
      expect(sink.received).toHaveLength(1);
      expect((await runAsync("digest", ["--frequency", "hourly"], env)).status).toBe(1);
    } finally {
      await sink.close();
    }
  });
});
