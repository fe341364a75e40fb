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
inline constexpr char kCompleteReviewAction[] = "CaseCommands.CompleteReviewAction";
inline constexpr char kAcknowledgeEscalation[] = "CaseCommands.AcknowledgeEscalation";
inline constexpr char kUpdateKeyPerson[] = "CaseCommands.UpdateKeyPerson";
inline constexpr char kWithdrawKeyPersonConsent[] = "CaseCommands.WithdrawKeyPersonConsent";
inline constexpr char kEndKeyPersonInvolvement[] = "CaseCommands.EndKeyPersonInvolvement";

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

inline constexpr char kPlanVisit[] = "Inspections.PlanVisit";
inline constexpr char kRecordVisit[] = "Inspections.RecordVisit";
inline constexpr char kRecordFindings[] = "Inspections.RecordFindings";
inline constexpr char kDraftDocument[] = "Inspections.DraftDocument";
inline constexpr char kSendForFactualAccuracy[] = "Inspections.SendForFactualAccuracy";
inline constexpr char kRecordProviderComments[] = "Inspections.RecordProviderComments";
inline constexpr char kPublishDocument[] = "Inspections.PublishDocument";
inline constexpr char kRequireActionPlan[] = "Inspections.RequireActionPlan";
inline constexpr char kRecordActionPlan[] = "Inspections.RecordActionPlan";
inline constexpr char kRecordActionProgress[] = "Inspections.RecordActionProgress";
inline constexpr char kVerifyActionPlan[] = "Inspections.VerifyActionPlan";
inline constexpr char kTakeEnforcementAction[] = "Inspections.TakeEnforcementAction";
inline constexpr char kConcludeEnforcementAction[] = "Inspections.ConcludeEnforcementAction";

inline constexpr char kRegisterProvider[] = "Providers.RegisterProvider";
inline constexpr char kAssignProvider[] = "Providers.AssignProvider";
inline constexpr char kRecordRating[] = "Providers.RecordRating";
inline constexpr char kRecordIntelligence[] = "Providers.RecordIntelligence";
inline constexpr char kConsiderIntelligence[] = "Providers.ConsiderIntelligence";
inline constexpr char kGetProvider[] = "Providers.GetProvider";
inline constexpr char kListProviders[] = "Providers.ListProviders";
inline constexpr char kGetProviderHistory[] = "Providers.GetProviderHistory";
inline constexpr char kListInspectionProgramme[] = "Providers.ListInspectionProgramme";

inline constexpr char kAgreeWorkPlan[] = "WorkPlans.AgreeWorkPlan";
inline constexpr char kRecordObjectiveProgress[] = "WorkPlans.RecordObjectiveProgress";
inline constexpr char kReviewWorkPlan[] = "WorkPlans.ReviewWorkPlan";
inline constexpr char kGetWorkPlan[] = "WorkPlans.GetWorkPlan";

inline constexpr char kSetMonitoringLevel[] = "Supervision.SetMonitoringLevel";
inline constexpr char kRecordSupervisionSession[] = "Supervision.RecordSupervisionSession";
inline constexpr char kRecordTrainingNeed[] = "Supervision.RecordTrainingNeed";
inline constexpr char kMeetTrainingNeed[] = "Supervision.MeetTrainingNeed";
inline constexpr char kRecordCorrectiveAction[] = "Supervision.RecordCorrectiveAction";
inline constexpr char kCloseCorrectiveAction[] = "Supervision.CloseCorrectiveAction";
inline constexpr char kRecordCaseloadReview[] = "Supervision.RecordCaseloadReview";
inline constexpr char kGetWorkerRecord[] = "Supervision.GetWorkerRecord";
inline constexpr char kListWorkerReviews[] = "Supervision.ListWorkerReviews";
inline constexpr char kListFilesDueForReview[] = "Supervision.ListFilesDueForReview";
inline constexpr char kListInbox[] = "Supervision.ListInbox";
inline constexpr char kFollowInbox[] = "Supervision.FollowInbox";
inline constexpr char kGetTeamReport[] = "Supervision.GetTeamReport";

inline constexpr char kSubscribe[] = "Events.Subscribe";
inline constexpr char kRelayStatus[] = "Events.RelayStatus";

inline constexpr char kBackup[] = "Operations.Backup";
inline constexpr char kPromote[] = "Operations.Promote";

}  // namespace caseledger::app::methods
