//! Switching projects (File › New / Open / Open recent) in the real app: every panel shows the new project, even when
//! the two projects' edit counters are equal, and an action left over from the old project writes nothing into the
//! new one.

mod common;

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use khabar::project::{short, Project};
use khabar::ui::timeline_panel::EventChange;
use khabar::ui::{Action, KhabarApp};

/// Every text painted in the last frame, with where it was painted.
fn painted_texts(harness: &Harness<'static, KhabarApp>) -> Vec<(egui::Pos2, String)> {
    common::painted(harness)
        .into_iter()
        .map(|(pos, g)| (pos, g.job.text.clone()))
        .collect()
}

fn apply(harness: &mut Harness<'static, KhabarApp>, action: Action) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(&ctx, action);
    harness.run();
}

fn last_message(harness: &Harness<'static, KhabarApp>) -> (String, bool) {
    let m = harness.state().messages.last().expect("a message");
    (m.text.clone(), m.error)
}

/// Project A: the bundled corpus with one coded passage, reopened so that its edit counter starts again at 0.
fn project_a(path: &Path) -> Project {
    {
        let mut a = Project::create(path, &khabar::ingest::bundled_corpus()).unwrap();
        let art = a.metas()[0].id.clone();
        let range = a.find_quote(&art, "किम जोंग उन", 1).unwrap();
        a.add_annotation(&art, range, vec![1], "note of A".into())
            .unwrap();
    }
    let a = Project::open(path).unwrap();
    assert_eq!(a.annotation_count(), 1);
    a
}

#[test]
fn a_new_empty_project_replaces_every_panel_and_a_stale_event_decision_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a_path = dir.path().join("a.khabar");
    let b_path = dir.path().join("b.khabar");
    let mut harness = common::app_harness(project_a(&a_path));
    harness.state_mut().annotations.whole_corpus = true;
    harness.state_mut().timeline.open = true;
    harness.run();

    // A is on screen: its titles, its annotation, its events.
    let a_titles: Vec<String> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .metas()
        .iter()
        .map(|m| m.title.clone())
        .collect();
    for t in &a_titles {
        harness.get_by_role_and_label(Role::Button, t);
    }
    harness.get_by_role_and_label(Role::Button, "किम जोंग उन");
    let (event, n_events) = {
        let app = harness.state();
        let events = app.derived.timeline.current();
        let e = events
            .iter()
            .find(|e| e.date.to_timex() == "2023-09-13" && !e.from_annotation)
            .expect("A's 13 September 2023 meeting is on the timeline");
        (e.clone(), events.len())
    };
    assert!(!event.members.is_empty());
    harness
        .get_by_label(&format!("{n_events} of {n_events} events"))
        .rect();
    // Select it (a click on its marker), so that its Accept/Reject buttons show.
    let pos = harness.state().timeline.event_position(&event.id).unwrap();
    common::click(&mut harness, pos);
    assert_eq!(
        harness.state().timeline.selected.as_deref(),
        Some(event.id.as_str())
    );
    harness.get_by_role_and_label(Role::Button, "Reject");
    let rev_a = harness.state().project.as_ref().unwrap().revision();

    // File › New project.
    apply(&mut harness, Action::NewProject(b_path.clone()));
    {
        let p = harness.state().project.as_ref().unwrap();
        assert_eq!(p.path(), b_path.as_path());
        assert_eq!(
            p.revision(),
            rev_a,
            "the premise: both projects are at the same edit count"
        );
    }
    for t in &a_titles {
        assert_eq!(
            harness.query_all_by_label(t).count(),
            0,
            "A's article “{t}” is still listed"
        );
    }
    for text in ["किम जोंग उन", "note of A"] {
        let left: Vec<String> = harness
            .query_all_by_label_contains(text)
            .map(|n| format!("{n:?}").chars().take(300).collect())
            .collect();
        assert!(left.is_empty(), "A's “{text}” is still shown: {left:#?}");
    }
    let app = harness.state();
    assert!(
        app.derived.timeline.current().is_empty(),
        "A's events are still on the timeline"
    );
    assert_eq!(app.timeline.selected, None, "A's event is still selected");
    assert!(app.timeline.event_position(&event.id).is_none());
    harness.get_by_label("0 of 0 events");
    assert!(harness
        .query_by_role_and_label(Role::Button, "Reject")
        .is_none());
    for (_, text) in painted_texts(&harness) {
        assert!(
            !a_titles.iter().any(|t| text == *t || text == short(t)),
            "A's title “{text}” is painted"
        );
    }

    // A Reject left over from A's timeline (the button was on screen a frame ago) names an event B does not have.
    apply(
        &mut harness,
        Action::EventChange {
            event: event.id.clone(),
            change: EventChange::Reject,
        },
    );
    let (text, error) = last_message(&harness);
    assert!(error, "the status bar says why nothing happened: {text}");
    let p = harness.state().project.as_ref().unwrap();
    assert!(p.decisions().is_empty(), "{:?}", p.decisions());
    assert_eq!(p.undo.undo_label(), None);

    // And on disk: B's file holds nothing of A.
    drop(harness);
    let b = Project::open(&b_path).unwrap();
    assert!(b.decisions().is_empty(), "{:?}", b.decisions());
    assert!(b.metas().is_empty());
    assert_eq!(b.annotation_count(), 0);
}

