// The clients of caseledger's services over the Connect protocol, on the origin that served
// the console. Every call carries the signed-in session's headers.
import { createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { Audit } from "./gen/caseledger/v1/audit_pb";
import { CaseCommands } from "./gen/caseledger/v1/case_commands_pb";
import { Caseload } from "./gen/caseledger/v1/caseload_pb";
import { PolicyCommands } from "./gen/caseledger/v1/policy_commands_pb";
import { Subjects } from "./gen/caseledger/v1/subjects_pb";
import { Supervision } from "./gen/caseledger/v1/supervision_pb";
import { authHeaders, loadSession } from "./session";

const signedIn: Interceptor = (next) => async (request) => {
  const session = loadSession();
  if (session) {
    for (const [name, value] of Object.entries(authHeaders(session))) {
      request.header.set(name, value);
    }
  }
  return next(request);
};

export const transport = createConnectTransport({
  baseUrl: location.origin,
  interceptors: [signedIn],
  // Calls that wait for a position fail rather than hang.
  defaultTimeoutMs: 30_000,
});

export const caseload = createClient(Caseload, transport);
export const commands = createClient(CaseCommands, transport);
export const audit = createClient(Audit, transport);
export const supervision = createClient(Supervision, transport);
export const subjects = createClient(Subjects, transport);
export const policies = createClient(PolicyCommands, transport);

// A fresh idempotency key for a command: the same form submitted twice is two commands, a
// retry of one call is the same command.
export function commandId(): string {
  return `console-${crypto.randomUUID()}`;
}
