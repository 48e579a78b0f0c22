//! A realistic database of any size: the demo (the smallest size) and, for measuring, the demo's
//! clients with years of history —
//! decisions, week entries (two per decision), matrix items and time entries, and the records
//! that name decisions (risks, vendors, openings, meetings) — spread over the engagements'
//! lifetimes. Deterministic: the same size and date give the same database.

use crate::domain::*;
use crate::storage::Store;
use chrono::{Datelike, Duration, NaiveDate, Utc};

/// xorshift64*: reproducible without a dependency (the crash harness draws its timings from it
/// too). The seed must not be 0.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const VERBS: &[&str] = &[
    "Adopt",
    "Replace",
    "Retire",
    "Standardise on",
    "Evaluate",
    "Move to",
    "Split out",
    "Consolidate on",
    "Outsource",
    "Build in-house",
    "Pilot",
    "Freeze",
    "Deprecate",
    "Self-host",
    "Buy",
];
const THINGS: &[&str] = &[
    "PostgreSQL",
    "a message queue",
    "Kafka",
    "Redis caching",
    "feature flags",
    "Terraform",
    "Kubernetes",
    "serverless functions",
    "a data warehouse",
    "dbt models",
    "SSO with Okta",
    "Vanta for SOC 2",
    "GitHub Actions",
    "trunk-based development",
    "a monorepo",
    "an API gateway",
    "OpenTelemetry tracing",
    "Sentry",
    "Datadog",
    "Stripe Billing",
    "a headless CMS",
    "React Native",
    "GraphQL",
    "event sourcing",
    "an LLM triage bot",
    "vector search",
    "nightly backups to S3",
    "blue-green deploys",
    "a design system",
    "contract testing",
    "pair programming",
    "an on-call rotation",
    "quarterly planning",
    "a staff engineer role",
    "a QA contractor",
];
const WHERE: &[&str] = &[
    "for billing",
    "for the mobile app",
    "in the data platform",
    "for customer support",
    "for the booking engine",
    "for reporting",
    "for onboarding",
    "across all services",
    "for the warehouse system",
    "for the partner API",
    "for internal tools",
    "for search",
];
const CONTEXT: &[&str] = &[
    "The current setup costs too much and nobody owns it.",
    "Two incidents last quarter came from this area.",
    "The team spends a day a week on manual work here.",
    "A customer contract requires it by the end of the year.",
    "Hiring for the old stack has become slow.",
    "The vendor raised prices by forty percent.",
    "Latency doubled after the last traffic peak.",
];
const TAGS: &[&str] = &["infra", "security", "data", "hiring", "cost", "compliance", "mobile", "platform", "ai", "process"];
const TASKS: &[&str] = &[
    "Review overnight alerts",
    "Pair on the payment retries",
    "1:1 with the tech lead",
    "Patch the database replicas",
    "Draft the quarterly roadmap",
    "Interview a backend candidate",
    "Check backup integrity",
    "Write up the queue decision",
    "Cost review of the cloud bill",
    "Refine the sprint backlog",
    "Security questionnaire for a customer",
    "Demo to the founders",
];

