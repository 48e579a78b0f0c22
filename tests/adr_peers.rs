//! ADR round trips against the real tools, in git repositories: adr-tools (Debian's package),
//! the MADR 4.0.0 template and log4brains 1.1 (from the npm registry, put in
//! target/adr-peer-tools/ by scripts/adr-peer-tools.sh). import → export changes no line of
//! theirs; a teammate's edit between import and export is never reverted; a second database
//! that imported the folder changes nothing; `log4brains build` succeeds on what Cockpit writes.

mod common;

use cockpit::domain::*;
use common::repo::*;
use std::path::{Path, PathBuf};

fn peer_tools() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/adr-peer-tools/node_modules");
    if dir.join(".bin/log4brains").exists() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must run scripts/adr-peer-tools.sh");
    eprintln!("skipped: log4brains and madr not installed (scripts/adr-peer-tools.sh)");
    None
}

#[test]
fn an_adr_tools_folder_round_trips_and_a_teammates_edits_are_never_reverted() {
    if !have_adr_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    tool("adr", &repo, &["init"]);
    tool("adr", &repo, &["new", "Use PostgreSQL for bookings"]);
    tool("adr", &repo, &["new", "-s", "2", "Use CockroachDB instead"]);
    tool("adr", &repo, &["new", "Adopt Kafka"]);
    tool("adr", &repo, &["link", "4", "Amends", "3", "Amended by"]);
    std::fs::write(repo.join("README.md"), "# Our service\n").unwrap();
    commit(&repo, "records");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);

    // Given the repository root, Cockpit finds doc/adr as adr-tools does.
    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 4 added, 0 updated");
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("doc/adr (nygard): 0 written, 4 unchanged"), "{out}");
    assert_eq!(changes(&repo), "", "import → export changed the repository");

    // A teammate, before Cockpit's next export: supersedes 4, deprecates 3, adds to 2's context.
    tool("adr", &repo, &["new", "-s", "4", "Replace Kafka with NATS"]);
    let three = repo.join("doc/adr/0003-use-cockroachdb-instead.md");
    std::fs::write(&three, std::fs::read_to_string(&three).unwrap().replacen("Accepted", "Deprecated", 1)).unwrap();
    let two = repo.join("doc/adr/0002-use-postgresql-for-bookings.md");
    let text = std::fs::read_to_string(&two).unwrap().replace("## Decision\n", "A paragraph a teammate added.\n\n## Decision\n");
    std::fs::write(&two, text).unwrap();
    commit(&repo, "teammate");
    // Meanwhile, in Cockpit: a new decision.
    cockpit(&db, &repo, &["decide", "Adopt Terraform", "--client", "Acme"]);
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("taken from the repository first: 1 added, 3 updated"), "{out}");
    let (removed, added) = diff_lines(&repo);
    assert!(removed.is_empty(), "a line of the repository's was changed: {removed:?}");
    assert!(added.iter().any(|l| l == "# 6. Adopt Terraform"), "{added:?}");
    let list = decisions(&db, &repo);
    let (kafka, nats) = (by_title(&list, "Adopt Kafka"), by_title(&list, "Replace Kafka with NATS"));
    assert_eq!((kafka.status, kafka.superseded_by), (Status::Superseded, Some(nats.id)));
    assert_eq!(by_title(&list, "Use CockroachDB instead").status, Status::Deprecated);
    assert!(by_title(&list, "Use PostgreSQL for bookings").context.ends_with("A paragraph a teammate added."));
    commit(&repo, "export");
    assert!(tool("adr", &repo, &["list"]).contains("0006-adopt-terraform.md"));
    tool("adr", &repo, &["generate", "toc"]);

    // Changed on both sides, in different fields: each side keeps its change.
    edit(&db, "Use CockroachDB instead", |d| d.decision = "CockroachDB, multi-region.".into());
    let add_consequence = std::fs::read_to_string(&three).unwrap().replace("## Consequences\n\n", "## Consequences\n\nMore ops work.\n\n");
    std::fs::write(&three, add_consequence).unwrap();
    commit(&repo, "both, apart");
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("1 written") && out.contains("0 added, 1 updated"), "{out}");
    let (removed, added) = diff_lines(&repo);
    assert_eq!((removed.len(), added), (1, vec!["CockroachDB, multi-region.".to_string()]), "{removed:?}");
    assert!(by_title(&decisions(&db, &repo), "Use CockroachDB instead").consequences.starts_with("More ops work."));
    commit(&repo, "merged");

    // Changed on both sides in the same field: nothing is written, and the file is named.
    edit(&db, "Use CockroachDB instead", |d| d.context = "Cockpit's context.".into());
    let text = std::fs::read_to_string(&three).unwrap();
    let context = text.split("## Context\n\n").nth(1).unwrap().split("\n\n").next().unwrap().to_string();
    std::fs::write(&three, text.replace(&context, "The repository's context.")).unwrap();
    commit(&repo, "both, same field");
    let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("0003-use-cockroachdb-instead.md (D-003: context)") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(changes(&repo), "");
    // --overwrite keeps Cockpit's value there, and the teammate's other lines.
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", ".", "--overwrite"]);
    let text = std::fs::read_to_string(&three).unwrap();
    assert!(
        text.contains("Cockpit's context.") && text.contains("Amended by [4. Adopt Kafka]") && text.contains("More ops work."),
        "{text}"
    );
    commit(&repo, "overwrite");

    // A second database (a second laptop) that imports the folder and exports changes nothing.
    let db2 = dir.path().join("second.db");
    cockpit(&db2, &repo, &["client", "add", "Acme"]);
    cockpit(&db2, &repo, &["import", "adr", "--client", "Acme", "."]);
    let out = cockpit(&db2, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains(" 0 written"), "{out}");
    assert_eq!(changes(&repo), "", "the second database's export changed or added a file");
    // Its decisions are the same ones, by id, where Cockpit wrote them.
    let terraform = by_title(&decisions(&db, &repo), "Adopt Terraform").id;
    assert_eq!(by_title(&decisions(&db2, &repo), "Adopt Terraform").id, terraform);
    assert_eq!(std::fs::read_to_string(repo.join("README.md")).unwrap(), "# Our service\n");
}

