// A form that sends one command: the server's field errors beside the fields, its other
// problems above them, and the lists on screen moved on once it commits.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Code } from "@connectrpc/connect";
import { problemOf, type Problem } from "../errors";
import { committed } from "../live";
import { ErrorSummary } from "./Field";
import { ProblemNotice } from "./ProblemNotice";

export type Sent = { position: bigint };

export function CommandForm(props: {
  id: string;
  title: string;
  submit: string;
  // Sends the command from the form's fields; resolves once committed.
  send: (data: FormData) => Promise<Sent>;
  done: string;
  // Maps a field the server names to the form's field, where they differ.
  rename?: (path: string, complaint: string) => string;
  children: (errors: Record<string, string[]>) => ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState("");
  const errors = problem?.fields ?? {};

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setBusy(true);
    setMessage("");
    try {
      const result = await props.send(new FormData(form));
      setProblem(null);
      form.reset();
      setMessage(props.done);
      committed(result.position);
    } catch (error) {
      const p = problemOf(error);
      if (props.rename) {
        const fields: Record<string, string[]> = {};
        for (const [path, complaints] of Object.entries(p.fields)) {
          for (const complaint of complaints) (fields[props.rename(path, complaint)] ??= []).push(complaint);
        }
        p.fields = fields;
      }
      setProblem(p);
      requestAnimationFrame(() => form.querySelector<HTMLElement>("[role=alert]")?.focus());
    } finally {
      setBusy(false);
    }
  };

  const fieldProblem = problem?.code === Code.InvalidArgument && Object.keys(errors).length > 0;
  return (
    <form id={props.id} class="command" onSubmit={onSubmit} noValidate aria-labelledby={`${props.id}-title`}>
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      {problem && (fieldProblem ? <ErrorSummary form={props.id} errors={errors} /> : <ProblemNotice problem={problem} />)}
      {props.children(errors)}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? "Sending…" : props.submit}
        </button>
        <span class="done" role="status" aria-live="polite">
          {message}
        </span>
      </div>
    </form>
  );
}
