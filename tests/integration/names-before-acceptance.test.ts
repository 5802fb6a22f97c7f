// Issue 13, point 4: no name of the other firm's person before acceptance. Against the production
// server, every page a member can reach and its single-fetch `.data` are swept, in every state of
// an introduction, for the other firm's people: its members' names and e-mail addresses and its
// contact person's name and address, and (issue 16) its phone and messaging handles. Before
// acceptance none appears (the other side is "a member of <firm>"); once accepted, the
// introduction's page shows the contact, phone in international format, and no other page does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "~/modules/auth/session.server";
import {
  acceptIntroduction,
  approveIntroduction,
  declineIntroduction,
  declineIntroductionByFirm,
  requestIntroduction,
  startIntroduction,
  withdrawIntroduction,
} from "~/modules/introductions/workflow.server";
import { runIntroductionUpkeep } from "~/modules/introductions/upkeep.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { makeListedCompany, makeUser, makeVerifiedUser } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

// Expired first: the upkeep that expires it would expire every introduction open at the time.
const STATES = ["expired", "requested", "approved", "declined_by_staff", "declined_by_target", "withdrawn", "council_accepted_by_one", "accepted"] as const;
type State = (typeof STATES)[number];

type Person = { name: string; email: string };
/** `hidden`: every way its phone and handles could be written; `shown`: how the accepted introduction shows them. */
type Channels = { hidden: string[]; shown: string[] };
type Side = { companyId: number; cookie: string; userId: string; people: Person[]; channels: Channels };
type Case = { state: State; introductionId: number; a: Side; b: Side };

let server: ServerHandle;
const cases: Case[] = [];

/**
 * Firm A (Chinese cloud) with an acting member, Wei Zhang 张伟, who is also its contact, and a
 * quiet colleague; firm B (Indonesian distributor) with Budi, and a contact person who is not a
 * user. Names repeat across states; addresses are unique to each state's pair.
 */
async function pair(state: State) {
  const tag = state.replace(/_/g, "-");
  // Numbers and handles unique to each state's pair; the phones typed as dialled at home.
  const n = String(STATES.indexOf(state)).padStart(2, "0");
  const wei = await makeVerifiedUser({ name: "Wei Zhang 张伟", email: `wei.zhang.${tag}@lanyun.example` });
  const lina = await makeUser({ name: "Li Na 李娜", email: `li.na.${tag}@lanyun.example` });
  const budi = await makeVerifiedUser({ name: "Budi Santoso", email: `budi.${tag}@nusantara.example` });
  const a = makeListedCompany({
    profile: {
      name: `Lanyun Cloud ${tag}`,
      localName: "蓝云科技",
      country: "CN",
      contactName: "Wei Zhang 张伟",
      contactEmail: wei.email,
      phone: `138 0013 80${n}`,
      wechat: `lanyun_wx_${n}`,
    },
    members: [wei.id, lina.id],
  });
  const b = makeListedCompany({
    profile: {
      name: `PT Nusantara ${tag}`,
      country: "ID",
      offers: ["role.distribution"],
      needs: ["cloud.iaas"],
      contactName: "Siti Rahmawati",
      contactEmail: `siti.${tag}@nusantara-contact.example`,
      phone: `0812 3456 78${n}`,
      whatsapp: `0813 9876 54${n}`,
      telegram: `@nusantara_tg_${n}`,
    },
    members: [budi.id],
  });
  const cookie = async (userId: string) => (await createUserSession({ userId })).cookie.split(";")[0];
  return {
    a: {
      companyId: a,
      userId: wei.id,
      cookie: await cookie(wei.id),
      people: [
        { name: wei.name, email: wei.email },
        { name: lina.name, email: lina.email },
      ],
      channels: {
        hidden: [`+86138001380${n}`, `+86 138 0013 80${n}`, `lanyun_wx_${n}`],
        shown: [`+86 138 0013 80${n}`, `tel:+86138001380${n}`, `lanyun_wx_${n}`],
      },
    },
    b: {
      companyId: b,
      userId: budi.id,
      cookie: await cookie(budi.id),
      people: [
        { name: budi.name, email: budi.email },
        { name: "Siti Rahmawati", email: `siti.${tag}@nusantara-contact.example` },
      ],
      channels: {
        hidden: [`+62812345678${n}`, `+62 812 3456 78${n}`, `+62813987654${n}`, `+62 813 9876 54${n}`, `nusantara_tg_${n}`],
        shown: [
          `+62 812 3456 78${n}`,
          `tel:+62812345678${n}`,
          `+62 813 9876 54${n}`,
          `https://wa.me/62813987654${n}`,
          `@nusantara_tg_${n}`,
          `https://t.me/nusantara_tg_${n}`,
        ],
      },
    },
  };
}

