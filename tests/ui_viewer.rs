//! The real app driven with kittest: open an article by its Hindi title, select with the mouse, code with a key,
//! undo and redo; shaping is never affected by highlights.

mod common;

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::kittest::Queryable;
use khabar::model::BlockKind;

fn first_body_text(
    project: &mut khabar::project::Project,
    idx: usize,
) -> (khabar::model::ArticleId, String) {
    let id = project.metas()[idx].id.clone();
    let a = project.article(&id).unwrap();
    let b = a.blocks.iter().find(|b| b.kind == BlockKind::Body).unwrap();
    (id, a.block_text(b).to_owned())
}

#[test]
fn clicking_an_article_title_shows_its_first_body_paragraph() {
    let mut project = common::bundled_project();
    let (id, body) = first_body_text(&mut project, 2);
    let title = project.metas()[2].title.clone();
    let mut harness = common::app_harness(project);
    harness.run();
    // Before: the first article is open, not this one.
    assert!(harness
        .query_by_role_and_label(Role::Label, &body)
        .is_none());
    harness.get_by_role_and_label(Role::Button, &title).click();
    harness.run();
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&id));
    let para = harness.get_by_role_and_label(Role::Label, &body);
    assert!(
        para.rect().width() > 100.0,
        "the paragraph is laid out on screen"
    );
}

use common::drag;

#[test]
fn drag_over_a_paragraph_and_press_1_stores_a_grapheme_aligned_annotation_and_undo_redo_work() {
    let mut project = common::bundled_project();
    let (id, body) = first_body_text(&mut project, 0);
    let mut harness = common::app_harness(project);
    harness.run();
    let rect = harness.get_by_role_and_label(Role::Label, &body).rect();
    // From inside the first row to the middle of the second row: ends fall wherever the mouse is, even mid-cluster.
    let row_h = rect.height() / 2.0;
    let from = Pos2::new(rect.left() + 57.0, rect.top() + row_h * 0.5);
    let to = Pos2::new(rect.left() + 233.0, rect.top() + row_h * 1.5);
    drag(&mut harness, from, to);
    let selection = harness
        .state()
        .viewer
        .selection
        .expect("a selection after the drag");
    assert_ne!(selection.anchor, selection.head);
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    let app = harness.state_mut();
    let project = app.project.as_mut().unwrap();
    let anns = project
        .annotations_of(&id)
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(anns.len(), 1, "one annotation stored");
    let a = &anns[0];
    let article = project.article(&id).unwrap();
    assert!(article.graphemes().is_boundary(a.start) && article.graphemes().is_boundary(a.end));
    assert_eq!(a.quote, article.slice(a.start..a.end));
    assert!(a.quote.chars().count() > 5);
    assert!(
        body.contains(&a.quote),
        "the quote comes from the dragged paragraph"
    );
    let code1 = project.code_by_shortcut(1).unwrap().id;
    assert_eq!(a.codes, vec![code1]);
    assert_eq!(a.creator, "tester");
    // the selection covers both mouse positions (snapped outward to words, spaces at the ends left out)
    let letters = article.trim_spaces(article.snap(selection.anchor, selection.head));
    assert!(a.start <= letters.start && a.end >= letters.end);
    let ann_id = a.id;

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        0,
        "Ctrl+Z undoes"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    assert_eq!(p.annotation_count(), 1, "Ctrl+Shift+Z redoes");
    assert_eq!(p.annotation(&ann_id).unwrap().quote, anns[0].quote);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        1,
        "Ctrl+Y redoes too"
    );
}

#[test]
fn double_click_selects_a_word_and_escape_cancels() {
    let mut project = common::bundled_project();
    let (_, body) = first_body_text(&mut project, 0);
    let mut harness = common::app_harness(project);
    harness.run();
    let rect = harness.get_by_role_and_label(Role::Label, &body).rect();
    let pos = Pos2::new(rect.left() + 12.0, rect.top() + 10.0);
    harness.event(Event::PointerMoved(pos));
    for _ in 0..2 {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.step();
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    let app = harness.state_mut();
    let id = app.viewer.article.clone().unwrap();
    let article = app.project.as_mut().unwrap().article(&id).unwrap();
    let range = app
        .viewer
        .selected_range(&article)
        .expect("a word is selected");
    let word = article.slice(range.clone()).to_owned();
    assert!(!word.contains(' ') && word.chars().count() >= 2, "{word:?}");
    assert!(
        body.split_whitespace().any(|w| w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\u{94d}')
            .contains(&word)),
        "{word:?}"
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().viewer.selection.is_none());
}

#[test]
fn boilerplate_is_collapsed_and_expands_on_click() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    // Article 000 starts with an ad slot and a reading-time widget after the standfirst.
    assert!(
        harness
            .query_by_role_and_label(Role::Label, "Read Time: 3 mins")
            .is_none(),
        "hidden while collapsed"
    );
    harness
        .get_by_label_contains("2 boilerplate blocks")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Label, "Read Time: 3 mins");
}

