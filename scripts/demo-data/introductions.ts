// A year of council history for the demo: introductions between listed firms in every state,
// with their events and outcomes, so the admin queue, the firm's introductions page and the
// analytics have something to show. Written as history (no e-mails); the same on every machine.
import { eq, sql } from "drizzle-orm";
import { getDb } from "../../app/db.server";
import { getUserByEmail } from "../../app/modules/auth/users.server";
import type { IntroductionStatus, Outcome } from "../../app/modules/introductions/labels";
import { seededRandom } from "../../app/utils/random";
import { companies, companyMembers, introductionEvents, introductionOutcomes, introductions } from "../../db/schema";
import { nowSeconds } from "../../app/utils/time";

const DAY = 86400;
const PURPOSES = ["distribution", "joint_venture", "licensing", "investment", "supply", "rnd", "project"] as const;

const DEMO_INTRODUCTIONS = 90;

export function seedDemoIntroductions(now = nowSeconds()) {
  const db = getDb();
  if (
    db
      .select({ n: sql<number>`count(*)` })
      .from(introductions)
      .get()!.n > 0
  )
    return;
  const staff = getUserByEmail({ email: "staff@demo.bridge.test" });
  const firmUser = getUserByEmail({ email: "firm@demo.bridge.test" });
  const listed = db.select({ id: companies.id, country: companies.country }).from(companies).where(eq(companies.visible, true)).all();
  const firm = firmUser
    ? db.select({ companyId: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, firmUser.id)).get()
    : undefined;
  // The demo firm's own introductions are the three below, nothing random.
  const others = listed.filter((c) => c.id !== firm?.companyId);
  const china = others.filter((c) => c.country === "CN");
  const asean = others.filter((c) => c.country !== "CN");
  if (!staff || china.length < 2 || asean.length < 3) return;
  const rnd = seededRandom(6);
  const used = new Set<string>();

  db.transaction((tx) => {
    const add = (input: {
      from: number;
      to: number;
      status: IntroductionStatus;
      createdAt: number;
      initiatedBy?: "member" | "staff";
      outcome?: Outcome;
      message?: string;
    }) => {
      const key = [Math.min(input.from, input.to), Math.max(input.from, input.to)].join(":");
      if (used.has(key) || input.from === input.to) return;
      used.add(key);
      const t = input.createdAt;
      const decided = input.status === "requested" || (input.status === "expired" && rnd.next() < 0.3) ? null : t + (1 + rnd.int(3)) * DAY;
      const answered = decided && ["accepted", "declined_by_target"].includes(input.status) ? decided + (1 + rnd.int(6)) * DAY : null;
      const staffStarted = input.initiatedBy === "staff";
      const row = tx
        .insert(introductions)
        .values({
          requesterCompanyId: input.from,
          targetCompanyId: input.to,
          pairLow: Math.min(input.from, input.to),
          pairHigh: Math.max(input.from, input.to),
          initiatedBy: input.initiatedBy ?? "member",
          createdByUserId: staffStarted ? staff.id : null,
          purpose: rnd.pick(PURPOSES),
          message: input.message ?? "We are looking for a partner in your market and would value an introduction through the council.",
          status: input.status,
          decidedByUserId: decided ? staff.id : null,
          decidedAt: staffStarted ? t : decided,
          staffReason: input.status === "declined_by_staff" ? "The profiles do not yet show a clear fit; please add what you offer." : null,
          requesterAcceptedAt: staffStarted ? null : t,
          targetAcceptedAt: input.status === "accepted" ? answered : null,
          declinedByCompanyId: input.status === "declined_by_target" ? input.to : null,
          acceptedAt: input.status === "accepted" ? answered : null,
          closedAt: ["requested", "approved"].includes(input.status) ? null : (answered ?? decided ?? t + 14 * DAY),
          expiresAt: (decided ?? t) + 14 * DAY,
          createdAt: t,
          updatedAt: answered ?? decided ?? t,
        })
        .returning({ id: introductions.id })
        .get();
      const event = (kind: string, from: IntroductionStatus | null, to: IntroductionStatus, at: number) =>
        tx
          .insert(introductionEvents)
          .values({
            introductionId: row.id,
            kind,
            fromStatus: from,
            toStatus: to,
            createdAt: at,
            actorUserId: kind.includes("staff") || kind === "approved" ? staff.id : null,
          })
          .run();
      event(staffStarted ? "started_by_staff" : "requested", null, staffStarted ? "approved" : "requested", t);
      if (decided && !staffStarted)
        event(
          input.status === "declined_by_staff" ? "declined_by_staff" : "approved",
          "requested",
          input.status === "declined_by_staff" ? "declined_by_staff" : "approved",
          decided,
        );
      if (answered) event(input.status, "approved", input.status, answered);
      if (input.status === "expired") event("expired", decided ? "approved" : "requested", "expired", (decided ?? t) + 14 * DAY);
      if (input.status === "accepted" && input.outcome) {
        tx.insert(introductionOutcomes)
          .values({
            introductionId: row.id,
            outcome: input.outcome,
            partnershipType: input.outcome === "agreement_signed" ? rnd.pick(PURPOSES) : null,
            companyId: input.from,
            createdAt: answered! + 20 * DAY,
          })
          .run();
      }
    };

    // The past year: more requests lately, as the council's programme grew.
    const ended: IntroductionStatus[] = ["accepted", "accepted", "accepted", "declined_by_target", "declined_by_staff", "expired", "withdrawn"];
    const outcomes: Outcome[] = ["met", "negotiating", "agreement_signed", "no_fit", "met"];
    for (let i = 0; i < DEMO_INTRODUCTIONS; i++) {
      const monthsAgo = Math.floor(Math.sqrt(rnd.next()) * 12);
      const createdAt = now - monthsAgo * 30 * DAY - rnd.int(28) * DAY - 20 * DAY;
      const [from, to] = rnd.next() < 0.6 ? [rnd.pick(china).id, rnd.pick(asean).id] : [rnd.pick(asean).id, rnd.pick(china).id];
      const status = rnd.pick(ended);
      add({ from, to, status, createdAt, outcome: status === "accepted" && rnd.next() < 0.8 ? rnd.pick(outcomes) : undefined });
    }
    // Under way now: requests waiting for staff (the queue) and introductions waiting for firms.
    for (let i = 0; i < 6; i++) add({ from: rnd.pick(asean).id, to: rnd.pick(china).id, status: "requested", createdAt: now - (i + 1) * DAY });
    for (let i = 0; i < 4; i++) add({ from: rnd.pick(china).id, to: rnd.pick(asean).id, status: "approved", createdAt: now - (i + 2) * DAY });
    // The demo firm: one sent and waiting for the council, one the council suggested, one accepted.
    if (firm) {
      const partners = asean.filter((c) => c.country === "ID" || c.country === "VN");
      add({
        from: firm.companyId,
        to: partners[0].id,
        status: "requested",
        createdAt: now - 2 * DAY,
        message: "我们是南宁的云服务商，正在寻找印尼的经销商。We are a cloud provider in Nanning looking for a reseller in Indonesia.",
      });
      add({
        from: partners[1].id,
        to: firm.companyId,
        status: "approved",
        createdAt: now - 3 * DAY,
        initiatedBy: "staff",
        message: "The council thinks your firms complement each other well.",
      });
      add({ from: firm.companyId, to: partners[2].id, status: "accepted", createdAt: now - 40 * DAY });
    }
  });
}
