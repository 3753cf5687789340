//! Team coding in the real app (kittest): blind mode hides other coders' annotations in the viewer and the
//! annotations list until switched off; the agreement window shows what the domain computes; adjudication into a gold
//! layer is one edit that one Ctrl+Z undoes.

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use khabar::agreement::disagree::CompareOptions;
use khabar::agreement::{agreement, coders, AgreementOptions, Decision};
use khabar::annotate::{Change, CodeId, Edit, Record};
use khabar::model::{ArticleId, BlockKind};
use khabar::project::Project;
use khabar::ui::team::{fmt_alpha, fmt_percent, fmt_value, BLIND_STATUS};
use khabar::ui::KhabarApp;
use uuid::Uuid;

/// Add an annotation by `coder` on chars `s..e` (snapped to whole letters) of an article's first body block.
fn annotate(
    p: &mut Project,
    article: &ArticleId,
    coder: &str,
    s: usize,
    e: usize,
    code: CodeId,
    note: &str,
) -> Uuid {
    let art = p.article(article).unwrap();
    let body = art
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Body)
        .unwrap()
        .content
        .clone();
    assert!(
        body.start + e <= body.end,
        "the body paragraph is long enough"
    );
    let r = art.snap(body.start + s, body.start + e);
    let mut a = p
        .new_annotation(article, r, vec![code], note.into())
        .unwrap();
    a.creator = coder.into();
    let id = a.id;
    p.apply(Edit::new(
        "test",
        vec![Change::create(Record::Annotation(a))],
    ))
    .unwrap();
    id
}

fn count(harness: &Harness<'static, KhabarApp>, role: Role, label: &str) -> usize {
    harness.query_all_by_role_and_label(role, label).count()
}

/// Where the viewer painted char `c` of the open article (the middle of its glyph).
fn char_pos(harness: &Harness<'static, KhabarApp>, c: usize) -> egui::Pos2 {
    let placed = &harness.state().viewer.placed;
    let b = placed
        .iter()
        .find(|b| c >= b.offset && c < b.offset + b.galley.text().chars().count())
        .expect("the passage is painted");
    let r = b
        .galley
        .pos_from_cursor(egui::text::CCursor::new(c - b.offset));
    b.rect.min + r.center().to_vec2()
}

#[test]
fn blind_mode_hides_another_coders_annotations_in_the_viewer_and_the_list_until_switched_off() {
    let mut p = common::bundled_project();
    let art = p.metas()[0].id.clone();
    let code = p.codes()[0].id;
    let mine = annotate(&mut p, &art, "tester", 0, 10, code, "");
    let theirs = annotate(&mut p, &art, "other", 30, 42, code, "");
    let my_quote = p.annotation(&mine).unwrap().quote.clone();
    let their = p.annotation(&theirs).unwrap().clone();
    let mut harness = common::app_harness(p);
    harness.run();
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&art));

    // Everything is shown: both rows in the list; a click on the other coder's passage selects it.
    assert_eq!(count(&harness, Role::Button, &my_quote), 1);
    assert_eq!(count(&harness, Role::Button, &their.quote), 1);
    let pos = char_pos(&harness, (their.start + their.end) / 2);
    common::click(&mut harness, pos);
    assert_eq!(harness.state().viewer.selected_annotation, Some(theirs));
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().viewer.selected_annotation, None);
    assert!(harness.query_by_label(BLIND_STATUS).is_none());

    // Team › Blind coding.
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Blind coding").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().prefs.blind_coding);
    harness.get_by_label(BLIND_STATUS);
    assert_eq!(count(&harness, Role::Button, &my_quote), 1);
    assert_eq!(
        count(&harness, Role::Button, &their.quote),
        0,
        "the list shows another coder's annotation"
    );
    harness.get_by_label("1 shown");
    let pos = char_pos(&harness, (their.start + their.end) / 2);
    common::click(&mut harness, pos);
    assert_eq!(
        harness.state().viewer.selected_annotation,
        None,
        "the viewer still has the other coder's highlight under the pointer"
    );
    // Only my annotations in the corpus scope too.
    harness.state_mut().annotations.whole_corpus = true;
    harness.run();
    assert_eq!(count(&harness, Role::Button, &their.quote), 0);
    harness.state_mut().annotations.whole_corpus = false;
    harness.run();

    // Switched off: shown again.
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Blind coding").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().prefs.blind_coding);
    assert!(harness.query_by_label(BLIND_STATUS).is_none());
    assert_eq!(count(&harness, Role::Button, &their.quote), 1);
    let pos = char_pos(&harness, (their.start + their.end) / 2);
    common::click(&mut harness, pos);
    assert_eq!(harness.state().viewer.selected_annotation, Some(theirs));
}