#[test]
fn a_very_long_paragraph_is_laid_out_in_pieces_and_stays_selectable_across_them() {
    // One paragraph of about 20,000 chars: laid out as several galleys split at spaces.
    let sentence = "रूस और उत्तर कोरिया के बीच हुए समझौते पर दुनिया की नजर है। ";
    let text = format!("लंबा लेख\n\n{}\n", sentence.repeat(400));
    let article = khabar::model::Article::new(
        khabar::model::normalize_text(&text),
        "long.txt".into(),
        None,
    );
    let id = article.meta.id.clone();
    let project = khabar::project::Project::in_memory(&[article]);
    let mut harness = common::app_harness(project);
    harness.run();
    // Scroll down to where the first piece ends, so both sides of the boundary are on screen.
    harness.event(Event::PointerMoved(Pos2::new(650.0, 300.0)));
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -700.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    harness.run();
    // Rows are taller than estimated (they have room for underlines): scroll on until the boundary is mid-screen.
    let first_bottom = harness
        .state()
        .viewer
        .placed
        .iter()
        .find(|p| p.block == 1)
        .map(|p| p.rect.bottom());
    if let Some(bottom) = first_bottom.filter(|b| *b > 600.0) {
        harness.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -(bottom - 400.0)),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run();
    }
    let placed: Vec<(usize, usize, egui::Rect, usize)> = harness
        .state()
        .viewer
        .placed
        .iter()
        .map(|p| (p.block, p.offset, p.rect, p.galley.text().chars().count()))
        .collect();
    let body: Vec<_> = placed.iter().filter(|p| p.0 == 1).collect();
    assert!(
        body.len() >= 2,
        "the paragraph is split into pieces: {placed:?}"
    );
    // Pieces follow each other without gap or overlap, each at most 3000 chars, split after a space.
    for w in body.windows(2) {
        assert_eq!(w[0].1 + w[0].3, w[1].1);
        assert!(w[0].3 <= 3000);
    }
    // Drag from the first piece into the second: one annotation across the boundary.
    let (a, b) = (body[0].2, body[1].2);
    drag(
        &mut harness,
        Pos2::new(a.left() + 30.0, a.bottom() - 8.0),
        Pos2::new(b.left() + 60.0, b.top() + 8.0),
    );
    harness.key_press(Key::Num2);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    let anns = p.annotations_of(&id);
    assert_eq!(anns.len(), 1);
    assert!(
        anns[0].start < body[1].1 && anns[0].end > body[1].1,
        "the annotation spans the piece boundary"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any two mouse positions over a paragraph give a selection on grapheme cluster boundaries that covers the
    /// chars under both positions.
    #[test]
    fn any_pair_of_mouse_positions_selects_whole_clusters_covering_them(
        fx in 0.0f32..1.0, fy in 0.0f32..1.0, tx in 0.0f32..1.0, ty in 0.0f32..1.0, para in 0usize..3,
    ) {
        let project = common::bundled_project();
        let id = project.metas()[0].id.clone();
        let article = project.article(&id).unwrap();
        let body: Vec<String> = article
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Body)
            .map(|b| article.block_text(b).to_owned())
            .collect();
        let mut harness = common::app_harness(project);
        harness.state_mut().timeline.open = false; // the viewer gets the whole height
        harness.state_mut().prefs.letter_precise = true; // clusters, not words
        harness.run();
        // The paragraph's text rect (its widget also covers the margins beside it), as far as it is on screen.
        let (offset, galley, rect) = {
            let p = harness.state().viewer.placed.iter().find(|p| p.galley.text() == body[para]).unwrap();
            (p.offset, p.galley.clone(), p.rect)
        };
        let visible = rect.intersect(egui::Rect::from_min_max(Pos2::ZERO, Pos2::new(1400.0, 850.0)));
        let at = |x: f32, y: f32| Pos2::new(visible.left() + x * visible.width(), visible.top() + 2.0 + y * (visible.height() - 4.0));
        let (from, to) = (at(fx, fy), at(tx, ty));
        // The chars the pointer is over at both ends, as the galley maps them.
        let char_at = |p: Pos2| offset + galley.cursor_from_pos(p - rect.min).index.0;
        let (a, b) = (char_at(from), char_at(to));
        drag(&mut harness, from, to);
        let app = harness.state();
        match app.viewer.selected_range(&article) {
            Some(r) => {
                proptest::prop_assert!(article.graphemes().is_boundary(r.start));
                proptest::prop_assert!(article.graphemes().is_boundary(r.end));
                let letters = article.trim_spaces(article.snap(a, b));
                proptest::prop_assert!(r.start <= letters.start && r.end >= letters.end);
            }
            // A movement within egui's click distance is a click, not a drag; otherwise both ends were on one
            // cluster boundary and there is nothing to select.
            None => proptest::prop_assert!(
                (to - from).length() < 6.0 || article.trim_spaces(article.snap(a, b)).is_empty(),
                "no selection after dragging {:?} -> {:?}", from, to
            ),
        }
    }
}