/// A proposed record superseded with adr-tools (`adr new -s`, which takes out an "Accepted" line
/// alone, leaving "Proposed" above the link) is superseded in Cockpit too, and the next export
/// leaves the team's lines as they are.
#[test]
fn a_proposed_record_superseded_with_adr_tools_is_superseded_in_cockpit() {
    if !have_adr_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["decide", "Use Redis for sessions", "--client", "Acme", "--status", "proposed"]);
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", ".", "--layout", "nygard"]);
    commit(&repo, "exported");
    tool("adr", &repo, &["new", "-s", "1", "Use Postgres for sessions"]);
    commit(&repo, "superseded");
    let one = std::fs::read_dir(repo.join("doc/adr"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("0001-"));
    let one = std::fs::read_to_string(one.unwrap()).unwrap();
    assert!(one.contains("Proposed") && one.contains("Superseded by [2. Use Postgres for sessions]"), "{one}");

    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 1 added, 1 updated");
    let list = decisions(&db, &repo);
    let (redis, postgres) = (by_title(&list, "Use Redis for sessions"), by_title(&list, "Use Postgres for sessions"));
    assert_eq!((redis.status, redis.superseded_by), (Status::Superseded, Some(postgres.id)));
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("0 written"), "{out}");
    let (removed, _) = diff_lines(&repo);
    assert!(removed.iter().all(|l| !l.contains("Proposed")), "the team's status line was taken out: {removed:?}");
}