/// Two coders, alice and bob, on two articles: agreements, a segment placed differently, segments coded by one only.
fn two_coders() -> Project {
    let mut p = common::bundled_project();
    let a0 = p.metas()[0].id.clone();
    let a1 = p.metas()[1].id.clone();
    let (c1, c2) = (p.codes()[0].id, p.codes()[1].id);
    annotate(&mut p, &a0, "alice", 0, 10, c1, "");
    annotate(&mut p, &a0, "bob", 0, 10, c1, "");
    annotate(&mut p, &a0, "alice", 20, 30, c1, "alice's reason");
    annotate(&mut p, &a0, "bob", 23, 34, c1, "bob's reason");
    annotate(&mut p, &a0, "alice", 40, 50, c1, "");
    annotate(&mut p, &a0, "bob", 40, 50, c2, "");
    annotate(&mut p, &a1, "alice", 0, 12, c1, "");
    annotate(&mut p, &a1, "bob", 0, 12, c1, "");
    annotate(&mut p, &a1, "bob", 15, 25, c2, "");
    annotate(&mut p, &a1, "alice", 15, 25, c2, "");
    p
}

/// Team › Agreement…, tick alice and bob, Compute.
fn open_agreement(harness: &mut Harness<'static, KhabarApp>) {
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.run();
    let list = coders(harness.state().project.as_ref().unwrap());
    for name in ["alice", "bob"] {
        harness
            .get_by_label(&format!("{name} ({})", list[name]))
            .click();
        harness.run();
    }
    harness.get_by_label("Compute agreement").click();
    harness.run();
}

#[test]
fn the_agreement_window_shows_what_the_domain_computes_per_code() {
    let mut harness = common::app_harness(two_coders());
    harness.run();
    open_agreement(&mut harness);
    let report = {
        let p = harness.state().project.as_ref().unwrap();
        agreement(
            p,
            &AgreementOptions::new(vec!["alice".into(), "bob".into()]),
        )
        .unwrap()
    };
    assert_eq!(report.codes.len(), 2);
    for row in report.codes.iter().chain([&report.overall]) {
        assert!(
            row.alpha.is_some(),
            "the premise: α is defined for {}",
            row.name
        );
        for text in [
            fmt_percent(row.percent),
            fmt_value(row.cohen_kappa),
            fmt_alpha(row.alpha, row.alpha_ci),
            fmt_value(row.alpha_u),
            fmt_percent(row.segments[0].agreement),
        ] {
            assert!(
                count(&harness, Role::Label, &text) >= 1,
                "{}: no cell “{text}”",
                row.name
            );
        }
        if row.code.is_some() {
            harness.get_by_role_and_label(Role::Link, &row.name);
        }
    }
    // One line explaining each measure.
    for (name, what) in khabar::ui::team::EXPLANATIONS {
        harness.get_by_label(&format!("{name}: {what}"));
    }
}

