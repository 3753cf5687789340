//! The search window driven with kittest: Ctrl+Shift+F, type a query, the keyword-in-context list shows the hits the
//! domain finds, a row click opens the article at the hit; coding all hits adds them in one step that one Ctrl+Z
//! removes; Ctrl+F highlights the open article's hits and F3 / Shift+F3 step through them.

mod common;

use std::collections::HashSet;

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::NodeT;
use egui_kittest::kittest::Queryable;
use khabar::model::ArticleId;
use khabar::project::Project;
use khabar::search::autocode::{widen, Widen};
use khabar::search::{KwicRow, Search, SearchOptions};

const QUERY: &str = "पुतिन";

fn all_hits(project: &Project) -> Vec<KwicRow> {
    Search::new(project, QUERY, SearchOptions::default())
        .unwrap()
        .all(project)
        .unwrap()
}

fn type_text(harness: &mut egui_kittest::Harness<'static, khabar::ui::KhabarApp>, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

#[test]
fn ctrl_shift_f_lists_the_hits_in_context_and_a_row_click_opens_the_article_at_the_hit() {
    let project = common::bundled_project();
    let expected = all_hits(&project);
    assert!(expected.len() > 1, "the bundled corpus mentions {QUERY}");
    // Open an article other than the first hit's, so the jump is seen.
    let elsewhere: ArticleId = project
        .metas()
        .iter()
        .map(|m| m.id.clone())
        .find(|id| *id != expected[0].article)
        .unwrap();
    let mut harness = common::app_harness(project);
    harness.state_mut().viewer.open(elsewhere.clone());
    harness.run();
    assert!(harness.query_by_label("Search query").is_none());

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    // The query field has the keyboard: typing goes there without a click.
    type_text(&mut harness, QUERY);
    assert_eq!(harness.state().search.query, QUERY);
    assert!(
        !harness.state().search.in_article,
        "Ctrl+Shift+F searches the corpus"
    );
    let rows = harness.state().search.rows().to_vec();
    let first_page = expected.len().min(khabar::ui::search_window::PAGE);
    assert!(rows.len() >= first_page && rows.len() <= expected.len());
    assert_eq!(
        rows[..],
        expected[..rows.len()],
        "the rows are the domain's hits, in corpus order"
    );
    for r in &rows {
        assert!(!r.hit.is_empty() && !r.left.contains('\n'));
    }

    // The first row is on screen, with its context; clicking it opens its article at the hit.
    let row = harness.get_by_label_contains("Hit 1:");
    let label = row.accesskit_node().label().unwrap_or_default();
    assert!(label.contains(&format!("{}{}{}", rows[0].left, rows[0].hit, rows[0].right)));
    assert!(label.contains(&rows[0].title));
    row.click();
    harness.run();
    let state = harness.state();
    assert_eq!(state.viewer.article.as_ref(), Some(&rows[0].article));
    let (flash, _) = state
        .viewer
        .flash
        .clone()
        .expect("the jump flashes the passage");
    assert_eq!(flash, rows[0].start..rows[0].end);
    let p = state.project.as_ref().unwrap();
    let a = p.article(&rows[0].article).unwrap();
    assert_eq!(a.slice(flash), rows[0].hit);
}

#[test]
fn code_all_hits_adds_one_annotation_per_hit_and_one_ctrl_z_removes_them_all() {
    let project = common::bundled_project();
    let expected = all_hits(&project);
    let code = project.codes()[0].clone();
    let before = project.annotation_count();
    // What coding every hit (widened to the word) must add: distinct ranges not already coded with this code.
    let mut want = HashSet::new();
    for h in &expected {
        let a = project.article(&h.article).unwrap();
        let r = widen(&a, h.start, h.end, Widen::Word);
        let coded = project
            .annotations_of(&h.article)
            .iter()
            .any(|x| x.start == r.start && x.end == r.end && x.codes.contains(&code.id));
        if !coded {
            want.insert((h.article.clone(), r.start, r.end));
        }
    }
    assert!(!want.is_empty());

    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    type_text(&mut harness, QUERY);
    assert!(!harness.state().search.rows().is_empty());
    harness.get_by_label("Code for the hits").click();
    harness.run();
    harness
        .get_all_by_label(&code.name)
        .last()
        .expect("the code in the combo's list")
        .click();
    harness.run();
    assert_eq!(harness.state().search.code, Some(code.id));

    harness.get_by_label("Code all hits").click();
    harness.run();
    let added: Vec<(ArticleId, usize, usize)> = {
        let p = harness.state().project.as_ref().unwrap();
        assert_eq!(p.annotation_count(), before + want.len());
        p.all_annotations()
            .into_iter()
            .filter(|a| a.codes == vec![code.id])
            .map(|a| (a.article.clone(), a.start, a.end))
            .collect()
    };
    for k in &want {
        assert!(added.contains(k), "hit {k:?} coded");
    }
    let msg = harness.state().messages.last().unwrap().text.clone();
    assert!(msg.contains(&format!("Coded {}", want.len())), "{msg}");
    assert!(
        msg.contains(&format!("skipped {}", expected.len() - want.len())),
        "{msg}"
    );

    // Again: every range is coded already, so nothing is added (and no second undo step is made).
    harness.get_by_label("Code all hits").click();
    harness.run();
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        before + want.len()
    );
    assert!(harness
        .state()
        .messages
        .last()
        .unwrap()
        .text
        .contains("already"));

    // One Ctrl+Z, with the keyboard outside any text field, removes every one of them.
    assert!(!harness.ctx.egui_wants_keyboard_input());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        before
    );
}