/// An adr-tools folder with one MADR record in it (a teammate's, front matter and all): the
/// folder stays adr-tools', a new record is written as adr-tools writes one, and a change to an
/// adr-tools record goes into its own Status section (no front matter is added to it to say
/// otherwise); adr-tools lists both, and a second database reads the status Cockpit wrote.
#[test]
fn a_folder_that_mixes_layouts_keeps_each_record_in_its_own() {
    if !have_adr_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    tool("adr", &repo, &["init"]);
    for title in ["One", "Two", "Three"] {
        tool("adr", &repo, &["new", title]);
    }
    let madr = "---\nstatus: accepted\ndate: 2026-01-01\n---\n\n# A MADR one\n\n## Context and Problem Statement\n\nx\n";
    std::fs::write(repo.join("doc/adr/0005-a-madr-one.md"), madr).unwrap();
    commit(&repo, "records");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    cockpit(&db, &repo, &["decide", "Fresh", "--client", "Acme"]);
    let out = export(&db, &repo);
    assert!(out.contains("(nygard)") && out.contains("1 written"), "{out}");
    let fresh = std::fs::read_to_string(repo.join("doc/adr/0006-fresh.md")).unwrap();
    assert!(fresh.starts_with("# 6. Fresh\n") && fresh.contains("\n## Status\n"), "{fresh}");
    commit(&repo, "export");
    edit(&db, "One", |d| d.status = Status::Rejected);
    let out = export(&db, &repo);
    assert!(out.contains("1 written"), "{out}");
    let one = std::fs::read_to_string(repo.join("doc/adr/0002-one.md")).unwrap();
    assert!(!one.starts_with("---") && one.contains("## Status\n\nRejected\n") && !one.contains("Accepted"), "{one}");
    // (Besides the index's row for it.)
    let (removed, added) = diff_lines(&repo);
    let record = |lines: Vec<String>| lines.into_iter().filter(|l| !l.starts_with('|')).collect::<Vec<_>>();
    assert_eq!((record(removed), record(added)), (vec!["Accepted".to_string()], vec!["Rejected".to_string()]));
    assert_eq!(std::fs::read_to_string(repo.join("doc/adr/0005-a-madr-one.md")).unwrap(), madr);
    // The MADR record's change goes into its front matter.
    commit(&repo, "export");
    edit(&db, "A MADR one", |d| d.status = Status::Deprecated);
    export(&db, &repo);
    let text = std::fs::read_to_string(repo.join("doc/adr/0005-a-madr-one.md")).unwrap();
    assert!(text.starts_with("---\nstatus: \"deprecated\"\n") && !text.contains("## Status"), "{text}");
    let listed = tool("adr", &repo, &["list"]);
    assert!(listed.contains("0002-one.md") && listed.contains("0006-fresh.md"), "{listed}");
    let db2 = dir.path().join("second.db");
    cockpit(&db2, &repo, &["client", "add", "Acme"]);
    cockpit(&db2, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(by_title(&decisions(&db2, &repo), "One").status, Status::Rejected);
}

/// The MADR 4.0.0 template filled in as a team would, every optional part kept.
fn filled_madr(template: &str) -> String {
    let mut t = template.to_string();
    for (from, to) in [
        ("\"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123\"", "\"accepted\""),
        ("{YYYY-MM-DD when the decision was last updated}", "2026-11-02"),
        ("decision-makers: {list everyone involved in the decision}", "decision-makers:\n  - Ana\n  - Marco"),
        ("{list everyone whose opinions are sought (typically subject-matter experts); and with whom there is a two-way communication}", "[Security team]"),
        ("{list everyone who is kept up-to-date on progress; and with whom there is a one-way communication}", "Finance"),
        ("{short title, representative of solved problem and found solution}", "Use PostgreSQL for bookings"),
        ("{Describe the context and problem statement, e.g., in free form using two to three sentences or in the form of an illustrative story. You may want to articulate the problem in form of a question and add links to collaboration boards or issue management systems.}", "Bookings need transactions."),
        ("{decision driver 1, e.g., a force, facing concern, …}", "Consistency"),
        ("{decision driver 2, e.g., a force, facing concern, …}", "Team skills"),
        ("{title of option 1}", "PostgreSQL"),
        ("{title of option 2}", "MySQL"),
        ("{title of option 3}", "DynamoDB"),
        ("{title of other option}", "MySQL"),
        ("{justification. e.g., only option, which meets k.o. criterion decision driver | which resolves force {force} | … | comes out best (see below)}", "it is the only one with the guarantees we need"),
        ("{positive consequence, e.g., improvement of one or more desired qualities, …}", "one database for everything"),
        ("{negative consequence, e.g., compromising one or more desired qualities, …}", "we run it ourselves"),
        ("{Describe how the implementation of/compliance with the ADR can/will be confirmed. Are the design that was decided for and its implementation in line with the decision made? E.g., a design/code review or a test with a library such as ArchUnit can help validate this. Not that although we classify this element as optional, it is included in many ADRs.}", "A review of the schema."),
        ("{example | description | pointer to more information | …}", "Mature."),
        ("{argument a}", "fast"),
        ("{argument b}", "known"),
        ("{argument c}", "neutral point"),
        ("{argument d}", "slow"),
        ("{You might want to provide additional evidence/confidence for the decision outcome here and/or document the team agreement on the decision and/or define when/how this decision the decision should be realized and if/when it should be re-visited. Links to other decisions and resources might appear here as well.}", "Agreed at the architecture sync."),
    ] {
        t = t.replace(from, to);
    }
    assert!(!t.contains('{'), "a placeholder left: {t}");
    t
}

#[test]
fn a_full_madr_record_round_trips_and_a_change_touches_only_cockpits_lines() {
    let Some(tools) = peer_tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let folder = repo.join("docs/decisions");
    std::fs::create_dir_all(&folder).unwrap();
    let template = std::fs::read_to_string(tools.join("madr/template/adr-template.md")).unwrap();
    std::fs::write(folder.join("0001-use-postgresql-for-bookings.md"), filled_madr(&template)).unwrap();
    let minimal = std::fs::read_to_string(tools.join("madr/template/adr-template-minimal.md")).unwrap();
    std::fs::write(folder.join("0002-use-a-queue.md"), filled_madr(&minimal).replace("Use PostgreSQL for bookings", "Use a queue"))
        .unwrap();
    commit(&repo, "records");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let pg = by_title(&decisions(&db, &repo), "Use PostgreSQL for bookings").clone();
    assert_eq!((pg.decided_by.as_str(), pg.status, pg.date.to_string().as_str()), ("Ana, Marco", Status::Accepted, "2026-11-02"));
    assert!(pg.options.contains("PostgreSQL") && pg.decision.starts_with("Chosen option: \"PostgreSQL\""), "{pg:?}");
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("0 written"), "{out}");
    assert_eq!(changes(&repo), "", "import → export changed the repository");

    // A change in Cockpit: only the lines of the fields that changed.
    edit(&db, "Use PostgreSQL for bookings", |d| {
        d.status = Status::Deprecated;
        d.decided_by = "Ana, Marco, Li".into();
    });
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    let (removed, added) = diff_lines(&repo);
    assert_eq!(removed, ["status: \"accepted\"", "decision-makers:", "  - Ana", "  - Marco"], "{added:?}");
    assert!(
        added.contains(&"status: \"deprecated\"".to_string())
            && added.contains(&"decision-makers: [\"Ana\", \"Marco\", \"Li\"]".to_string()),
        "{added:?}"
    );
    let text = std::fs::read_to_string(folder.join("0001-use-postgresql-for-bookings.md")).unwrap();
    for kept in
        ["consulted: [Security team]", "informed: Finance", "## Decision Drivers", "### Confirmation", "## Pros and Cons of the Options"]
    {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
}

/// A repository set up for log4brains (its settings, and its template in the ADR folder): the
/// repository and the folder.
fn log4brains_repo(tools: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let repo = new_repo(dir);
    let folder = repo.join("docs/adr");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(repo.join(".log4brains.yml"), "---\nproject:\n  name: Acme\n  tz: Etc/UTC\n  adrFolder: ./docs/adr\n").unwrap();
    std::fs::copy(tools.join("@log4brains/init/assets/template.md"), folder.join("template.md")).unwrap();
    (repo, folder)
}

#[test]
fn a_log4brains_folder_round_trips_and_log4brains_builds_what_cockpit_writes() {
    let Some(tools) = peer_tools() else { return };
    let log4brains = tools.join(".bin/log4brains");
    let dir = tempfile::tempdir().unwrap();
    let (repo, folder) = log4brains_repo(&tools, dir.path());
    std::fs::copy(tools.join("@log4brains/init/assets/index.md"), folder.join("index.md")).unwrap();
    let l4b = log4brains.to_str().unwrap();
    tool(l4b, &repo, &["adr", "new", "--quiet", "Use PostgreSQL"]);
    tool(l4b, &repo, &["adr", "new", "--quiet", "Use CockroachDB"]);
    commit(&repo, "records");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let list = decisions(&db, &repo);
    let pg = by_title(&list, "Use PostgreSQL");
    // The template's placeholders read as empty, not as data.
    assert!(pg.tags.is_empty() && pg.decided_by.is_empty() && pg.context.is_empty() && pg.options.is_empty(), "{pg:?}");
    // Its `- Date:` line is a placeholder: the record's day is the one its name gives.
    let name = std::fs::read_dir(&folder)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("-use-postgresql.md"))
        .unwrap();
    assert_eq!(pg.date.format("%Y%m%d").to_string(), name[..8], "{name}");
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("docs/adr (log4brains): 0 written, 2 unchanged"), "{out}");
    assert_eq!(changes(&repo), "", "import → export changed the repository");

    // Superseded in Cockpit, as log4brains' own `adr supersede` would write it: by slug.
    supersede(&db, &repo, "Use PostgreSQL", "Use CockroachDB");
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    // Only its Status line; the superseding record gains a Links bullet, as log4brains'
    // `adr supersede` adds one.
    let (removed, added) = diff_lines(&repo);
    assert_eq!(removed.len(), 1, "only the Status line: {removed:?}");
    assert!(removed[0].starts_with("- Status: [draft |"), "{removed:?}");
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added.iter().any(|l| l.starts_with("- Supersedes [20")), "{added:?}");
    commit(&repo, "superseded");
    // Records Cockpit writes whole, one superseding a round-tripped record; then one build of
    // the folder checks both.
    cockpit(
        &db,
        &repo,
        &["decide", "Use Aurora <PostgreSQL> & friends", "--client", "Acme", "--context", "Managed, <b>not</b> ours to run."],
    );
    supersede(&db, &repo, "Use CockroachDB", "Use Aurora <PostgreSQL> & friends");
    cockpit(&db, &repo, &["decide", "Adopt Terraform", "--client", "Acme"]);
    // Its options weighed: the comparison goes under Considered Options, and log4brains builds it.
    let list = cockpit(&db, &repo, &["decisions", "--client", "Acme"]);
    let code = list.lines().find(|l| l.contains("Adopt Terraform")).and_then(|l| l.split_whitespace().next()).unwrap().to_string();
    cockpit(&db, &repo, &["vendor", "add", "Terraform Cloud", "--client", "Acme", "--decision", &code, "--cost-per-year", "6000"]);
    cockpit(&db, &repo, &["vendor", "add", "Pulumi | self-run", "--client", "Acme", "--decision", &code, "--build"]);
    cockpit(&db, &repo, &["vendor", "score", "Terraform Cloud", "--criterion", "fit", "--score", "4", "--client", "Acme"]);
    cockpit(
        &db,
        &repo,
        &["vendor", "score", "Pulumi | self-run", "--criterion", "fit", "--score", "5", "--weight", "2", "--client", "Acme"],
    );
    cockpit(&db, &repo, &["vendor", "choose", "Terraform Cloud", "--client", "Acme"]);
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(out.contains("(log4brains): 3 written"), "{out}");
    let record = std::fs::read_dir(repo.join("docs/adr"))
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.to_string_lossy().contains("adopt-terraform"))
        .unwrap();
    let text = std::fs::read_to_string(record).unwrap();
    assert!(text.contains("| Pulumi \\| self-run (build) | 5 |") && text.contains("the weighted winner: Pulumi"), "{text}");
    commit(&repo, "export");
    let site = dir.path().join("site");
    let built = tool(l4b, &repo, &["build", "--out", site.to_str().unwrap()]);
    assert!(built.contains("successfully generated") && built.contains("4 ADRs"), "{built}");
}

