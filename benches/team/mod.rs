//! Team sync against a real PostgreSQL server (started like the tests' one): the first sync of a 10,000-article /
//! 100,000-annotation project (publish, then a teammate's join), steady-state sync of 1,000 edits, and how long an
//! annotation made in one window takes to show in another.

use std::path::Path;
use std::time::{Duration, Instant};

use khabar::project::Project;
use khabar::sync::conninfo::ConnInfo;
use khabar::sync::server;

use super::Report;

#[path = "../../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

fn connect(pg: &pg::Pg, user: &str) -> server::Server {
    server::connect(&ConnInfo::resolve(&pg.url(user, &format!("{user}-pw"), "team")).unwrap())
        .unwrap()
}

pub fn team_scenarios(report: &mut Report, dir: &Path) {
    let Some(pg) = pg::Pg::start() else {
        eprintln!("team: no PostgreSQL binaries, rows skipped");
        return;
    };
    pg.team("team", "lena", &["alice"]);
    let lead_path = dir.join("team-lead.khabar");
    eprintln!("team: generating the 10k/100k project…");
    drop(khabar::generate::generate_project(&lead_path, 10_000, 100_000, 42).unwrap());
    let mut lead = Project::open(&lead_path).unwrap();
    let t = Instant::now();
    let r = server::init(&mut lead, &mut connect(&pg, "lena"), "bench").unwrap();
    let publish = t.elapsed().as_secs_f64();
    assert_eq!(r.pushed, 100_000 + lead.codes().len());
    report.add(
        "Team: first sync, publish 10,000 articles / 100,000 annotations",
        vec![publish],
        "s",
        Some((15.0, true)),
    );
    let t = Instant::now();
    let (mut alice, _) =
        server::join(&mut connect(&pg, "alice"), &dir.join("team-alice.khabar")).unwrap();
    let join = t.elapsed().as_secs_f64();
    assert_eq!(alice.annotation_count(), 100_000);
    report.add(
        "Team: first sync, a teammate's copy of 10,000 articles / 100,000 annotations (join)",
        vec![join],
        "s",
        Some((15.0, true)),
    );

    // Steady state: the lead edits 1,000 notes; its sync pushes them, the teammate's pulls and merges them.
    let mut samples = Vec::new();
    let mut ids = Vec::new();
    lead.store()
        .for_each_annotation(|a| {
            if ids.len() < 1000 {
                ids.push(a.id);
            }
            Ok(())
        })
        .unwrap();
    let mut lsrv = connect(&pg, "lena");
    let mut asrv = connect(&pg, "alice");
    for round in 0..3 {
        for id in &ids {
            let mut a = lead.annotation(id).unwrap();
            a.note = format!("round {round}");
            lead.update_annotation(a).unwrap();
        }
        let t = Instant::now();
        let pushed = server::sync_once(&mut lead, &mut lsrv).unwrap().pushed;
        let pulled = server::sync_once(&mut alice, &mut asrv).unwrap().pulled;
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!((pushed, pulled), (1000, 1000));
    }
    report.add(
        "Team: steady-state sync of 1,000 edits (push, then a teammate's pull and merge)",
        samples,
        "ms",
        Some((1000.0, true)),
    );
    drop(lead);
    drop(alice);
    gui_latency(report, &pg, dir);
}

/// Two app windows (kittest) on two copies of a small project: annotate in one, frames in both until it shows.
fn gui_latency(report: &mut Report, pg: &pg::Pg, dir: &Path) {
    pg.admin_sql("postgres", "CREATE DATABASE small OWNER lena");
    let url = |u: &str| pg.url(u, &format!("{u}-pw"), "small");
    let c = |u: &str| server::connect(&ConnInfo::resolve(&url(u)).unwrap()).unwrap();
    let mut lead = Project::create(
        &dir.join("gui-lead.khabar"),
        &khabar::ingest::bundled_corpus(),
    )
    .unwrap();
    server::init(&mut lead, &mut c("lena"), "gui").unwrap();
    let (alice, _) = server::join(&mut c("alice"), &dir.join("gui-alice.khabar")).unwrap();
    let mut hl = super::harness(lead);
    let mut ha = super::harness(alice);
    for (h, pw) in [(&mut hl, "lena-pw"), (&mut ha, "alice-pw")] {
        h.run_steps(2);
        h.state_mut().team_server.password = pw.into();
        let ctx = h.ctx.clone();
        h.state_mut().apply(
            &ctx,
            khabar::ui::Action::TeamServer(khabar::ui::team_server::TeamServerAction::Connect),
        );
        h.run_steps(2);
    }
    // Both connected and synced first.
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        hl.step();
        ha.step();
        let ok = |h: &egui_kittest::Harness<'static, khabar::ui::KhabarApp>| {
            h.state()
                .sync
                .as_ref()
                .is_some_and(|l| l.status == khabar::ui::team_server::SyncStatus::Synced)
        };
        if ok(&hl) && ok(&ha) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut samples = Vec::new();
    for i in 0..10 {
        let id = {
            let p = ha.state_mut().project.as_mut().unwrap();
            let article = p.metas()[i % p.metas().len()].id.clone();
            let code = p.codes()[0].id;
            p.add_annotation(&article, i * 3..i * 3 + 2, vec![code], format!("n{i}"))
                .unwrap()
        };
        let t = Instant::now();
        loop {
            ha.step();
            hl.step();
            if hl
                .state()
                .project
                .as_ref()
                .unwrap()
                .annotation(&id)
                .is_some()
            {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "never shown");
            std::thread::sleep(Duration::from_millis(2));
        }
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    report.add(
        "Team: an annotation made in one window shows in another (LISTEN/NOTIFY)",
        samples,
        "ms",
        Some((1000.0, true)),
    );
}
