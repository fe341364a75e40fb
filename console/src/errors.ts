// What a failed call means to the person using the console.
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "./gen/google/rpc/error_details_pb";

export type Problem = {
  code: Code;
  // The server's own words.
  message: string;
  // The request's bad fields ("note.text", "deadline.due_at", ...) and what is wrong with each.
  fields: Record<string, string[]>;
};

export function problemOf(error: unknown): Problem {
  const connect = ConnectError.from(error);
  const fields: Record<string, string[]> = {};
  for (const detail of connect.findDetails(BadRequestSchema)) {
    for (const violation of detail.fieldViolations) {
      (fields[violation.field] ??= []).push(violation.description);
    }
  }
  return { code: connect.code, message: connect.rawMessage, fields };
}

// A heading for a problem, in the users' words.
export function headline(problem: Problem): string {
  switch (problem.code) {
    case Code.PermissionDenied:
      return "Refused";
    case Code.Unauthenticated:
      return "Not signed in: the server does not know who you are";
    case Code.InvalidArgument:
      return "Some fields need correcting";
    case Code.NotFound:
      return "Not found";
    case Code.FailedPrecondition:
      return "Not possible in the case's current state";
    case Code.Aborted:
      return "Someone else changed the case first: look again and retry";
    case Code.Unavailable:
      return "The server cannot be reached";
    case Code.DeadlineExceeded:
      return "The server took too long to answer";
    default:
      return "Something went wrong";
  }
}
