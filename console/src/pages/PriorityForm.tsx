// Assessing a case's priority against the criteria of the policy in force.
import { commandId, commands } from "../clients/commands";
import { policies } from "../clients/policies";
import { CommandForm } from "../components/CommandForm";
import { Field } from "../components/Field";
import { ProblemNotice } from "../components/ProblemNotice";
import { lines, text } from "../formdata";
import { useRead } from "../read";
import { useRef } from "preact/hooks";

export function PriorityForm({ caseId }: { caseId: string }) {
  const policy = useRead(() => policies.getPolicy({}), [], false);
  const criteria = policy.data?.policy?.criteria ?? [];
  const form = "priority-form";
  // The criteria scored in the last request, in its order: the server names scores[i].
  const sent = useRef<string[]>([]);
  if (policy.problem) return <ProblemNotice problem={policy.problem} />;
  return (
    <CommandForm
      id={form}
      title="Assess the priority"
      submit="Record the assessment"
      done="Priority assessed."
      send={(d) => {
        // An unscored criterion is left out: the server names it.
        sent.current = criteria.map((c) => c.name).filter((name) => text(d, `criterion.${name}`) !== "");
        return commands.assessPriority({
          header: { commandId: commandId(), caseId },
          scores: sent.current.map((name) => ({ criterion: name, score: Number(text(d, `criterion.${name}`)) })),
          rationale: text(d, "rationale"),
          informed: lines(d, "informed"),
        });
      }}
      rename={(path, complaint) => {
        const scored = /^scores\[(\d+)\]/.exec(path);
        if (scored) return `criterion.${sent.current[Number(scored[1])] ?? ""}`;
        const unscored = /^has no score for criterion '(.+)'$/.exec(complaint);
        if (path === "scores" && unscored) return `criterion.${unscored[1]}`;
        return path.replace(/^informed\[\d+\]$/, "informed");
      }}
    >
      {(errors) => (
        <>
          <p class="hint">
            Policy version {String(policy.data?.version ?? "…")}: each criterion from 0 to its scale's top.
          </p>
          {criteria.map((c) => (
            <Field key={c.name} label={c.name.replace(/_/g, " ")} path={`criterion.${c.name}`} form={form} errors={errors} hint={c.description}>
              {(input) => (
                <select {...input}>
                  <option value="">Not scored</option>
                  {Array.from({ length: c.scaleMax + 1 }, (_, n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
          <Field label="Rationale" path="rationale" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={3} />}
          </Field>
          <Field label="Who was told" path="informed" form={form} errors={errors} hint="One per line, e.g. supervisor:sup-team-0">
            {(input) => <textarea {...input} rows={2} />}
          </Field>
        </>
      )}
    </CommandForm>
  );
}