#[test]
fn ctrl_f_highlights_the_open_articles_hits_and_f3_steps_through_them() {
    let project = common::bundled_project();
    let expected = all_hits(&project);
    // An article with at least two hits.
    let article = expected
        .iter()
        .map(|r| r.article.clone())
        .find(|id| expected.iter().filter(|r| &r.article == id).count() >= 2)
        .expect("an article mentions the query twice");
    let hits: Vec<_> = expected
        .iter()
        .filter(|r| r.article == article)
        .map(|r| r.start..r.end)
        .collect();
    let mut harness = common::app_harness(project);
    harness.state_mut().viewer.open(article.clone());
    harness.run();
    assert!(harness.state().viewer.search_hits.is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    type_text(&mut harness, QUERY);
    assert!(
        harness.state().search.in_article,
        "Ctrl+F searches the open article"
    );
    // Only this article's hits are listed, and the viewer highlights exactly them.
    let rows = harness.state().search.rows().to_vec();
    assert_eq!(
        rows.iter().map(|r| r.start..r.end).collect::<Vec<_>>(),
        hits
    );
    assert_eq!(harness.state().viewer.search_hits, hits);

    let flash = |h: &egui_kittest::Harness<'static, khabar::ui::KhabarApp>| {
        h.state().viewer.flash.clone().map(|(r, _)| r)
    };
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(flash(&harness), Some(hits[0].clone()));
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(flash(&harness), Some(hits[1].clone()));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    harness.run();
    assert_eq!(flash(&harness), Some(hits[0].clone()));
    // Before the first: round to the last.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    harness.run();
    assert_eq!(flash(&harness), hits.last().cloned());
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&article));
}

#[test]
fn the_list_fetches_a_page_at_once_and_more_as_it_is_scrolled() {
    // A word in (nearly) every article: far more hits than a page.
    let query = "के";
    let project = common::bundled_project();
    let total = Search::new(&project, query, SearchOptions::default())
        .unwrap()
        .all(&project)
        .unwrap()
        .len();
    let page = khabar::ui::search_window::PAGE;
    assert!(total > page, "{total} hits");
    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    type_text(&mut harness, query);
    assert_eq!(harness.state().search.rows().len(), page);
    assert!(harness.state().search.has_more());
    // Only the visible rows are laid out.
    assert!(harness
        .query_by_label_contains(&format!("Hit {}:", page))
        .is_none());
    let at = harness.get_by_label_contains("Hit 1:").rect().center();
    harness.event(Event::PointerMoved(at));
    for _ in 0..20 {
        harness.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -1500.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run();
    }
    let n = harness.state().search.rows().len();
    assert!(n > page && n <= total, "{n} rows after scrolling");
    assert!(harness.query_by_label_contains("Hit 1:").is_none());
}

