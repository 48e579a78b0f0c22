//! Realistic sample data: three fictional clients of different shapes and retainers, each with a
//! week on the board, a decision log and a priority matrix.

use crate::domain::*;
use crate::storage::{keys, Store};
use chrono::{Duration, NaiveDate, Utc};

type TimeBlock = (u32, &'static str, &'static str, Lane, &'static str);

/// (days ago, title, status, category, one-way, revisit in days, tags, context)
type SampleDecision = (i64, &'static str, Status, Category, bool, Option<i64>, &'static [&'static str], &'static str);

struct Sample {
    name: &'static str,
    shape: Shape,
    hours: Option<f64>,
    /// A monthly retainer instead of a weekly one.
    monthly: Option<f64>,
    /// (hourly rate, monthly fee, overage rate), in euros.
    terms: (Option<&'static str>, Option<&'static str>, Option<&'static str>),
    /// A week of time: (weekday 0 = Monday, from HH:MM, to HH:MM, lane, note), local time.
    time: &'static [TimeBlock],
    /// (lane, text, task, done)
    week: &'static [(Lane, &'static str, bool, bool)],
    decisions: &'static [SampleDecision],
    /// (title, impact, effort)
    items: &'static [(&'static str, i64, i64)],
}

const MATRIX: &[(&str, i64, i64)] = &[
    ("CRM keeps drifting", 5, 2),
    ("Manual data entry", 4, 2),
    ("Replace legacy ERP", 5, 5),
    ("AI triage queue", 4, 4),
    ("Tidy up reports", 2, 1),
    ("Full custom rebuild", 2, 5),
];