#[test]
fn adjudication_into_gold_is_one_edit_that_one_ctrl_z_undoes() {
    let mut harness = common::app_harness(two_coders());
    harness.run();
    open_agreement(&mut harness);
    let (code, name, before) = {
        let p = harness.state().project.as_ref().unwrap();
        (
            p.codes()[0].id,
            p.codes()[0].name.clone(),
            p.annotation_count(),
        )
    };
    // What the domain decides with "A" for every disagreement, on a copy built the same way.
    let mut expected_project = two_coders();
    let mut opts = CompareOptions::new("alice", "bob");
    opts.code = Some(code);
    let cmp = khabar::agreement::disagree::compare(&expected_project, &opts).unwrap();
    assert!(
        cmp.disagreements.len() >= 2,
        "the premise: disagreements to decide"
    );
    let expected =
        khabar::agreement::adjudicate(&mut expected_project, &opts, "gold", |_| Decision::A)
            .unwrap();
    assert!(expected.created > 0);
    let gold_of = |p: &Project| {
        let mut v: Vec<(String, usize, usize, Vec<CodeId>)> = p
            .all_annotations()
            .into_iter()
            .filter(|a| a.creator == "gold")
            .map(|a| (a.article.0.clone(), a.start, a.end, a.codes.clone()))
            .collect();
        v.sort();
        v
    };
    let expected_gold = gold_of(&expected_project);

    // The code's link opens its disagreements: both coders' ranges and notes side by side.
    harness.get_by_role_and_label(Role::Link, &name).click();
    harness.run();
    let d = &cmp.disagreements[0];
    let first = format!("1. “{}”", khabar::project::short(&d.quote));
    harness.get_by_role_and_label(Role::Link, &first);
    let placed = cmp
        .disagreements
        .iter()
        .find(|d| !d.a.is_empty() && !d.b.is_empty())
        .unwrap();
    for side in [&placed.a[0], &placed.b[0]] {
        harness.get_by_label(&format!(
            "{}–{} · {}",
            side.start,
            side.end,
            side.notes.join(" | ")
        ));
    }
    // Clicking a row shows the passage.
    harness.get_by_role_and_label(Role::Link, &first).click();
    harness.run();
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&d.article));

    // Every row decided "A", then adjudicated.
    harness.get_by_label("A for all").click();
    harness.run();
    harness.get_by_label("Adjudicate into gold").click();
    harness.run();
    let got = gold_of(harness.state().project.as_ref().unwrap());
    assert_eq!(
        got, expected_gold,
        "the gold layer is what the domain makes of the decisions"
    );
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        before + expected.created
    );

    // One Ctrl+Z (the pointer off any text field) takes the whole gold layer away, and nothing else.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    assert!(
        gold_of(p).is_empty(),
        "a gold annotation is left after one undo"
    );
    assert_eq!(p.annotation_count(), before);
}

