// The audit log: every staff action, who did it, to which record, when, and the record before
// and after. Modules write it inside the transaction of the action itself, so an action and its
// entry land together or not at all. Rows are never changed (migration 0009 refuses it).
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { auditLog, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { nowSeconds } from "~/utils/time";
import type { AuditAction } from "./labels";

/**
 * Records one staff action. `action` is a dotted verb (`introduction.approve`,
 * `company.suspend`), one of `AUDIT_ACTIONS` (labels.ts); `before`/`after` are the fields the action changed, never secrets.
 */
export function recordAudit(
  tx: DbOrTx,
  input: { actorUserId: string | null; action: AuditAction; entityType: string; entityId: string | number | null; before?: unknown; after?: unknown },
) {
  const actor = input.actorUserId ? tx.select({ email: users.email }).from(users).where(eq(users.id, input.actorUserId)).get() : undefined;
  tx.insert(auditLog)
    .values({
      actorUserId: input.actorUserId,
      actorEmail: actor?.email ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId === null ? null : String(input.entityId),
      before: input.before ?? null,
      after: input.after ?? null,
      createdAt: nowSeconds(),
    })
    .run();
}

type AuditFilters = { actor?: string; action?: string; entityType?: string; entityId?: string; from?: number; to?: number };

const AUDIT_PAGE_SIZE = 50;

/** Newest first, filtered; `actor` matches the copied e-mail address. */
export function listAudit(input: AuditFilters & { page?: number } = {}) {
  const where: SQL[] = [];
  if (input.actor) where.push(sql`${auditLog.actorEmail} like ${`%${input.actor.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  if (input.action) where.push(eq(auditLog.action, input.action));
  if (input.entityType) where.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) where.push(eq(auditLog.entityId, input.entityId));
  if (input.from !== undefined) where.push(gte(auditLog.createdAt, input.from));
  if (input.to !== undefined) where.push(lt(auditLog.createdAt, input.to));
  const page = Math.max(1, input.page ?? 1);
  const db = getDb();
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(auditLog)
    .where(and(...where))
    .get()!.n;
  const entries = db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  return { total, page, pageSize: AUDIT_PAGE_SIZE, entries };
}

/** The actions and record types that occur, for the filter's choices. */
export function listAuditVocabulary() {
  const db = getDb();
  return {
    actions: db
      .selectDistinct({ v: auditLog.action })
      .from(auditLog)
      .orderBy(auditLog.action)
      .all()
      .map((r) => r.v),
    entityTypes: db
      .selectDistinct({ v: auditLog.entityType })
      .from(auditLog)
      .orderBy(auditLog.entityType)
      .all()
      .map((r) => r.v),
  };
}
