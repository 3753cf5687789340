//! The GUI's continuous sync against a real PostgreSQL server: an annotation made in one window shows in another
//! (through LISTEN/NOTIFY) within a second or two, the status bar says "synced", and File › Team… shows the
//! server and the selected annotation's history.

mod common;

use std::time::{Duration, Instant};

use common::pg::Pg;
use egui_kittest::kittest::Queryable;
use khabar::project::Project;
use khabar::sync::conninfo::ConnInfo;
use khabar::sync::server;

#[test]
fn an_annotation_made_in_one_window_shows_in_the_other() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    pg.team("team", "lena", &["alice"]);
    let connect = |u: &str| {
        server::connect(&ConnInfo::resolve(&pg.url(u, &format!("{u}-pw"), "team")).unwrap())
            .unwrap()
    };
    let mut lead = Project::create(
        &dir.path().join("lead.khabar"),
        &khabar::ingest::bundled_corpus(),
    )
    .unwrap();
    server::init(&mut lead, &mut connect("lena"), "t").unwrap();
    let (alice, _) = server::join(&mut connect("alice"), &dir.path().join("alice.khabar")).unwrap();

    // The windows find their passwords where libpq would: here, typed into File › Team… (memory only).
    let mut hl = common::app_harness(lead);
    let mut ha = common::app_harness(alice);
    for (h, pw) in [(&mut hl, "lena-pw"), (&mut ha, "alice-pw")] {
        h.run_steps(2);
        h.state_mut().team_server.password = pw.into();
        h.state_mut().team_server.open = true;
        h.run_steps(2);
        h.get_by_label("Connect").click();
        h.run_steps(2);
        h.state_mut().team_server.open = false;
    }
    let synced = |h: &mut egui_kittest::Harness<'static, khabar::ui::KhabarApp>| {
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(20) {
            h.step();
            if h.state()
                .sync
                .as_ref()
                .is_some_and(|l| l.status == khabar::ui::team_server::SyncStatus::Synced)
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "not synced: {:?}",
            h.state().sync.as_ref().map(|l| l.status.clone())
        );
    };
    synced(&mut hl);
    synced(&mut ha);
    hl.get_by_label("Team: synced");

    // Alice annotates (as the viewer would, through the project); the lead's window shows it without a sync click.
    let id = {
        let p = ha.state_mut().project.as_mut().unwrap();
        let article = p.metas()[0].id.clone();
        let code = p.codes()[0].id;
        let range = p
            .find_quote(&article, &p.article(&article).unwrap().text[..0], 1)
            .ok();
        let range = range.unwrap_or(0..4);
        p.add_annotation(&article, range, vec![code], "from alice".into())
            .unwrap()
    };
    let t = Instant::now();
    let mut shown = None;
    while t.elapsed() < Duration::from_secs(10) {
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
            shown = Some(t.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let shown = shown.expect("alice's annotation never reached the lead's window");
    eprintln!("GUI-to-GUI: {shown:?}");
    assert!(shown < Duration::from_secs(3), "took {shown:?}");

    // File › Team… on the lead's window: the server, and the history of the selected annotation.
    hl.state_mut().viewer.selected_annotation = Some(id);
    hl.state_mut().team_server.open = true;
    hl.run_steps(3);
    hl.get_by_label("History of the selected annotation");
    hl.get_by_label("from alice");
    assert!(
        hl.query_by_label("lena-pw").is_none(),
        "the password is shown"
    );
}