const SAMPLES: &[Sample] = &[
    Sample {
        name: "Acme Hospitality",
        shape: Shape::Embedded,
        hours: Some(15.0),
        monthly: None,
        terms: (Some("140"), None, None),
        time: &[
            (0, "09:00", "11:30", Lane::Architecture, "Queue design review"),
            (1, "09:00", "12:00", Lane::Building, "Discount rules with Priya"),
            (1, "17:00", "18:30", Lane::Building, "Webhook retries"),
            (2, "09:00", "10:30", Lane::Team, "1:1s"),
            (3, "09:00", "11:00", Lane::Infra, "Postgres patching"),
            (4, "09:00", "10:30", Lane::Strategy, "Roadmap"),
        ],
        week: &[
            (Lane::Architecture, "Review overnight alerts in Uptime Kuma", true, true),
            (Lane::Architecture, "Decide: move nightly batch from cron to a queue", true, false),
            (Lane::Architecture, "Booking API latency spikes after 22:00", false, false),
            (Lane::Building, "Ship the group-booking discount rules", true, true),
            (Lane::Building, "Pair with Priya on the Stripe webhook retries", true, false),
            (Lane::Team, "1:1 with the marketing coordinator on the CRM", true, true),
            (Lane::Team, "Leadership sync: Q1 priorities and hiring plan", true, false),
            (Lane::Infra, "Check backup integrity", true, false),
            (Lane::Infra, "Patch Postgres 16.4 → 16.6 on the replica first", true, false),
            (Lane::Infra, "AWS bill up 18% — NAT gateway traffic", false, false),
            (Lane::Strategy, "Evaluate SOC 2 tooling vendors", true, false),
            (Lane::Strategy, "Write up the cron → queue decision for the team", true, false),
        ],
        decisions: &[
            (
                200,
                "Adopt Uptime Kuma for monitoring",
                Status::Accepted,
                Category::Vendor,
                false,
                Some(-5),
                &["monitoring", "ops"],
                "Pingdom costs $300/month and alerts nobody reads. Self-hosted Uptime Kuma covers our 40 checks.",
            ),
            (
                120,
                "Run nightly batch from cron on the app server",
                Status::Superseded,
                Category::Architecture,
                false,
                None,
                &["batch"],
                "One server, one cron job: simplest thing that works for 2k bookings a night.",
            ),
            (
                60,
                "Replace five SaaS tools with one in-house CRM",
                Status::Proposed,
                Category::BuildVsBuy,
                true,
                Some(30),
                &["crm", "build-vs-buy"],
                "Sales, support and marketing each pay for their own tool; data drifts between them.",
            ),
            (21, "Require code review for every deploy to production", Status::Accepted, Category::Process, false, None, &["process"], ""),
            (
                9,
                "Move nightly batch from cron to a queue",
                Status::Accepted,
                Category::Architecture,
                false,
                Some(90),
                &["batch", "queue", "infra"],
                "The batch now runs 3 h and fails silently when the server restarts.",
            ),
            (
                2,
                "Hire a mid-level backend engineer before a senior",
                Status::Accepted,
                Category::Team,
                true,
                None,
                &["hiring"],
                "Budget allows one hire this quarter; the team needs hands more than direction.",
            ),
        ],
        items: MATRIX,
    },
    Sample {
        name: "Northwind Logistics",
        shape: Shape::Operational,
        monthly: None,
        terms: (Some("120"), None, None),
        time: &[
            (0, "13:00", "17:00", Lane::Architecture, "Routing service boundaries"),
            (1, "13:00", "16:30", Lane::Building, "Driver app sync"),
            (2, "13:00", "15:00", Lane::Team, "Leads sync and hiring loop"),
            (2, "15:15", "17:15", Lane::Infra, "Warehouse network outage follow-up"),
            (3, "13:00", "17:30", Lane::Infra, "Kubernetes upgrade"),
            (4, "13:00", "16:00", Lane::Strategy, "Board deck: technology section"),
        ],
        hours: Some(20.0),
        week: &[
            (Lane::Architecture, "Review the route-planner incident from Saturday", true, true),
            (Lane::Architecture, "Sketch event flow for driver app → warehouse system", false, false),
            (Lane::Building, "Fix flaky label-printing job", true, false),
            (Lane::Building, "Deploy the new rate-card importer", true, true),
            (Lane::Team, "1:1 with Marco (tech lead) — on-call fatigue", true, false),
            (Lane::Team, "Weekly metrics: on-time delivery 94.1%", false, false),
            (Lane::Infra, "Rotate the warehouse VPN certificates", true, false),
            (Lane::Infra, "Check backup integrity", true, true),
            (Lane::Strategy, "Compare Samsara vs Motive telematics APIs", true, false),
        ],
        decisions: &[
            (
                300,
                "Standardise on PostgreSQL for every new service",
                Status::Accepted,
                Category::Architecture,
                true,
                None,
                &["database"],
                "Three databases, one DBA. New services use Postgres; old ones migrate when touched.",
            ),
            (
                90,
                "Buy a WMS instead of extending the in-house one",
                Status::Accepted,
                Category::BuildVsBuy,
                true,
                Some(-1),
                &["wms", "build-vs-buy"],
                "",
            ),
            (
                30,
                "Use GitHub Actions instead of Jenkins",
                Status::Accepted,
                Category::Process,
                false,
                None,
                &["ci"],
                "Jenkins box is unpatched and only one person knows it.",
            ),
            (
                5,
                "Pilot an LLM to classify customer emails",
                Status::Proposed,
                Category::Ai,
                false,
                Some(45),
                &["ai", "support"],
                "Support spends 6 h/day routing email.",
            ),
        ],
        items: &[
            ("Label printing fails on Mondays", 5, 2),
            ("Driver app offline mode", 4, 4),
            ("Replace legacy ERP", 5, 5),
            ("Tidy up reports", 2, 1),
            ("Full custom rebuild", 2, 5),
        ],
    },
    Sample {
        name: "Brightleaf Health",
        shape: Shape::Advisory,
        hours: None,
        monthly: Some(10.0),
        terms: (None, Some("2,500"), Some("220")),
        time: &[(2, "11:00", "12:30", Lane::Strategy, "Founder call"), (3, "17:45", "18:30", Lane::Architecture, "Vendor review")],
        week: &[
            (Lane::Architecture, "Review the vendor's HIPAA architecture diagram", true, false),
            (Lane::Team, "Coach the founder on the first engineering hire", true, false),
            (Lane::Strategy, "Evaluate SOC 2 tooling vendors", true, false),
            (Lane::Strategy, "Draft the 12-month technology roadmap", false, false),
        ],
        decisions: &[
            (
                45,
                "Outsource the MVP to an agency, keep the data model in-house",
                Status::Accepted,
                Category::BuildVsBuy,
                true,
                Some(60),
                &["mvp"],
                "",
            ),
            (12, "Use Vanta for SOC 2 evidence collection", Status::Proposed, Category::Security, false, None, &["soc2", "compliance"], ""),
        ],
        items: &[("SOC 2 readiness", 5, 4), ("Password manager for staff", 4, 1), ("Custom analytics dashboard", 2, 4)],
    },
];

