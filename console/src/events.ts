// What a case event says, in words: its name and the why of the decision it records.
import type { CaseEvent } from "./gen/caseledger/v1/case_events_pb";

// "noteRecorded" -> "Note recorded".
export function eventName(event: CaseEvent | undefined): string {
  const name = event?.event.case;
  if (!name) return "Unknown event";
  const spaced = name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

// The fields that carry a decision's reason, in the order they are preferred.
const whyFields = ["rationale", "reason", "outcome", "resolution", "how", "findings", "action", "text", "what", "description"];
// The details messages those fields may sit in.
const detailFields = ["note", "deadline", "incident", "review", "referral", "obstacle", "outcome", "person"];

function whyIn(value: Record<string, unknown>): string {
  for (const field of whyFields) {
    const v = value[field];
    if (typeof v === "string" && v) return v;
  }
  return "";
}

export function eventWhy(event: CaseEvent | undefined): string {
  const value = event?.event.value as Record<string, unknown> | undefined;
  if (!value) return "";
  const direct = whyIn(value);
  if (direct) return direct;
  for (const field of detailFields) {
    const inner = value[field];
    if (inner && typeof inner === "object") {
      const why = whyIn(inner as Record<string, unknown>);
      if (why) return why;
    }
  }
  return "";
}
