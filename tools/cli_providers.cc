// caseledger's provider commands and views: providers, provider, provider-history,
// register-provider, assign-provider, rate-provider, intelligence, consider, programme.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/ids.h"
#include "base/proto_time.h"
#include "tools/cli_app.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

// Options every provider command has.
struct ProviderCommon {
  std::string provider_id, command_id, occurred_at;

  void Add(CLI::App* command, bool id_required = true) {
    auto* id = command->add_option("provider", provider_id, "The provider id");
    if (id_required) id->required();
    command->add_option("--command-id", command_id,
                        "Idempotency key; the same one again changes nothing (default: a new one)");
    command->add_option("--occurred-at", occurred_at,
                        "When it happened, if earlier: YYYY-MM-DD, RFC 3339, -2d");
  }

  v1::ProviderCommandHeader Header() const {
    v1::ProviderCommandHeader header;
    header.set_command_id(command_id.empty() ? NewUuid() : command_id);
    header.set_provider_id(provider_id);
    if (!occurred_at.empty()) {
      *header.mutable_occurred_at() = ToProto(ParseTime("--occurred-at", occurred_at, absl::Now()));
    }
    return header;
  }
};

void Report(Client& client, const std::string& what, const v1::ProviderCommandResult& result) {
  if (client.connection().json) {
    std::cout << ToJson(result) << "\n";
    return;
  }
  std::cout << what << " provider " << result.provider_id() << ": revision " << result.revision()
            << ", position " << result.position();
  if (!result.assigned_id().empty()) std::cout << ", id " << result.assigned_id();
  if (result.duplicate()) std::cout << " (already done: first result)";
  std::cout << "\n";
}

template <typename Request, typename Call>
void Send(Client& client, const Request& request, Call call, const std::string& what) {
  v1::ProviderCommandResult result;
  Check((client.providers().*call)(client.Context().get(), request, &result));
  Report(client, what, result);
}

std::string ComplianceLabel(v1::Compliance c) {
  return c == v1::COMPLIANCE_UNSPECIFIED ? "unrated" : EnumLabel(c);
}

// An inspector's own providers unless another inspector or a team is named; a supervisor's
// team's.
template <typename Request>
void SetWhose(const Client& client, const std::string& inspector, const std::string& team,
              Request& r) {
  r.set_inspector_id(inspector);
  r.set_team_id(team);
  if (!inspector.empty() || !team.empty()) return;
  const Connection& c = client.connection();
  if (c.role == "supervisor") r.set_team_id(c.team);
  if (c.role == "inspector") r.set_inspector_id(c.actor);
}

struct ListFlags {
  std::string inspector, team, compliance, judgement, from = "now", to = "+90d";
  uint32_t limit = 100;
  uint64_t min_position = 0;
};

void AddProviders(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ListFlags>();
  CLI::App* c = app.add_subcommand(
      "providers", "Providers of an inspector or team: compliant and non-compliant, by inspector");
  c->add_option("--inspector", f->inspector, "One lead inspector's providers");
  c->add_option("--team", f->team, "One team's providers");
  c->add_option("--compliance", f->compliance, "Only compliant or non-compliant");
  c->add_option("--judgement", f->judgement, "Only this judgement, e.g. inadequate");
  c->add_option("--limit", f->limit, "At most this many")->capture_default_str();
  c->add_option("--min-position", f->min_position, "Wait until the views include this position");
  commands.On<ListFlags>(c, f, [](Client& client, const ListFlags& f) {
    v1::ListProvidersRequest r;
    SetWhose(client, f.inspector, f.team, r);
    if (!f.compliance.empty())
      r.add_compliance(ParseEnum<v1::Compliance>("--compliance", f.compliance));
    if (!f.judgement.empty()) r.add_judgements(f.judgement);
    r.set_page_size(f.limit);
    r.set_min_position(f.min_position);
    v1::ListProvidersResponse response;
    Check(client.providers().ListProviders(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"PROVIDER", "NAME", "SERVICE", "COMPLIANCE", "JUDGEMENT", "BREACHES",
                 "LAST INSPECTED", "LEAD", "TEAM"});
    for (const auto& p : response.providers()) {
      table.Add({p.provider_id(), p.details().name(), p.details().service_type(),
                 ComplianceLabel(p.compliance()), p.judgement().empty() ? "-" : p.judgement(),
                 absl::StrCat(p.breaches()), FormatTime(p.last_inspected_at()), p.lead_inspector(),
                 p.team_id()});
    }
    table.Print(std::cout);
    std::cout << response.total() << " providers: " << response.compliant() << " compliant, "
              << response.non_compliant() << " non-compliant, " << response.unrated()
              << " not yet rated\n";
    Table inspectors({"INSPECTOR", "PROVIDERS", "COMPLIANT", "NON-COMPLIANT", "UNRATED"});
    for (const auto& i : response.by_inspector()) {
      inspectors.Add({i.inspector_id().empty() ? "(none)" : i.inspector_id(),
                      absl::StrCat(i.providers()), absl::StrCat(i.compliant()),
                      absl::StrCat(i.non_compliant()), absl::StrCat(i.unrated())});
    }
    inspectors.Print(std::cout);
  });
}

