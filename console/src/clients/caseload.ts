import { createClient } from "@connectrpc/connect";
import { Caseload } from "../gen/caseledger/v1/caseload_pb";
import { transport } from "../transport";

export const caseload = createClient(Caseload, transport);
