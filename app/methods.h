#pragma once

// The name of every method of the API, "<Service>.<Method>" in package caseledger.v1: what
// the role table is keyed by, the authorizer is asked about, and the access log records. Each
// is written here once; RoleTableProblems checks them against the services' descriptors.

namespace caseledger::app::methods {

inline constexpr char kOpenCase[] = "CaseCommands.OpenCase";
inline constexpr char kAssignCase[] = "CaseCommands.AssignCase";
inline constexpr char kChangeStatus[] = "CaseCommands.ChangeStatus";
inline constexpr char kRecordNote[] = "CaseCommands.RecordNote";
inline constexpr char kCorrectNote[] = "CaseCommands.CorrectNote";
inline constexpr char kSetDeadline[] = "CaseCommands.SetDeadline";
inline constexpr char kCompleteDeadline[] = "CaseCommands.CompleteDeadline";
inline constexpr char kRecordDeadlineAction[] = "CaseCommands.RecordDeadlineAction";
inline constexpr char kAssessPriority[] = "CaseCommands.AssessPriority";
inline constexpr char kReprioritise[] = "CaseCommands.Reprioritise";
inline constexpr char kFlagUntowardIncident[] = "CaseCommands.FlagUntowardIncident";
inline constexpr char kResolveIncident[] = "CaseCommands.ResolveIncident";
inline constexpr char kRecordReferral[] = "CaseCommands.RecordReferral";
inline constexpr char kRecordObstacle[] = "CaseCommands.RecordObstacle";
inline constexpr char kResolveObstacle[] = "CaseCommands.ResolveObstacle";
inline constexpr char kSetOutcome[] = "CaseCommands.SetOutcome";
inline constexpr char kRecordOutcomeProgress[] = "CaseCommands.RecordOutcomeProgress";
inline constexpr char kRecordFileReview[] = "CaseCommands.RecordFileReview";
inline constexpr char kAddKeyPerson[] = "CaseCommands.AddKeyPerson";

inline constexpr char kGetCase[] = "Caseload.GetCase";
inline constexpr char kListCaseload[] = "Caseload.ListCaseload";
inline constexpr char kGetWorkload[] = "Caseload.GetWorkload";
inline constexpr char kListDiary[] = "Caseload.ListDiary";
inline constexpr char kListAttention[] = "Caseload.ListAttention";

inline constexpr char kGetCaseHistory[] = "Audit.GetCaseHistory";
inline constexpr char kReplayCase[] = "Audit.ReplayCase";
inline constexpr char kListActorEvents[] = "Audit.ListActorEvents";
inline constexpr char kListCaseAccess[] = "Audit.ListCaseAccess";
inline constexpr char kVerifyLog[] = "Audit.VerifyLog";

inline constexpr char kExportSubject[] = "Subjects.ExportSubject";
inline constexpr char kEraseSubject[] = "Subjects.EraseSubject";

inline constexpr char kSetPolicy[] = "PolicyCommands.SetPolicy";
inline constexpr char kGetPolicy[] = "PolicyCommands.GetPolicy";

inline constexpr char kSubscribe[] = "Events.Subscribe";
inline constexpr char kRelayStatus[] = "Events.RelayStatus";

inline constexpr char kBackup[] = "Operations.Backup";

}  // namespace caseledger::app::methods