#[test]
fn ticked_rows_only_are_coded_by_code_selected() {
    let project = common::bundled_project();
    let expected = all_hits(&project);
    let code = project.codes()[1].clone();
    let before = project.annotation_count();
    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    type_text(&mut harness, QUERY);
    harness.state_mut().search.code = Some(code.id);
    harness.get_by_label("Select hit 2").click();
    harness.run();
    harness.get_by_label_contains("Code selected (1)").click();
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    assert_eq!(p.annotation_count(), before + 1);
    let a = p
        .all_annotations()
        .into_iter()
        .find(|a| a.codes == vec![code.id])
        .unwrap();
    assert_eq!(
        (&a.article, a.start, a.end),
        (&expected[1].article, expected[1].start, expected[1].end)
    );
}

#[test]
fn coded_segments_list_the_coded_hits_and_the_matrix_counts_them() {
    use khabar::ui::commands::Command;
    let project = common::bundled_project();
    let code = project.codes()[2].clone();
    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    type_text(&mut harness, QUERY);
    harness.state_mut().search.code = Some(code.id);
    harness.get_by_label("Code all hits").click();
    harness.run();
    let coded: Vec<(ArticleId, usize, usize)> = {
        let p = harness.state().project.as_ref().unwrap();
        p.all_annotations()
            .into_iter()
            .filter(|a| a.codes.contains(&code.id))
            .map(|a| (a.article.clone(), a.start, a.end))
            .collect()
    };
    assert!(!coded.is_empty());

    harness.state_mut().apply(
        &egui::Context::default(),
        khabar::ui::Action::Command(Command::CodedSegments),
    );
    harness.state_mut().segments.code = Some(code.id);
    harness.run();
    let segs: Vec<(ArticleId, usize, usize)> = harness
        .state()
        .segments
        .segments()
        .iter()
        .map(|s| (s.article.clone(), s.start, s.end))
        .collect();
    let mut want = coded.clone();
    want.sort();
    let mut got = segs.clone();
    got.sort();
    assert_eq!(got, want, "every coded hit is a segment");

    harness.state_mut().apply(
        &egui::Context::default(),
        khabar::ui::Action::Command(Command::CodeMatrix),
    );
    harness.run();
    let m = harness
        .state()
        .matrix
        .matrix()
        .expect("the matrix is computed")
        .clone();
    let row = m.codes.iter().position(|c| c.id == code.id).unwrap();
    assert_eq!(m.counts[row].iter().sum::<usize>(), coded.len());
}

#[test]
fn opening_another_project_drops_the_rows_ticks_and_code_chosen_in_the_previous_one() {
    let project = common::bundled_project();
    let code = project.codes()[0].id;
    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    type_text(&mut harness, QUERY);
    harness.state_mut().search.code = Some(code);
    harness.get_by_label("Select hit 1").click();
    harness.run();
    assert_eq!(harness.state().search.selected.len(), 1);

    let other = Project::in_memory(&khabar::ingest::bundled_corpus()[..3]);
    let expected = Search::new(&other, QUERY, SearchOptions::default())
        .unwrap()
        .all(&other)
        .unwrap();
    harness.state_mut().set_project(other);
    harness.run();
    let s = &harness.state().search;
    assert!(s.open && s.query == QUERY, "the query stays");
    assert!(s.code.is_none() && s.selected.is_empty() && s.current.is_none());
    assert_eq!(s.rows(), &expected[..], "the rows are the new project's");
}
