// Reading a form's fields into a request. Empty fields stay unset, so the server, which holds
// the rules, says what is missing.
import { timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";

export function text(data: FormData, name: string): string {
  return String(data.get(name) ?? "");
}

export function number(data: FormData, name: string): number {
  return Number(data.get(name) ?? 0) || 0;
}

// A <input type="datetime-local"> value, in the browser's time zone.
export function time(data: FormData, name: string): Timestamp | undefined {
  const value = text(data, name);
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : timestampFromDate(date);
}

// One item per non-empty line.
export function lines(data: FormData, name: string): string[] {
  return text(data, name)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