#[test]
fn opening_a_project_at_the_same_revision_shows_its_own_titles_annotations_and_lanes() {
    let dir = tempfile::tempdir().unwrap();
    let a_path = dir.path().join("a.khabar");
    let b_path = dir.path().join("b.khabar");
    // B: the same articles under other titles, with another coded passage; reopened, so also at revision 0.
    let a_ann;
    {
        let mut b = Project::create(&b_path, &khabar::ingest::bundled_corpus()).unwrap();
        for m in b.metas().to_vec() {
            let mut after = m.clone();
            after.title = format!("दूसरी परियोजना {}", m.title);
            b.set_meta(after).unwrap();
        }
        let art = b.metas()[0].id.clone();
        let range = b.find_quote(&art, "पुतिन", 1).unwrap();
        b.add_annotation(&art, range, vec![1], "note of B".into())
            .unwrap();
    }
    let a = project_a(&a_path);
    a_ann = a.all_annotations()[0].clone();
    let a_titles: Vec<String> = a.metas().iter().map(|m| m.title.clone()).collect();
    let mut harness = common::app_harness(a);
    {
        let app = harness.state_mut();
        app.annotations.whole_corpus = true;
        app.timeline.open = true;
        app.timeline.by_article = true;
        app.timeline.article_filter = Some(app.project.as_ref().unwrap().metas()[4].id.clone());
        app.timeline.code_filter = Some(1);
        app.annotations.code_filter = Some(1);
    }
    harness.run();
    apply(&mut harness, Action::SelectAnnotation(Some(a_ann.id)));
    harness.get_by_role_and_label(Role::Button, "किम जोंग उन");
    // The lanes are A's articles.
    assert!(painted_texts(&harness)
        .iter()
        .any(|(_, t)| *t == short(&a_titles[4])));
    let rev_a = harness.state().project.as_ref().unwrap().revision();

    // File › Open recent › B (the menu applies the same action).
    apply(&mut harness, Action::OpenProject(b_path.clone()));
    let b_titles: Vec<String> = {
        let p = harness.state().project.as_ref().unwrap();
        assert_eq!(p.path(), b_path.as_path());
        assert_eq!(p.revision(), rev_a, "the premise: the same edit count");
        p.metas().iter().map(|m| m.title.clone()).collect()
    };
    // Annotations panel: B's passage, not A's.
    harness.get_by_role_and_label(Role::Button, "पुतिन");
    assert!(harness
        .query_by_role_and_label(Role::Button, "किम जोंग उन")
        .is_none());
    harness.get_by_label("1 shown");
    // Corpus list: each row paints B's title, never A's.
    let painted = painted_texts(&harness);
    for (bt, at) in b_titles.iter().zip(&a_titles) {
        let row = harness.get_by_role_and_label(Role::Button, bt).rect();
        let in_row: Vec<&String> = painted
            .iter()
            .filter(|(p, _)| row.contains(*p))
            .map(|(_, t)| t)
            .collect();
        assert!(in_row.contains(&bt), "row of “{bt}” paints {in_row:?}");
        assert!(!in_row.contains(&at), "row of “{bt}” paints A's title");
    }
    // Timeline lanes by article: B's titles.
    let lanes: Vec<&String> = painted.iter().map(|(_, t)| t).collect();
    for (bt, at) in b_titles.iter().zip(&a_titles) {
        assert!(lanes.contains(&&short(bt)), "no lane “{}”", short(bt));
        assert!(!lanes.contains(&&short(at)), "a lane of A: “{}”", short(at));
    }
    // The selection and the filters that named A's article, code and annotation are gone.
    {
        let app = harness.state();
        assert_eq!(
            app.timeline.article_filter, None,
            "a filter naming A's article"
        );
        assert_eq!(app.timeline.code_filter, None);
        assert_eq!(app.annotations.code_filter, None);
        assert_eq!(app.viewer.selected_annotation, None);
    }

    // Actions left over from A name an annotation B does not have: nothing changes, and the status bar says so.
    let mut edited = a_ann.clone();
    edited.note = "stale edit".into();
    apply(&mut harness, Action::UpdateAnnotation(edited));
    let (text, error) = last_message(&harness);
    assert!(error, "{text}");
    apply(&mut harness, Action::DeleteAnnotation(a_ann.id));
    let (text, error) = last_message(&harness);
    assert!(error, "{text}");
    apply(&mut harness, Action::SelectAnnotation(Some(a_ann.id)));
    assert_eq!(harness.state().viewer.selected_annotation, None);
    let p = harness.state().project.as_ref().unwrap();
    assert_eq!(p.annotation_count(), 1);
    assert_eq!(p.undo.undo_label(), None);
    drop(harness);
    let b = Project::open(&b_path).unwrap();
    assert_eq!(b.annotation_count(), 1);
    assert_eq!(b.all_annotations()[0].note, "note of B");
    assert!(b.annotation(&a_ann.id).is_none());
}

