// What a caseworker records on a case: a note, a deadline, an untoward incident.
import { commandId, commands } from "../clients/commands";
import { CommandForm } from "../components/CommandForm";
import { EnumSelect } from "../components/EnumSelect";
import { Field } from "../components/Field";
import { number, text, time } from "../formdata";
import { ContactType, DeadlineKind, IncidentKind, NoteKind, Severity } from "../gen/caseledger/v1/casework_pb";

const header = (caseId: string) => ({ commandId: commandId(), caseId });

export function NoteForm({ caseId }: { caseId: string }) {
  const form = "note-form";
  return (
    <CommandForm
      id={form}
      title="Record a note"
      submit="Record the note"
      done="Note recorded."
      send={(d) =>
        commands.recordNote({
          header: header(caseId),
          note: {
            kind: number(d, "note.kind"),
            contactType: number(d, "note.contact_type"),
            text: text(d, "note.text"),
            nextSteps: text(d, "note.next_steps"),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field label="Fact or opinion" path="note.kind" form={form} errors={errors}>
            {(input) => <EnumSelect {...input} values={NoteKind} />}
          </Field>
          <Field label="Contact" path="note.contact_type" form={form} errors={errors}>
            {(input) => <EnumSelect {...input} values={ContactType} />}
          </Field>
          <Field label="What happened" path="note.text" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={4} />}
          </Field>
          <Field label="Next steps" path="note.next_steps" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={2} />}
          </Field>
        </>
      )}
    </CommandForm>
  );
}

export function DeadlineForm({ caseId }: { caseId: string }) {
  const form = "deadline-form";
  return (
    <CommandForm
      id={form}
      title="Set a deadline"
      submit="Set the deadline"
      done="Deadline set."
      send={(d) =>
        commands.setDeadline({
          header: header(caseId),
          deadline: {
            kind: number(d, "deadline.kind"),
            dueAt: time(d, "deadline.due_at"),
            what: text(d, "deadline.what"),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field label="Kind" path="deadline.kind" form={form} errors={errors}>
            {(input) => <EnumSelect {...input} values={DeadlineKind} />}
          </Field>
          <Field label="Due" path="deadline.due_at" form={form} errors={errors} hint="Your local time">
            {(input) => <input {...input} type="datetime-local" />}
          </Field>
          <Field label="What must be done by then" path="deadline.what" form={form} errors={errors}>
            {(input) => <input {...input} />}
          </Field>
        </>
      )}
    </CommandForm>
  );
}

export function IncidentForm({ caseId }: { caseId: string }) {
  const form = "incident-form";
  return (
    <CommandForm
      id={form}
      title="Flag an untoward incident"
      submit="Flag the incident"
      done="Incident flagged."
      send={(d) =>
        commands.flagUntowardIncident({
          header: header(caseId),
          incident: {
            kind: number(d, "incident.kind"),
            severity: number(d, "incident.severity"),
            description: text(d, "incident.description"),
            immediateAction: text(d, "incident.immediate_action"),
            escalatedTo: text(d, "incident.escalated_to"),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field label="Kind" path="incident.kind" form={form} errors={errors}>
            {(input) => <EnumSelect {...input} values={IncidentKind} />}
          </Field>
          <Field label="Severity" path="incident.severity" form={form} errors={errors} hint="Serious and critical incidents require the priority to be assessed again">
            {(input) => <EnumSelect {...input} values={Severity} />}
          </Field>
          <Field label="What happened" path="incident.description" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={3} />}
          </Field>
          <Field label="Immediate action taken" path="incident.immediate_action" form={form} errors={errors}>
            {(input) => <textarea {...input} rows={2} />}
          </Field>
          <Field label="Escalated to" path="incident.escalated_to" form={form} errors={errors} hint="e.g. supervisor:sup-team-0, or safeguarding lead">
            {(input) => <input {...input} />}
          </Field>
        </>
      )}
    </CommandForm>
  );
}