beforeAll(async () => {
  const staff = await makeUser({ role: "staff", name: "Staff Sweep" });
  const pairs = new Map<State, Awaited<ReturnType<typeof pair>>>();
  for (const state of STATES) pairs.set(state, await pair(state));
  await syncMatches();
  for (const state of STATES) {
    const { a, b } = pairs.get(state)!;
    let id: number;
    if (state === "council_accepted_by_one") {
      const started = startIntroduction({
        staffUserId: staff.id,
        companyId: a.companyId,
        partnerId: b.companyId,
        purpose: "distribution",
        message: "The council suggests you meet.",
      });
      if (!started.ok) throw new Error(started.reason);
      id = started.introductionId;
      // Wei accepts first: the history names an act of A's person while B has not answered.
      expect(acceptIntroduction({ introductionId: id, userId: a.userId })).toMatchObject({ ok: true, status: "approved" });
    } else {
      const asked = requestIntroduction({
        userId: a.userId,
        targetCompanyId: b.companyId,
        purpose: "distribution",
        message: "We look for a distributor in Indonesia.",
      });
      if (!asked.ok) throw new Error(asked.reason);
      id = asked.introductionId;
      if (state === "declined_by_staff") declineIntroduction({ introductionId: id, staffUserId: staff.id, reason: "Not now." });
      else if (state !== "requested") approveIntroduction({ introductionId: id, staffUserId: staff.id });
      if (state === "declined_by_target") declineIntroductionByFirm({ introductionId: id, userId: b.userId, note: "Busy this year." });
      if (state === "withdrawn") withdrawIntroduction({ introductionId: id, userId: a.userId });
      if (state === "expired") runIntroductionUpkeep(Math.floor(Date.now() / 1000) + 15 * 86400);
      if (state === "accepted") expect(acceptIntroduction({ introductionId: id, userId: b.userId })).toMatchObject({ ok: true, status: "accepted" });
    }
    cases.push({ state, introductionId: id, a, b });
  }
  server = await startServer();
});
afterAll(() => server?.stop());

/** Every page a member can reach about their firm, its partner and the introduction. */
function paths(c: Case, self: Side, other: Side) {
  return [
    "/",
    "/account",
    "/account/notifications",
    "/companies",
    `/companies?q=${encodeURIComponent("Nusantara")}`,
    `/companies/${other.companyId}`,
    `/companies/${self.companyId}`,
    `/companies/${self.companyId}/edit`,
    `/companies/${self.companyId}/team`,
    "/matches",
    `/matches/${other.companyId}`,
    "/introductions",
    `/introductions/${c.introductionId}`,
  ];
}

/** A page and its single-fetch data (the `.data` of `/` is `/_root.data`). */
async function fetchBoth(path: string, cookie: string) {
  const [pathname, query] = path.split("?");
  const dataPath = `${pathname === "/" ? "/_root" : pathname}.data${query ? `?${query}` : ""}`;
  const out: { url: string; status: number; body: string }[] = [];
  for (const url of [path, dataPath]) {
    const res = await fetch(`${server.url}${url}`, { headers: { cookie }, redirect: "manual" });
    out.push({ url, status: res.status, body: await res.text() });
  }
  return out;
}

describe("the other firm's people before acceptance", () => {
  for (const state of STATES) {
    it(`${state}: no page or .data names them or gives their e-mail, phone or handles; accepted shows the contact on the introduction only`, async () => {
      const c = cases.find((x) => x.state === state)!;
      for (const [self, other] of [
        [c.a, c.b],
        [c.b, c.a],
      ] as const) {
        const intro = `/introductions/${c.introductionId}`;
        for (const path of paths(c, self, other)) {
          for (const { url, status, body } of await fetchBoth(path, self.cookie)) {
            expect(status, url).toBeLessThan(500);
            // Not a sweep of empty pages: the partner's profile and match breakdown are there to read
            // (a declined pair never matches again).
            if (path === `/companies/${other.companyId}` || (path === `/matches/${other.companyId}` && state !== "declined_by_target")) {
              expect(status, url).toBe(200);
            }
            const onIntroduction = path === intro;
            for (const person of other.people) {
              const shown = state === "accepted" && onIntroduction;
              if (!shown) {
                expect(body, `${state}: ${url} as ${self === c.a ? "A" : "B"} names ${person.name}`).not.toContain(person.name);
                expect(body, `${state}: ${url} as ${self === c.a ? "A" : "B"} gives ${person.email}`).not.toContain(person.email);
              }
            }
            if (!(state === "accepted" && onIntroduction)) {
              for (const text of other.channels.hidden) expect(body, `${state}: ${url} as ${self === c.a ? "A" : "B"} gives ${text}`).not.toContain(text);
            }
          }
        }
        // The introduction itself is readable by each party that may see it (not a 404 that hides nothing).
        const visible = state !== "requested" && state !== "declined_by_staff" ? true : self === c.a;
        const page = await fetch(`${server.url}${intro}`, { headers: { cookie: self.cookie }, redirect: "manual" });
        expect(page.status, `${state}: ${intro}`).toBe(visible ? 200 : 404);
      }
      if (state === "accepted") {
        // Each side sees the other's contact on the introduction, in the page and its data.
        for (const [self, contact, channels] of [
          [c.a, c.b.people[1], c.b.channels],
          [c.b, { name: "Wei Zhang 张伟", email: c.a.people[0].email }, c.a.channels],
        ] as const) {
          for (const { url, body } of await fetchBoth(`/introductions/${c.introductionId}`, self.cookie)) {
            expect(body, url).toContain(contact.name);
            expect(body, url).toContain(contact.email);
            for (const text of channels.shown) expect(body, url).toContain(text);
          }
        }
      }
    });
  }

  it("says who acted as a member of the other firm before acceptance", async () => {
    const c = cases.find((x) => x.state === "council_accepted_by_one")!;
    const html = await (await fetch(`${server.url}/introductions/${c.introductionId}`, { headers: { cookie: c.b.cookie } })).text();
    expect(html).toContain("A member of Lanyun Cloud council-accepted-by-one");
  });
});
