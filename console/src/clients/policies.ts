import { createClient } from "@connectrpc/connect";
import { PolicyCommands } from "../gen/caseledger/v1/policy_commands_pb";
import { transport } from "../transport";

export const policies = createClient(PolicyCommands, transport);