/// Fills an empty store with the demo's clients, their current week, and `decisions` decisions
/// of history (at least the demo's own), with proportional entries, items and time.
pub fn generate(store: &mut Store, today: NaiveDate, decisions: usize) -> anyhow::Result<()> {
    crate::demo::populate(store, today)?;
    let have: usize = store.clients(true)?.iter().map(|c| store.decisions(c.id).map(|d| d.len()).unwrap_or(0)).sum();
    let extra = decisions.saturating_sub(have);
    if extra == 0 {
        return Ok(());
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ decisions as u64);
    let now = Utc::now();
    let clients = store.clients(true)?;
    let years = 10;
    let mut records: Vec<Record> = Vec::new();
    for (ci, c) in clients.iter().enumerate() {
        let share = extra / clients.len() + usize::from(ci < extra % clients.len());
        let start = today - Duration::days(365 * years);
        let span_days = (today - start).num_days().max(1) as usize;
        // History is numbered before the demo's own decisions would be, so take numbers after them.
        let mut number = store.decisions(c.id)?.iter().map(|d| d.number).max().unwrap_or(0);
        let mut dated: Vec<NaiveDate> = (0..share).map(|_| start + Duration::days(rng.below(span_days) as i64)).collect();
        dated.sort();
        let mut previous: Option<Id> = None;
        // Written after the decisions they name.
        let mut naming: Vec<Record> = Vec::new();
        for (k, date) in dated.into_iter().enumerate() {
            // The last decision stays for the next one to supersede; a chunk never ends with a
            // decision whose successor is not written yet.
            if !matches!(records.iter().rev().nth(1), Some(Record::Decision(p)) if p.superseded_by.is_some()) {
                flush(store, &mut records, 1)?;
            }
            number += 1;
            let title = format!("{} {} {}", rng.pick(VERBS), rng.pick(THINGS), rng.pick(WHERE));
            let mut d = Decision::captured(crate::storage::new_id(), c.id, &title, date, now);
            d.number = number;
            d.context = format!("{} {}", rng.pick(CONTEXT), rng.pick(CONTEXT));
            d.decision = format!("We will {}.", title.to_lowercase());
            d.category = Category::ALL[rng.below(Category::ALL.len())];
            d.status = match rng.below(100) {
                0..=59 => Status::Accepted,
                60..=69 => Status::Proposed,
                70..=77 => Status::Rejected,
                78..=84 => Status::Deprecated,
                _ => Status::Superseded,
            };
            if d.status == Status::Superseded {
                // Superseded by the next one; the link is set when that one exists.
                d.status = Status::Accepted;
            }
            if rng.below(4) == 0 {
                d.reversibility = Reversibility::OneWay;
            }
            // Recent decisions get revisit dates; older ones were revisited long ago.
            if (today - date).num_days() < 450 && rng.below(3) == 0 {
                d.revisit = Some(date + Duration::days(90 + rng.below(270) as i64));
            }
            d.tags = decision::clean_tags([rng.pick(TAGS), rng.pick(TAGS)]);
            d.decided_by = "Fractional CTO with the founders".into();
            if let (Some(prev), true) = (previous, rng.below(7) == 0) {
                if let Some(Record::Decision(p)) = records.iter_mut().rev().find(|r| r.id() == prev) {
                    p.status = Status::Superseded;
                    p.superseded_by = Some(d.id);
                }
            }
            previous = Some(d.id);
            naming.extend(named_by(&mut rng, &d, k, now)?);
            records.push(Record::Decision(d));
        }
        for r in naming {
            flush(store, &mut records, 0)?;
            records.push(r);
        }
        // Two entries per decision, spread over the weeks before this one.
        let weeks = (span_days / 7).max(1);
        let this_week = IsoWeek::of(today);
        // In week order, as the index on weeks is: a million random inserts into it would keep
        // moving between pages the cache no longer holds.
        let mut drawn: Vec<IsoWeek> =
            (0..share * 2).map(|_| IsoWeek::of(today - Duration::days(7 * (1 + rng.below(weeks)) as i64))).collect();
        drawn.sort();
        for (k, week) in drawn.into_iter().enumerate() {
            if week >= this_week {
                continue;
            }
            let lane = Lane::ALL[rng.below(5)];
            let task = rng.below(3) != 0;
            let mut e = Entry::new(
                crate::storage::new_id(),
                c.id,
                week,
                lane,
                if task { EntryKind::Task } else { EntryKind::Note },
                rng.pick(TASKS),
                now,
            );
            flush(store, &mut records, 0)?;
            e.position = 1000 + k as i64;
            if task && rng.below(5) != 0 {
                e.done_at = Some(week.monday().and_hms_opt(17, 0, 0).expect("valid").and_utc());
            }
            records.push(Record::Entry(e));
        }
        // Matrix items: one per fifty decisions, most of them long done or dropped.
        for _ in 0..share / 50 {
            let mut i = Item::new(
                crate::storage::new_id(),
                c.id,
                &format!("{} {}", rng.pick(VERBS), rng.pick(THINGS)),
                Score::new(1 + rng.below(5) as i64)?,
                Score::new(1 + rng.below(5) as i64)?,
                now,
            );
            i.status = [ItemStatus::Done, ItemStatus::Dropped, ItemStatus::Done, ItemStatus::Open][rng.below(4)];
            records.push(Record::Item(i));
        }
        // Time: one entry per decision in two, on weekdays before the demo's own four weeks of
        // time, in this client's own slot of the day so that clients never overlap.
        let slot = 6 + 4 * (ci as u32 % 4);
        let mut day = start;
        let mut left = share / 2;
        let step = (span_days / (left.max(1))).max(1) as i64;
        let demo_time = IsoWeek::of(today).prev().prev().prev();
        while left > 0 && IsoWeek::of(day) < demo_time {
            if day.weekday().number_from_monday() <= 5 {
                let from = day.and_hms_opt(slot, 0, 0).expect("valid").and_utc();
                let mut t = TimeEntry::closed(
                    crate::storage::new_id(),
                    c.id,
                    from,
                    from + Duration::minutes(30 + 15 * rng.below(10) as i64),
                    Some(Lane::ALL[rng.below(5)]),
                    rng.pick(TASKS),
                    now,
                )?;
                t.billed = true;
                t.invoice = format!("INV-{}", day.format("%Y-%m"));
                // (As time made in a lane private by default is: see `ops::time::private_by_lane`.)
                t.private = t.lane.is_some_and(|l| c.private_by_default(l));
                flush(store, &mut records, 0)?;
                records.push(Record::Time(t));
                left -= 1;
            }
            day += Duration::days(step);
        }
    }
    store.insert_all(&records)?;
    Ok(())
}