/// Fills an empty store with the sample. The first client becomes the current one.
pub fn populate(store: &mut Store, today: NaiveDate) -> anyhow::Result<()> {
    // Times derived from the date, so the same day always gives the same sample.
    let now = today.and_hms_opt(9, 0, 0).map(|t| t.and_utc()).unwrap_or_else(Utc::now);
    let week = IsoWeek::of(today);
    for (n, s) in SAMPLES.iter().enumerate() {
        let mut client = Client::new(crate::storage::new_id(), s.name, s.shape, s.hours, today - Duration::days(400), now)?;
        client.hours_per_month = s.monthly;
        let money = |m: Option<&str>| m.and_then(crate::domain::money::Money::parse);
        client.terms = crate::domain::terms::Terms {
            currency: "EUR".into(),
            rate: money(s.terms.0),
            monthly_fee: money(s.terms.1),
            overage_rate: money(s.terms.2),
            rollover: if s.monthly.is_some() { crate::domain::terms::Rollover::OneMonth } else { crate::domain::terms::Rollover::None },
        };
        client.start_date = today - Duration::days(400 - 30 * n as i64);
        let mut edits = vec![Edit::insert(Record::Client(client.clone()))];
        for (lane, text, task, done) in s.week {
            let mut e = Entry::new(
                crate::storage::new_id(),
                client.id,
                week,
                *lane,
                if *task { EntryKind::Task } else { EntryKind::Note },
                text,
                now,
            );
            // 1:1 notes are the user's alone; the leadership sync is shared with the client.
            e.private = client.private_by_default(*lane) && text.starts_with("1:1");
            if *done {
                e.done_at = Some(now);
            }
            edits.push(Edit::insert(Record::Entry(e)));
        }
        // A little of last week, so the week arrows show something.
        let last =
            Entry::new(crate::storage::new_id(), client.id, week.prev(), Lane::Strategy, EntryKind::Task, "Send the week summary", now);
        edits.push(Edit::insert(Record::Entry(Entry { done_at: Some(now), ..last })));
        let mut decisions: Vec<Decision> = Vec::new();
        for (ago, title, status, category, one_way, revisit, tags, context) in s.decisions {
            let mut d = Decision::captured(crate::storage::new_id(), client.id, title, today - Duration::days(*ago), now);
            d.number = decisions.len() as u32 + 1;
            d.status = *status;
            d.category = *category;
            if *one_way {
                d.reversibility = Reversibility::OneWay;
            }
            d.revisit = revisit.map(|r| today + Duration::days(r));
            d.tags = decision::clean_tags(tags.iter());
            d.context = context.to_string();
            d.decided_by = "Fractional CTO with the founders".into();
            decisions.push(d);
        }
        // The cron decision was superseded by the queue decision.
        let superseded = decisions.iter().position(|d| d.status == Status::Superseded);
        let queue = decisions.iter().position(|d| d.title.contains("to a queue"));
        if let (Some(old), Some(new)) = (superseded, queue) {
            decisions[old].superseded_by = Some(decisions[new].id);
        }
        // Insert the successor first so the link's target exists.
        decisions.sort_by_key(|d| d.superseded_by.is_some());
        edits.extend(decisions.into_iter().map(|d| Edit::insert(Record::Decision(d))));
        for (title, impact, effort) in s.items {
            let item = Item::new(crate::storage::new_id(), client.id, title, Score::new(*impact)?, Score::new(*effort)?, now);
            edits.push(Edit::insert(Record::Item(item)));
        }
        edits.extend(time_entries(&client, s.time, today, now)?.into_iter().map(|t| Edit::insert(Record::Time(t))));
        store.apply(&Change::new(format!("Sample client {}", s.name), edits))?;
        if n == 0 {
            store.set_setting(keys::CURRENT_CLIENT, &client.id.to_string())?;
        }
    }
    Ok(())
}

/// Four weeks of a client's time up to yesterday, in local time; weeks before this one billed.
fn time_entries(client: &Client, blocks: &[TimeBlock], today: NaiveDate, now: Timestamp) -> anyhow::Result<Vec<TimeEntry>> {
    let this_week = IsoWeek::of(today);
    let mut out = Vec::new();
    let mut week = this_week.prev().prev().prev();
    while week <= this_week {
        for (day, from, to, lane, note) in blocks {
            let date = week.monday() + Duration::days(*day as i64);
            if date >= today {
                continue;
            }
            let at = |hm: &str| time::parse_time(&chrono::Local, hm, date, now);
            let mut t = TimeEntry::closed(crate::storage::new_id(), client.id, at(from)?, at(to)?, Some(*lane), note, now)?;
            if week < this_week {
                t.billed = true;
                t.invoice = format!("INV-{week}");
            }
            out.push(t);
        }
        week = week.next();
    }
    Ok(out)
}
