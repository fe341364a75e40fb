// A labelled input with the server's complaint about it, if any, beside it.
import type { ComponentChildren } from "preact";

export function fieldId(form: string, path: string): string {
  return `${form}-${path.replace(/[^a-z0-9]+/gi, "-")}`;
}

export type FieldProps = {
  id: string;
  name: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

export function Field(props: {
  label: string;
  // The request field it sets, as the server names it in a BadRequest ("note.text").
  path: string;
  errors: Record<string, string[]>;
  form: string;
  hint?: string;
  children: (input: FieldProps) => ComponentChildren;
}) {
  const id = fieldId(props.form, props.path);
  const complaints = props.errors[props.path] ?? [];
  const described = [props.hint ? `${id}-hint` : "", complaints.length ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={complaints.length ? "field invalid" : "field"} data-field={props.path}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {complaints.length > 0 && (
        <span class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {complaints.join("; ")}
        </span>
      )}
      {props.children({
        id,
        name: props.path,
        "aria-invalid": complaints.length > 0 || undefined,
        "aria-describedby": described || undefined,
      })}
    </div>
  );
}

// Every bad field, linked to its input, at the top of the form (and the message when the server
// named no field).
export function ErrorSummary(props: { form: string; errors: Record<string, string[]> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <strong>Some fields need correcting</strong>
      <ul>
        {entries.map(([path, complaints]) => {
          const id = fieldId(props.form, path);
          const said = `${path}: ${complaints.join("; ")}`;
          return <li key={path}>{document.getElementById(id) ? <a href={`#${id}`}>{said}</a> : said}</li>;
        })}
      </ul>
    </div>
  );
}
