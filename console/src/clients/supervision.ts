import { createClient } from "@connectrpc/connect";
import { Supervision } from "../gen/caseledger/v1/supervision_pb";
import { transport } from "../transport";

export const supervision = createClient(Supervision, transport);