/// The records that name the `k`th decision of a client's history, `d`, if any: through the
/// years, a risk it mitigates every 1,000 decisions, a vendor tied to it every 2,000, an opening
/// every 10,000, and a meeting it came out of every 500.
fn named_by(rng: &mut Rng, d: &Decision, k: usize, now: chrono::DateTime<Utc>) -> anyhow::Result<Vec<Record>> {
    let mut out = Vec::new();
    let id = crate::storage::new_id;
    if k % 1000 == 999 {
        let score = |rng: &mut Rng| Score::new(1 + rng.below(5) as i64);
        let title = format!("{} fails {}", rng.pick(THINGS), rng.pick(WHERE));
        let mut r = Risk::new(id(), d.client_id, &title, score(rng)?, score(rng)?, now);
        r.mitigated_by = Some(d.id);
        out.push(Record::Risk(r));
    }
    if k % 2000 == 1999 {
        let mut v = vendor::Vendor::new(id(), d.client_id, &format!("{} ({})", rng.pick(THINGS), d.code()), now);
        v.decision_id = Some(d.id);
        out.push(Record::Vendor(v));
    }
    if k % 10_000 == 9_999 {
        let mut o = person::Opening::new(id(), d.client_id, &format!("Engineer for {}", rng.pick(THINGS)), now);
        o.decision_id = Some(d.id);
        out.push(Record::Opening(o));
    }
    if k % 500 == 499 {
        let start = d.date.and_hms_opt(10, 0, 0).expect("valid").and_utc();
        let mut m = Meeting::new(id(), d.client_id, MeetingKind::Leadership, start, now);
        m.notes = format!("d: {}", d.title);
        m.outcomes.push(meeting::Outcome { kind: meeting::OutcomeKind::Decision, id: d.id, line: m.notes.clone() });
        out.push(Record::Meeting(m));
    }
    Ok(out)
}

/// Records are written a chunk at a time, so that a million decisions are never all in memory;
/// the last `keep` stay for what comes next to change.
fn flush(store: &mut Store, records: &mut Vec<Record>, keep: usize) -> anyhow::Result<()> {
    const CHUNK: usize = 50_000;
    if records.len() < CHUNK + keep {
        return Ok(());
    }
    let kept = records.split_off(records.len() - keep);
    store.insert_all(records)?;
    *records = kept;
    Ok(())
}