#[test]
fn preferences_without_team_fields_show_everything_and_one_rule_decides_what_is_shown() {
    use khabar::ui::team::{CoderFilter, CoderView};
    use khabar::ui::Prefs;
    // Preferences saved before team coding load with every coder shown and blind coding off.
    let mut prefs: Prefs = serde_json::from_str(r#"{"font_size": 22.0, "creator": "me"}"#).unwrap();
    assert_eq!(prefs.coder_filter, CoderFilter::All);
    assert!(!prefs.blind_coding);
    let shown = |p: &Prefs| {
        (
            CoderView::new(p).shows("me"),
            CoderView::new(p).shows("you"),
        )
    };
    assert_eq!(shown(&prefs), (true, true));
    prefs.coder_filter = CoderFilter::Mine;
    assert_eq!(shown(&prefs), (true, false));
    prefs.coder_filter = CoderFilter::Chosen(["you".to_owned()].into());
    assert_eq!(shown(&prefs), (false, true));
    // Blind coding: only mine, whatever the filter; and it survives a save.
    prefs.blind_coding = true;
    assert_eq!(shown(&prefs), (true, false));
    let back: Prefs = serde_json::from_str(&serde_json::to_string(&prefs).unwrap()).unwrap();
    assert!(back.blind_coding);
    assert_eq!(back.coder_filter, prefs.coder_filter);
}

#[test]
fn the_agreement_window_shows_no_coder_while_blind_coding_is_on() {
    let mut harness = common::app_harness(two_coders());
    harness.state_mut().prefs.blind_coding = true;
    harness.run();
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.run();
    harness.get_by_label(khabar::ui::team::BLIND_AGREEMENT);
    assert!(harness.query_by_label("Compute agreement").is_none());
    assert!(harness.query_by_label("alice (5)").is_none());
}

#[test]
fn an_edited_range_becomes_the_gold_passage_and_one_ctrl_z_undoes_it() {
    let mut harness = common::app_harness(two_coders());
    harness.run();
    open_agreement(&mut harness);
    let (code, name, before) = {
        let p = harness.state().project.as_ref().unwrap();
        (
            p.codes()[0].id,
            p.codes()[0].name.clone(),
            p.annotation_count(),
        )
    };
    let mut opts = CompareOptions::new("alice", "bob");
    opts.code = Some(code);
    let cmp =
        khabar::agreement::disagree::compare(harness.state().project.as_ref().unwrap(), &opts)
            .unwrap();
    let d = cmp
        .disagreements
        .iter()
        .find(|d| !d.a.is_empty() && !d.b.is_empty())
        .expect("the premise: a segment placed differently")
        .clone();
    let row = d.number - 1;
    harness.get_by_role_and_label(Role::Link, &name).click();
    harness.run();
    harness.get_by_label("Neither for all").click();
    harness.run();
    // "Range" on the placed row starts from the stretch the disagreement covers, with its two ends to set.
    harness
        .query_all_by_label("Range")
        .nth(row)
        .expect("a Range choice per row")
        .click();
    harness.run();
    let list = |h: &Harness<'static, KhabarApp>| {
        h.state()
            .agreement
            .disagreements
            .as_ref()
            .unwrap()
            .decisions
            .clone()
    };
    assert_eq!(list(&harness)[row], Some(Decision::Range(d.start, d.end)));
    harness.get_by_label(&format!("Start of range {}", d.number));
    harness.get_by_label(&format!("End of range {}", d.number));
    // A range of its own: from inside A's segment to inside B's (what the two ends hold).
    let (s, e) = (d.a[0].start + 1, d.b[0].end - 1);
    harness
        .state_mut()
        .agreement
        .disagreements
        .as_mut()
        .unwrap()
        .decisions[row] = Some(Decision::Range(s, e));
    harness.run();
    let expected = {
        let p = harness.state().project.as_ref().unwrap();
        p.article(&d.article).unwrap().snap(s, e)
    };
    harness.get_by_label(&format!(
        "“{}”",
        khabar::project::short(
            harness
                .state()
                .project
                .as_ref()
                .unwrap()
                .article(&d.article)
                .unwrap()
                .slice(s..e)
        )
    ));
    harness.get_by_label("Adjudicate into gold").click();
    harness.run();
    let gold: Vec<(ArticleId, usize, usize)> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .all_annotations()
        .into_iter()
        .filter(|a| a.creator == "gold")
        .map(|a| (a.article.clone(), a.start, a.end))
        .collect();
    assert!(
        gold.contains(&(d.article.clone(), expected.start, expected.end)),
        "the edited range is a gold passage: {gold:?}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    assert!(p.all_annotations().iter().all(|a| a.creator != "gold"));
    assert_eq!(p.annotation_count(), before);
}

#[test]
fn agreement_of_a_project_file_is_computed_off_the_ui_thread_and_shown_when_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.khabar");
    let mut p = Project::create(&path, &khabar::ingest::bundled_corpus()).unwrap();
    let a0 = p.metas()[0].id.clone();
    let c1 = p.codes()[0].id;
    annotate(&mut p, &a0, "alice", 0, 10, c1, "");
    annotate(&mut p, &a0, "bob", 0, 10, c1, "");
    annotate(&mut p, &a0, "alice", 20, 30, c1, "");
    annotate(&mut p, &a0, "bob", 25, 34, c1, "");
    let expected = agreement(
        &p,
        &AgreementOptions::new(vec!["alice".into(), "bob".into()]),
    )
    .unwrap();
    let mut harness = common::app_harness(p);
    harness.run();
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.run();
    for name in ["alice (2)", "bob (2)"] {
        harness.get_by_label(name).click();
        harness.run();
    }
    harness.get_by_label("Compute agreement").click();
    // The click starts a job; the frame that follows does not wait for it.
    harness.step();
    assert!(
        harness.state().agreement.is_computing(),
        "the agreement is computed in the background"
    );
    for _ in 0..200 {
        if !harness.state().agreement.is_computing() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
    assert!(!harness.state().agreement.is_computing());
    let row = &expected.overall;
    for text in [
        fmt_alpha(row.alpha, row.alpha_ci),
        fmt_value(row.cohen_kappa),
    ] {
        assert!(count(&harness, Role::Label, &text) >= 1, "no cell “{text}”");
    }
}

#[test]
fn blind_coding_limits_an_export_from_the_gui_to_my_annotations_unless_every_coder_is_asked_for() {
    use khabar::ui::commands::Command;
    let mut p = common::bundled_project();
    let a0 = p.metas()[0].id.clone();
    let c1 = p.codes()[0].id;
    annotate(&mut p, &a0, "tester", 0, 10, c1, "");
    annotate(&mut p, &a0, "other", 20, 30, c1, "");
    let mut harness = common::app_harness(p);
    harness.run();
    harness.state_mut().apply(
        &egui::Context::default(),
        khabar::ui::Action::Team(khabar::ui::team::TeamAction::SetBlind(true)),
    );
    harness.state_mut().apply(
        &egui::Context::default(),
        khabar::ui::Action::Command(Command::ExportAnnotations),
    );
    harness.run();
    let dir = tempfile::tempdir().unwrap();
    let export = |harness: &mut Harness<'static, KhabarApp>, name: &str| -> Vec<String> {
        harness.get_by_label("Khabar JSON (with schema)").click();
        harness.run();
        harness.get_by_label("Export…").click();
        harness.run();
        let path = dir.path().join(name);
        harness
            .state_mut()
            .prompt
            .as_mut()
            .expect("a path is asked for")
            .text = path.display().to_string();
        harness.run();
        harness.get_by_label("Export").click();
        harness.run();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let mut creators: Vec<String> = v["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["creator"].as_str().unwrap().to_owned())
            .collect();
        creators.sort();
        creators
    };
    assert_eq!(
        export(&mut harness, "blind.json"),
        ["tester"],
        "blind: only mine"
    );
    harness.get_by_label("Every coder's annotations").click();
    harness.run();
    assert_eq!(
        export(&mut harness, "all.json"),
        ["other", "tester"],
        "asked for everyone"
    );
}

#[test]
fn blind_coding_hides_another_coders_annotation_events_on_the_timeline() {
    let mut p = common::bundled_project();
    let a0 = p.metas()[0].id.clone();
    let event_code = p
        .codes()
        .iter()
        .find(|c| c.is_event)
        .expect("the bundled codebook has an event code")
        .id;
    // A dated passage ("जून 2024 में …") coded as an event by another coder.
    let theirs = annotate(&mut p, &a0, "other", 0, 30, event_code, "");
    let mut harness = common::app_harness(p);
    harness.run();
    let (event, n) = {
        let app = harness.state_mut();
        let p = app.project.as_ref().unwrap();
        let events = app.derived.timeline_now(p);
        let e = events
            .iter()
            .find(|e| e.from_annotation && e.sources.iter().any(|s| s.origin == theirs.to_string()))
            .expect("the premise: the coded passage is an event")
            .clone();
        (e, events.len())
    };
    harness.run();
    harness.get_by_label(&format!("{n} of {n} events"));
    assert!(harness.state().timeline.event_position(&event.id).is_some());

    harness.state_mut().apply(
        &egui::Context::default(),
        khabar::ui::Action::Team(khabar::ui::team::TeamAction::SetBlind(true)),
    );
    harness.run();
    harness.get_by_label(&format!("{} of {n} events", n - 1));
    assert!(
        harness.state().timeline.event_position(&event.id).is_none(),
        "blind: another coder's event is not drawn"
    );

    harness.state_mut().apply(
        &egui::Context::default(),
        khabar::ui::Action::Team(khabar::ui::team::TeamAction::SetBlind(false)),
    );
    harness.run();
    harness.get_by_label(&format!("{n} of {n} events"));
}

#[test]
fn the_agreement_window_compares_chosen_articles_at_a_chosen_segment_overlap() {
    let mut harness = common::app_harness(two_coders());
    harness.run();
    let first = harness.state().project.as_ref().unwrap().metas()[0]
        .id
        .clone();
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.run();
    let at = harness.get_by_label("Articles to compare").rect().center();
    common::click(&mut harness, at);
    harness.run();
    harness.event(egui::Event::Text(first.0[..8].to_owned()));
    harness.run();
    harness.state_mut().agreement.overlap = Some(0.5);
    let list = coders(harness.state().project.as_ref().unwrap());
    for name in ["alice", "bob"] {
        harness
            .get_by_label(&format!("{name} ({})", list[name]))
            .click();
        harness.run();
    }
    harness.get_by_label("Compute agreement").click();
    harness.run();
    let mut opts = AgreementOptions::new(vec!["alice".into(), "bob".into()]);
    opts.articles = Some(vec![first.0[..8].to_owned()]);
    opts.overlap = 0.5;
    let expected = agreement(harness.state().project.as_ref().unwrap(), &opts).unwrap();
    assert_eq!(expected.articles, 1);
    let all = agreement(
        harness.state().project.as_ref().unwrap(),
        &AgreementOptions::new(vec!["alice".into(), "bob".into()]),
    )
    .unwrap();
    assert_ne!(
        fmt_value(expected.overall.alpha),
        fmt_value(all.overall.alpha),
        "the premise: one article gives another α than both"
    );
    let row = &expected.overall;
    for text in [
        fmt_alpha(row.alpha, row.alpha_ci),
        fmt_percent(row.segments[0].agreement),
    ] {
        assert!(count(&harness, Role::Label, &text) >= 1, "no cell “{text}”");
    }
    harness.get_by_label_contains("· 1 article(s) ·");
}