/// log4brains' template splits the consequences in two sections: Cockpit reads them as one text
/// (each part after its label), and a change in Cockpit goes back into the two sections, not
/// into a third.
#[test]
fn log4brains_positive_and_negative_consequences_are_one_field_in_cockpit() {
    let Some(tools) = peer_tools() else { return };
    let l4b = tools.join(".bin/log4brains");
    let dir = tempfile::tempdir().unwrap();
    let (repo, folder) = log4brains_repo(&tools, dir.path());
    tool(l4b.to_str().unwrap(), &repo, &["adr", "new", "--quiet", "Use Redis for the cache"]);
    let record =
        std::fs::read_dir(&folder).unwrap().map(|f| f.unwrap().path()).find(|p| p.to_string_lossy().contains("use-redis")).unwrap();
    let filled = std::fs::read_to_string(&record)
        .unwrap()
        .replacen("- [e.g., improvement of quality attribute satisfaction, follow-up decisions required, …]", "- Faster pages", 1)
        .replacen("- [e.g., compromising quality attribute, follow-up decisions required, …]", "- One more service to run", 1);
    std::fs::write(&record, &filled).unwrap();
    commit(&repo, "record");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let both = "Positive consequences:\n- Faster pages\n- …\n\nNegative consequences:\n- One more service to run\n- …";
    assert_eq!(by_title(&decisions(&db, &repo), "Use Redis for the cache").consequences, both);
    edit(&db, "Use Redis for the cache", |d| {
        d.consequences = both.replace("- One more service to run", "- One more service to run and watch")
    });
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    let (removed, added) = diff_lines(&repo);
    assert_eq!((removed, added), (vec!["- One more service to run".to_string()], vec!["- One more service to run and watch".to_string()]));
}