#[test]
fn ctrl_page_down_and_up_move_through_the_corpus_list() {
    let project = common::bundled_project();
    let ids: Vec<_> = project.metas().iter().map(|m| m.id.clone()).collect();
    let mut harness = common::app_harness(project);
    harness.run();
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&ids[0]));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&ids[1]));
    for _ in 0..10 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
        harness.run();
    }
    assert_eq!(
        harness.state().viewer.article.as_ref(),
        Some(&ids[4]),
        "stops at the last article"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    harness.run();
    assert_eq!(harness.state().viewer.article.as_ref(), Some(&ids[3]));
    // With a filter, only the matching articles are stepped through.
    harness.state_mut().corpus.filter = "Lokmat".into();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(
        harness.state().viewer.article.as_ref(),
        Some(&ids[4]),
        "the only Lokmat article"
    );
}

/// View › Underline dates: every temporal expression of the open article is underlined below the text, its TIMEX3
/// value shows on hover, and switching it off removes the underlines.
#[test]
fn view_underline_dates_marks_each_temporal_expression_with_its_value_on_hover() {
    let project = common::bundled_project();
    let mut harness = common::app_harness(project);
    harness.run();
    assert!(
        harness.state().viewer.date_marks.is_empty(),
        "off by default"
    );
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Underline dates").click();
    harness.run();
    harness.run();
    assert!(harness.state().prefs.underline_dates);
    let marks = harness.state().viewer.date_marks.clone();
    assert!(!marks.is_empty(), "the first article has dates");
    assert!(
        marks.iter().any(|(_, hover)| hover.starts_with("DATE 20")),
        "{marks:?}"
    );
    // What the underlines say is what the tagger found in the article.
    let app = harness.state();
    let p = app.project.as_ref().unwrap();
    let id = app.viewer.article.clone().unwrap();
    let (text, blocks) = p.article_text_and_blocks(&id).unwrap();
    let found = khabar::timeline::mentions::article_mentions(
        &id,
        p.meta(&id).unwrap().published,
        &text,
        &blocks,
    );
    // (Only what is on screen is painted: every underline is one of the article's expressions.)
    for (_, hover) in &marks {
        assert!(
            found.iter().any(|m| {
                let value = m.value.clone().unwrap_or_else(|| "(unresolved)".into());
                hover.starts_with(&format!("{} {value} ", m.timex_type.as_str()))
            }),
            "{hover} is none of the article's expressions"
        );
    }
    // Hovering the first underline shows its value.
    let (rect, hover) = marks[0].clone();
    harness
        .ctx
        .all_styles_mut(|s| s.interaction.tooltip_delay = 0.0);
    harness.hover_at(rect.center());
    for _ in 0..3 {
        harness.run();
    }
    assert!(
        harness.query_by_label_contains(&hover).is_some(),
        "no tooltip “{hover}”"
    );
    // Off again: no underlines.
    harness.hover_at(Pos2::new(5.0, 5.0));
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Underline dates").click();
    harness.run();
    assert!(harness.state().viewer.date_marks.is_empty());
}

/// An annotation the project file holds outside its article is damage: the article still opens, the annotation is
/// not shown, and the window says what is wrong and where, once.
#[test]
fn a_damaged_annotation_is_reported_in_the_window_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.khabar");
    let id = {
        let mut p =
            khabar::project::Project::create(&path, &khabar::ingest::bundled_corpus()).unwrap();
        let id = p.metas()[0].id.clone();
        let code = p.codes()[0].id;
        p.add_annotation(&id, 0..5, vec![code], String::new())
            .unwrap();
        id
    };
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("UPDATE annotations SET end = 999999")
            .unwrap();
    }
    let project = khabar::project::Project::open(&path).unwrap();
    let mut harness = common::app_harness(project);
    harness.run();
    harness.run();
    let app = harness.state();
    assert_eq!(app.viewer.article.as_ref(), Some(&id));
    let errors: Vec<&str> = app
        .messages
        .iter()
        .filter(|m| m.error)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(
        errors.iter().filter(|t| t.contains("damaged")).count(),
        1,
        "{errors:?}"
    );
    assert!(errors
        .iter()
        .any(|t| t.contains("damaged.khabar") && t.contains("outside its article")));
    assert!(
        app.viewer.marks.is_empty(),
        "nothing of the damaged annotation is drawn"
    );
}
