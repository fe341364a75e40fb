import { createClient } from "@connectrpc/connect";
import { Audit } from "../gen/caseledger/v1/audit_pb";
import { transport } from "../transport";

export const audit = createClient(Audit, transport);
