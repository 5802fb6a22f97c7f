// Names of job states and kinds as translation keys, for the staff pages.
import type { MessageKey } from "~/modules/i18n/i18n";
export const JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_STATE_LABELS: Record<JobState, MessageKey> = {
  queued: "jobs.state.queued",
  running: "jobs.state.running",
  done: "jobs.state.done",
  failed: "jobs.state.failed",
};

// The kinds the shells register (scripts/background-work.ts); an unknown kind shows its code.
const KIND_LABELS: Record<string, MessageKey> = {
  "companies.import": "jobs.kind.companies.import",
  "auth.password_reset": "jobs.kind.auth.password_reset",
  "introductions.upkeep": "jobs.kind.introductions.upkeep",
  "matching.digests": "jobs.kind.matching.digests",
  "matching.rebuild": "jobs.kind.matching.rebuild",
  "jobs.purge": "jobs.kind.jobs.purge",
};

export function jobKindLabel(kind: string): MessageKey | null {
  return Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind] : null;
}