void PrintProgramme(const v1::ListInspectionProgrammeResponse& r) {
  Table table({"#", "PROVIDER", "NAME", "JUDGEMENT", "DUE", "", "WHY THEN", "RISK"});
  int rank = 0;
  for (const auto& item : r.items()) {
    const auto& p = item.provider();
    table.Add({absl::StrCat(++rank), p.provider_id(), p.details().name(),
               p.judgement().empty() ? "unrated" : p.judgement(), FormatTime(item.due_at()),
               item.overdue() ? (UseColour() ? "\033[1;31mOVERDUE\033[0m" : "OVERDUE") : "",
               item.reasons_size() > 0 ? item.reasons(0).detail() : "", item.risk()});
  }
  table.Print(std::cout);
  std::cout << r.items_size() << " of " << r.total() << " providers due or overdue (policy version "
            << r.policy_version() << ")";
  if (!r.next_page_token().empty())
    std::cout << " (more: --page-token " << r.next_page_token() << ")";
  std::cout << "\n";
}

void AddProgramme(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ListFlags>();
  CLI::App* c = app.add_subcommand(
      "programme", "The risk-based inspection programme: who is due or overdue, and why");
  c->add_option("--inspector", f->inspector, "One lead inspector's providers");
  c->add_option("--team", f->team, "One team's providers");
  c->add_option("--from", f->from, "Start of the window")->capture_default_str();
  c->add_option("--to", f->to, "End of the window")->capture_default_str();
  c->add_option("--limit", f->limit, "At most this many")->capture_default_str();
  c->add_option("--min-position", f->min_position, "Wait until the views include this position");
  commands.On<ListFlags>(c, f, [](Client& client, const ListFlags& f) {
    const absl::Time now = absl::Now();
    v1::ListInspectionProgrammeRequest r;
    SetWhose(client, f.inspector, f.team, r);
    *r.mutable_from() = ToProto(ParseTime("--from", f.from, now));
    *r.mutable_to() = ToProto(ParseTime("--to", f.to, now));
    r.set_page_size(f.limit);
    r.set_min_position(f.min_position);
    v1::ListInspectionProgrammeResponse response;
    Check(client.providers().ListInspectionProgramme(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
    } else {
      PrintProgramme(response);
    }
  });
}

void PrintProvider(const v1::ProviderView& view) {
  const v1::ProviderState& s = view.state();
  std::cout << "provider " << s.provider_id() << " (revision " << s.revision() << ")\n"
            << "  name        " << s.details().name() << " (" << s.details().reference() << "), "
            << s.details().service_type() << ", " << s.details().region() << "\n"
            << "  held by     " << s.lead_inspector() << " in " << s.team_id() << "\n"
            << "  rating      " << ComplianceLabel(s.rating().compliance());
  if (s.has_rating()) {
    std::cout << ", " << s.rating().judgement() << " by " << s.rating().decided().actor() << " on "
              << FormatTime(s.rating().decided().at()) << " ("
              << (s.rating().basis() == v1::PUBLISHED_INSPECTION
                      ? "report " + s.rating().document_id() + " of case " + s.rating().case_id()
                      : "decision " + s.rating().decision_ref())
              << "): " << s.rating().rationale();
  }
  std::cout << "\n";
  for (const auto& b : s.rating().breaches()) std::cout << "  BREACH      " << b.standard() << "\n";
  std::cout << "  inspected   " << FormatTime(s.last_inspected_at()) << "; cases "
            << absl::StrJoin(s.inspection_case_ids(), ", ") << "\n";
  for (const auto& i : s.intelligence()) {
    std::cout << "  INTELLIGENCE " << i.intelligence_id() << " " << EnumLabel(i.details().kind())
              << ", " << EnumLabel(i.details().severity()) << ", received "
              << FormatTime(i.details().received_at())
              << (i.has_considered() ? ", considered: " + EnumLabel(i.consideration())
                                     : ", NOT CONSIDERED")
              << "\n";
  }
  if (view.has_programme()) {
    std::cout << "  due         " << FormatTime(view.programme().due_at())
              << (view.programme().overdue() ? " OVERDUE" : "") << ": "
              << (view.programme().reasons_size() > 0 ? view.programme().reasons(0).detail() : "")
              << "\n";
  }
}

void AddProviderViews(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ProviderCommon>();
  CLI::App* c =
      app.add_subcommand("provider", "One provider: rating, intelligence, when it is due");
  c->add_option("provider", f->provider_id, "The provider id")->required();
  commands.On<ProviderCommon>(c, f, [](Client& client, const ProviderCommon& f) {
    v1::GetProviderRequest r;
    r.set_provider_id(f.provider_id);
    v1::ProviderView view;
    Check(client.providers().GetProvider(client.Context().get(), r, &view));
    if (client.connection().json) {
      std::cout << ToJson(view) << "\n";
    } else {
      PrintProvider(view);
    }
  });
  auto h = std::make_shared<ProviderCommon>();
  CLI::App* history =
      app.add_subcommand("provider-history", "Every event of a provider: who, when, what, why");
  history->add_option("provider", h->provider_id, "The provider id")->required();
  commands.On<ProviderCommon>(history, h, [](Client& client, const ProviderCommon& f) {
    v1::GetProviderHistoryRequest r;
    r.set_provider_id(f.provider_id);
    r.set_page_size(1000);
    v1::GetProviderHistoryResponse response;
    Check(client.providers().GetProviderHistory(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"REV", "POSITION", "OCCURRED", "ACTOR", "EVENT", "WHY"});
    for (const auto& e : response.entries()) {
      const auto& record = e.record();
      std::string why;
      if (e.event().has_provider_rated()) {
        why = absl::StrCat(e.event().provider_rated().rating().judgement(), ": ",
                           e.event().provider_rated().rating().rationale());
      }
      if (e.event().has_intelligence_considered()) why = e.event().intelligence_considered().how();
      table.Add({absl::StrCat(record.stream_revision()), absl::StrCat(record.position()),
                 FormatTime(record.metadata().occurred_at()),
                 record.metadata().actor() + " (" + record.metadata().actor_role() + ")",
                 record.type(), why});
    }
    table.Print(std::cout);
  });
}

struct RegisterFlags : ProviderCommon {
  std::string name, reference, service_type, region, team, lead;
};
struct RateFlags : ProviderCommon {
  std::string compliance, judgement, decision, inspected_at, rationale;
  std::vector<std::string> breaches;
};
struct IntelligenceFlags : ProviderCommon {
  std::string intelligence_id, kind, agency, severity, source, description, received_at, subject,
      consideration, how, lead, team, reason;
};

void AddProviderCommands(CLI::App& app, Commands& commands) {
  auto r = std::make_shared<RegisterFlags>();
  CLI::App* c = app.add_subcommand("register-provider", "Register a care provider");
  r->Add(c, /*id_required=*/false);
  c->add_option("--name", r->name, "The provider's name")->required();
  c->add_option("--reference", r->reference, "The regulator's reference")->required();
  c->add_option("--service-type", r->service_type, "e.g. care home, domiciliary care")->required();
  c->add_option("--region", r->region, "Where it is");
  c->add_option("--team", r->team, "The inspection team that holds it (default: yours)");
  c->add_option("--lead", r->lead, "Its lead inspector");
  commands.On<RegisterFlags>(c, r, [](Client& client, const RegisterFlags& f) {
    v1::RegisterProviderRequest q;
    *q.mutable_header() = f.Header();
    q.mutable_details()->set_name(f.name);
    q.mutable_details()->set_reference(f.reference);
    q.mutable_details()->set_service_type(f.service_type);
    q.mutable_details()->set_region(f.region);
    q.set_team_id(f.team.empty() ? client.connection().team : f.team);
    q.set_lead_inspector(f.lead);
    Send(client, q, &v1::Providers::Stub::RegisterProvider, "registered");
  });

  auto a = std::make_shared<IntelligenceFlags>();
  c = app.add_subcommand("assign-provider", "Give a provider another lead inspector");
  a->Add(c);
  c->add_option("--lead", a->lead, "The new lead inspector")->required();
  c->add_option("--team", a->team, "Its new team (default: its own)");
  c->add_option("--reason", a->reason, "Why it moves");
  commands.On<IntelligenceFlags>(c, a, [](Client& client, const IntelligenceFlags& f) {
    v1::AssignProviderRequest q;
    *q.mutable_header() = f.Header();
    q.set_lead_inspector(f.lead);
    q.set_team_id(f.team);
    q.set_reason(f.reason);
    Send(client, q, &v1::Providers::Stub::AssignProvider, "assigned");
  });

  auto t = std::make_shared<RateFlags>();
  c = app.add_subcommand("rate-provider",
                         "Record a rating that rests on a decision (appeal, review, carried over)");
  t->Add(c);
  c->add_option("--compliance", t->compliance, "compliant or non-compliant")->required();
  c->add_option("--judgement", t->judgement, "A level of the policy's scale")->required();
  c->add_option("--breach", t->breaches, "A standard or regulation breached (repeat)");
  c->add_option("--decision", t->decision, "The decision's reference")->required();
  c->add_option("--inspected-at", t->inspected_at, "When the inspection it rests on took place");
  c->add_option("--rationale", t->rationale, "Why")->required();
  commands.On<RateFlags>(c, t, [](Client& client, const RateFlags& f) {
    v1::RecordRatingRequest q;
    *q.mutable_header() = f.Header();
    q.set_compliance(ParseEnum<v1::Compliance>("--compliance", f.compliance));
    for (const auto& b : f.breaches) q.add_breaches()->set_standard(b);
    q.set_judgement(f.judgement);
    q.set_decision_ref(f.decision);
    if (!f.inspected_at.empty()) {
      *q.mutable_inspected_at() = ToProto(ParseTime("--inspected-at", f.inspected_at, absl::Now()));
    }
    q.set_rationale(f.rationale);
    Send(client, q, &v1::Providers::Stub::RecordRating, "rated");
  });

  auto i = std::make_shared<IntelligenceFlags>();
  c = app.add_subcommand("intelligence", "Record intelligence about a provider");
  i->Add(c);
  c->add_option("--id", i->intelligence_id, "Its id (default: the command id)");
  c->add_option("--kind", i->kind,
                "intelligence-notification, -complaint, -safeguarding, -whistleblowing, "
                "-from-agency, -from-person-using-service")
      ->required();
  c->add_option("--agency", i->agency, "Which agency it came from");
  c->add_option("--severity", i->severity, "minor, moderate, serious or critical")->required();
  c->add_option("--source", i->source, "Who it came from")->required();
  c->add_option("--description", i->description, "What it says")->required();
  c->add_option("--received-at", i->received_at, "When it was received")->capture_default_str();
  c->add_option("--subject", i->subject, "The person concerned's pseudonymous id");
  commands.On<IntelligenceFlags>(c, i, [](Client& client, const IntelligenceFlags& f) {
    v1::RecordIntelligenceRequest q;
    *q.mutable_header() = f.Header();
    q.set_intelligence_id(f.intelligence_id);
    v1::IntelligenceDetails* d = q.mutable_details();
    d->set_kind(ParseEnum<v1::IntelligenceKind>("--kind", f.kind));
    d->set_agency(f.agency);
    d->set_severity(ParseEnum<v1::Severity>("--severity", f.severity));
    d->set_source(f.source);
    d->set_description(f.description);
    *d->mutable_received_at() = ToProto(
        ParseTime("--received-at", f.received_at.empty() ? "now" : f.received_at, absl::Now()));
    d->set_subject_id(f.subject);
    Send(client, q, &v1::Providers::Stub::RecordIntelligence, "recorded intelligence on");
  });

  auto k = std::make_shared<IntelligenceFlags>();
  c = app.add_subcommand("consider", "Record how a piece of intelligence was considered");
  k->Add(c);
  c->add_option("intelligence", k->intelligence_id, "The intelligence id")->required();
  c->add_option("--as", k->consideration,
                "no-further-action, inspection-brought-forward, added-to-inspection-focus, "
                "referred-to-safeguarding-authority, passed-to-other-agency, "
                "enforcement-considered")
      ->required();
  c->add_option("--how", k->how, "How it was considered")->required();
  commands.On<IntelligenceFlags>(c, k, [](Client& client, const IntelligenceFlags& f) {
    v1::ConsiderIntelligenceRequest q;
    *q.mutable_header() = f.Header();
    q.set_intelligence_id(f.intelligence_id);
    q.set_consideration(ParseEnum<v1::IntelligenceConsideration>("--as", f.consideration));
    q.set_how(f.how);
    Send(client, q, &v1::Providers::Stub::ConsiderIntelligence, "considered intelligence on");
  });
}

}  // namespace

void AddProvidersAndProgramme(CLI::App& app, Commands& commands) {
  AddProviders(app, commands);
  AddProviderViews(app, commands);
  AddProviderCommands(app, commands);
  AddProgramme(app, commands);
}

}  // namespace caseledger::cli
