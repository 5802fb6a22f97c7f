// What the staff home counts of introductions: the queue, its oldest request, what waits for the
// firms, and what was accepted this calendar month (UTC).
import { and, eq, gte, min, sql } from "drizzle-orm";
import { introductions } from "../../../db/schema";
import { getDb } from "~/db.server";
import { countIntroductionsByStatus } from "./introductions.server";

export function getIntroductionOverview({ now }: { now: number }) {
  const db = getDb();
  const counts = countIntroductionsByStatus();
  const oldest =
    db
      .select({ at: min(introductions.createdAt) })
      .from(introductions)
      .where(eq(introductions.status, "requested"))
      .get()?.at ?? null;
  const today = new Date(now * 1000);
  const monthStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1) / 1000;
  const acceptedThisMonth = db
    .select({ n: sql<number>`count(*)` })
    .from(introductions)
    .where(and(eq(introductions.status, "accepted"), gte(introductions.acceptedAt, monthStart)))
    .get()!.n;
  return { awaitingDecision: counts.requested, oldestRequestedAt: oldest, awaitingFirms: counts.approved, acceptedThisMonth };
}
