import { createClient } from "@connectrpc/connect";
import { CaseCommands } from "../gen/caseledger/v1/case_commands_pb";
import { transport } from "../transport";

export const commands = createClient(CaseCommands, transport);

// A fresh idempotency key for a command: the same form submitted twice is two commands, a
// retry of one call is the same command.
export function commandId(): string {
  return `console-${crypto.randomUUID()}`;
}
