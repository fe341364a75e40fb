import { createClient } from "@connectrpc/connect";
import { Subjects } from "../gen/caseledger/v1/subjects_pb";
import { transport } from "../transport";

export const subjects = createClient(Subjects, transport);
