// How values read on screen.
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export function when(t: Timestamp | undefined): string {
  return t ? `${dateTime.format(timestampDate(t))} UTC` : "–";
}

export function day(t: Timestamp | undefined): string {
  return t ? dateOnly.format(timestampDate(t)) : "–";
}

export function millis(t: Timestamp | undefined): number {
  return t ? timestampDate(t).getTime() : 0;
}

// An enum value's name as words: FACE_TO_FACE -> "face to face".
export function words(enumObject: Record<number, string>, value: number): string {
  const name = enumObject[value];
  if (!name || name.endsWith("_UNSPECIFIED")) return "–";
  return name.toLowerCase().replace(/_/g, " ");
}

// The choices of an enum for a <select>, without its UNSPECIFIED zero.
export function choices(enumObject: Record<string, string | number>): { value: number; label: string }[] {
  return Object.entries(enumObject)
    .filter(([name, value]) => typeof value === "number" && value !== 0 && !/^\d/.test(name))
    .map(([name, value]) => ({ value: value as number, label: name.toLowerCase().replace(/_/g, " ") }));
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
