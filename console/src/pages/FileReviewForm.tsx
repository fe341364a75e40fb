// A supervisor's review of a case file at the revision they read.
import { commandId, commands } from "../clients/commands";
import { CommandForm } from "../components/CommandForm";
import { EnumSelect } from "../components/EnumSelect";
import { Field } from "../components/Field";
import { lines, number, text, time } from "../formdata";
import { ReviewCriterion, ReviewGrade } from "../gen/caseledger/v1/casework_pb";
import { choices } from "../format";

export function FileReviewForm({ caseId, revision }: { caseId: string; revision: bigint }) {
  const form = "review-form";
  const criteria = choices(ReviewCriterion);
  return (
    <CommandForm
      id={form}
      title={`Review the file (revision ${revision})`}
      submit="Record the review"
      done="File review recorded."
      rename={(path) => path.replace(/^(review\.(mistakes_found|actions_required))\[\d+\]$/, "$1")}
      send={(d) =>
        commands.recordFileReview({
          header: { commandId: commandId(), caseId },
          review: {
            revisionReviewed: revision,
            findings: text(d, "review.findings"),
            mistakesFound: lines(d, "review.mistakes_found"),
            actionsRequired: lines(d, "review.actions_required"),
            feedbackGiven: text(d, "review.feedback_given"),
            actionsDueBy: time(d, "review.actions_due_by"),
            checklist: criteria
              .filter((c) => number(d, `grade.${c.value}`) !== 0)
              .map((c) => ({ criterion: c.value, grade: number(d, `grade.${c.value}`) })),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field label="Findings" path="review.findings" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={3} />}
          </Field>
          <Field label="Mistakes found" path="review.mistakes_found" form={form} errors={errors} hint="One per line">
            {(input) => <textarea {...input} rows={2} />}
          </Field>
          <Field label="Actions required" path="review.actions_required" form={form} errors={errors} hint="One per line">
            {(input) => <textarea {...input} rows={2} />}
          </Field>
          <Field label="Actions due by" path="review.actions_due_by" form={form} errors={errors} hint="Empty: the policy's default">
            {(input) => <input {...input} type="datetime-local" />}
          </Field>
          <Field label="Feedback given to the worker" path="review.feedback_given" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={2} />}
          </Field>
          <fieldset class="checklist">
            <legend>Checklist</legend>
            {criteria.map((c) => (
              <Field key={c.value} label={c.label} path={`grade.${c.value}`} form={form} errors={errors}>
                {(input) => <EnumSelect {...input} values={ReviewGrade} prompt="Not graded" />}
              </Field>
            ))}
          </fieldset>
        </>
      )}
    </CommandForm>
  );
}