#[test]
fn a_click_made_in_the_old_project_while_a_dialog_opens_another_is_not_carried_out() {
    // A and B: the same articles, so the same events, both at revision 0.
    let dir = tempfile::tempdir().unwrap();
    let a_path = dir.path().join("a.khabar");
    let b_path = dir.path().join("b.khabar");
    drop(Project::create(&b_path, &khabar::ingest::bundled_corpus()).unwrap());
    let a = Project::create(&a_path, &khabar::ingest::bundled_corpus()).unwrap();
    let mut harness = common::app_harness(a);
    harness.state_mut().timeline.open = true;
    harness.run();
    let event = {
        let app = harness.state();
        let events = app.derived.timeline.current();
        events
            .iter()
            .find(|e| e.date.to_timex() == "2023-09-13" && !e.from_annotation)
            .expect("the 13 September 2023 meeting")
            .id
            .clone()
    };
    let pos = harness.state().timeline.event_position(&event).unwrap();
    common::click(&mut harness, pos);
    // File › Open project…: the file dialog is running.
    apply(
        &mut harness,
        Action::ShowPrompt(khabar::ui::dialogs::DialogPurpose::OpenProject),
    );
    // The user presses Reject on A's event; the dialog returns B in the frame where the button is released, so the
    // click is seen by views drawn for A while B is being opened.
    let reject = harness
        .get_by_role_and_label(Role::Button, "Reject")
        .rect()
        .center();
    harness.event(egui::Event::PointerMoved(reject));
    harness.step();
    let button = |pressed| egui::Event::PointerButton {
        pos: reject,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    harness.event(button(true));
    harness.step();
    harness
        .state()
        .jobs_sender()
        .send(khabar::ui::JobResult::Dialog {
            purpose: khabar::ui::dialogs::DialogPurpose::OpenProject,
            paths: vec![b_path.clone()],
        })
        .unwrap();
    harness.event(button(false));
    harness.step();
    harness.run();

    let app = harness.state();
    let p = app.project.as_ref().unwrap();
    assert_eq!(p.path(), b_path.as_path(), "B was opened");
    assert!(
        p.decisions().is_empty(),
        "A's Reject went into B: {:?}",
        p.decisions()
    );
    let (text, error) = last_message(&harness);
    assert!(
        !error && text.contains("previous project were not carried out"),
        "{text}"
    );
    drop(harness);
    for path in [&a_path, &b_path] {
        let p = Project::open(path).unwrap();
        assert!(p.decisions().is_empty(), "{}", path.display());
    }
}
