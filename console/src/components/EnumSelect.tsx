// A <select> of an enum's values, starting unchosen.
import { choices } from "../format";
import type { FieldProps } from "./Field";

export function EnumSelect(props: FieldProps & { values: Record<string, string | number>; prompt?: string }) {
  const { values, prompt, ...input } = props;
  return (
    <select {...input}>
      <option value="0">{prompt ?? "Choose…"}</option>
      {choices(values).map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
