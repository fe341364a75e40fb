import { createClient } from "@connectrpc/connect";
import { Events } from "../gen/caseledger/v1/events_pb";
import { transport } from "../transport";

export const events = createClient(Events, transport);
