//! The coding screen driven with kittest: word snapping, the popup with several codes, no duplicate coding, the
//! annotations list, coding stripes that stay apart at any depth, and view preferences that persist.

mod common;

use egui::accesskit::Role;
use egui::{Key, Pos2, Rect};
use egui_kittest::kittest::{NodeT, Queryable};
use khabar::model::{ArticleId, BlockKind};
use khabar::ui::viewer::MarkKind;
use khabar::ui::{KhabarApp, Prefs};

/// The first body paragraph of article `idx`: its id, text and first char offset.
fn first_body(project: &khabar::project::Project, idx: usize) -> (ArticleId, String, usize) {
    let id = project.metas()[idx].id.clone();
    let a = project.article(&id).unwrap();
    let b = a.blocks.iter().find(|b| b.kind == BlockKind::Body).unwrap();
    (id, a.block_text(b).to_owned(), b.content.start)
}

/// Screen position of char `c` (article offset) of a painted paragraph, at the middle of its row.
fn pos_of_char(harness: &egui_kittest::Harness<'static, KhabarApp>, c: usize) -> Pos2 {
    let p = harness
        .state()
        .viewer
        .placed
        .iter()
        .find(|p| c >= p.offset && c < p.offset + p.galley.text().chars().count())
        .expect("the char is painted")
        .clone();
    let r = p
        .galley
        .pos_from_cursor(egui::text::CCursor::new(c - p.offset));
    p.rect.min + r.center().to_vec2() + egui::vec2(1.0, 0.0)
}

/// Char range (in the article) of the `i`-th space-separated word of the paragraph starting at `para_start`.
fn word_range(body: &str, para_start: usize, i: usize) -> std::ops::Range<usize> {
    let mut c = para_start;
    for (k, w) in body.split(' ').enumerate() {
        let n = w.chars().count();
        if k == i {
            return c..c + n;
        }
        c += n + 1;
    }
    panic!("no word {i}")
}

fn harness_with(project: khabar::project::Project) -> egui_kittest::Harness<'static, KhabarApp> {
    let mut harness = common::app_harness(project);
    harness.state_mut().timeline.open = false;
    harness.run();
    harness
}

#[test]
fn a_drag_from_mid_word_to_mid_word_codes_whole_words_without_spaces_unless_letters_are_preferred()
{
    let project = common::bundled_project();
    let (id, body, start) = first_body(&project, 0);
    let words: Vec<&str> = body.split(' ').collect();
    // Two words of at least four letters, two or more words apart.
    let project_article = project.article(&id).unwrap();
    let long = |w: &str| w.chars().count() >= 4 && w.chars().all(|c| !c.is_ascii() && c != '।');
    let i1 = (0..words.len()).find(|&i| long(words[i])).unwrap();
    let i2 = (i1 + 2..words.len()).find(|&i| long(words[i])).unwrap();
    let (w1, w2) = (words[i1], words[i2]);
    let mut harness = harness_with(project);
    // From the second letter (cluster) of one word into the second-last letter of another.
    let clusters = project_article.graphemes();
    let first = clusters.ceil(word_range(&body, start, i1).start + 1);
    let last = clusters.floor(word_range(&body, start, i2).end - 1) - 1;
    let from = pos_of_char(&harness, first);
    let to = pos_of_char(&harness, last);
    common::drag(&mut harness, from, to);
    let app = harness.state();
    let article = app.project.as_ref().unwrap().article(&id).unwrap();
    let range = app.viewer.selected_range(&article).expect("a selection");
    let quote = article.slice(range).to_owned();
    assert!(
        quote.starts_with(w1) && quote.ends_with(w2),
        "whole words: {quote:?} (from {w1:?} to {w2:?})"
    );
    assert_eq!(quote.trim(), quote, "no spaces at the ends");

    // With the letter-precise preference the same drag keeps its mid-word ends (snapped to letters only).
    harness.key_press(Key::Escape);
    harness.state_mut().prefs.letter_precise = true;
    harness.run();
    common::drag(&mut harness, from, to);
    let app = harness.state();
    let range = app.viewer.selected_range(&article).expect("a selection");
    let precise = article.slice(range.clone()).to_owned();
    assert!(
        !precise.starts_with(w1) && precise.len() < quote.len(),
        "letters: {precise:?}"
    );
    assert!(
        article.graphemes().is_boundary(range.start) && article.graphemes().is_boundary(range.end)
    );
}

#[test]
fn the_popup_applies_several_codes_toggled_with_number_keys_then_enter_and_stays_above_the_selection(
) {
    let project = common::bundled_project();
    let (id, body, start) = first_body(&project, 0);
    let mut harness = harness_with(project);
    // The paragraph's last word (lower on screen, so there is room above it).
    let last_word = body.split(' ').count() - 1;
    let row_h = {
        let p = &harness.state().viewer.placed;
        p.iter().find(|p| p.offset == start).unwrap().galley.rows[0].height()
    };
    let from = pos_of_char(&harness, word_range(&body, start, last_word).start);
    let to = pos_of_char(&harness, word_range(&body, start, last_word).end - 1);
    common::drag(&mut harness, from, to);
    harness.run();
    // None of the popup's checkboxes covers the selected row or the two rows below it: it is above them.
    let boxes: Vec<Rect> = harness
        .get_all_by_role(Role::CheckBox)
        .map(|n| n.rect())
        .collect();
    assert!(boxes.len() >= 9, "one checkbox per code");
    let keep = egui::Rangef::new(from.y - row_h / 2.0, from.y + row_h * 2.5);
    for b in &boxes {
        assert!(
            b.max.y < keep.min,
            "checkbox {b:?} is not above the selection and the two rows below it ({keep:?})"
        );
    }
    // 1, 3, 3 (off again), 2, then Enter: one annotation with codes 1 and 2.
    for k in [Key::Num1, Key::Num3, Key::Num3, Key::Num2] {
        harness.key_press(k);
        harness.run();
    }
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        0,
        "keys only tick"
    );
    harness.key_press(Key::Enter);
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    let anns = p.annotations_of(&id);
    assert_eq!(anns.len(), 1);
    let mut codes = anns[0].codes.clone();
    codes.sort();
    let mut want = vec![
        p.code_by_shortcut(1).unwrap().id,
        p.code_by_shortcut(2).unwrap().id,
    ];
    want.sort();
    assert_eq!(codes, want);
    assert!(
        harness.state().viewer.selection.is_none(),
        "the popup closes"
    );
}

#[test]
fn coding_the_same_passage_with_the_same_code_again_tells_the_user_and_adds_nothing() {
    let project = common::bundled_project();
    let (id, body, start) = first_body(&project, 0);
    let mut harness = harness_with(project);
    let word = word_range(&body, start, 2);
    let (from, to) = (
        pos_of_char(&harness, word.start),
        pos_of_char(&harness, word.end - 1),
    );
    for round in 0..2 {
        common::drag(&mut harness, from, to);
        harness.key_press(Key::Num1);
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        let app = harness.state();
        assert_eq!(
            app.project.as_ref().unwrap().annotations_of(&id).len(),
            1,
            "round {round}: still one annotation"
        );
    }
    let last = harness.state().messages.last().unwrap().clone();
    assert!(
        last.error && last.text.contains("already coded"),
        "{last:?}"
    );
    // The domain refuses it too, whoever asks.
    let app = harness.state_mut();
    let p = app.project.as_mut().unwrap();
    let a = p.annotations_of(&id)[0].clone();
    let again = p.add_annotation(&id, a.start..a.end, a.codes.clone(), String::new());
    assert!(
        matches!(
            again,
            Err(khabar::project::ProjectError::AlreadyCoded { .. })
        ),
        "{again:?}"
    );
    // Another code on the same passage is not a duplicate.
    let other = p.code_by_shortcut(2).unwrap().id;
    p.add_annotation(&id, a.start..a.end, vec![other], String::new())
        .unwrap();
    assert_eq!(p.annotations_of(&id).len(), 2);
}

/// Twenty annotations over one word, with spans growing around it.
fn twenty_overlaps(project: &mut khabar::project::Project) -> (ArticleId, usize) {
    let (id, body, start) = first_body(project, 0);
    let words: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut c = 0;
        for w in body.split(' ') {
            let n = w.chars().count();
            out.push((start + c, start + c + n));
            c += n + 1;
        }
        out
    };
    let t = 6.min(words.len() - 4);
    let codes: Vec<_> = project.codes().iter().map(|c| c.id).collect();
    for k in 0..20 {
        let lo = words[t.saturating_sub(k % 5)].0;
        let hi = words[(t + k / 5).min(words.len() - 1)].1;
        project
            .add_annotation(
                &id,
                lo..hi,
                vec![codes[k % codes.len()], codes[(k + 3) % codes.len()]],
                format!("n{k}"),
            )
            .or_else(|_| {
                project.add_annotation(
                    &id,
                    lo..hi,
                    vec![codes[(k + 5) % codes.len()]],
                    format!("m{k}"),
                )
            })
            .unwrap();
    }
    (id, words[t].0)
}

#[test]
fn twenty_overlapping_annotations_on_one_word_give_stripes_and_underlines_that_touch_nothing() {
    let mut project = common::bundled_project();
    let (_, word_start) = twenty_overlaps(&mut project);
    let harness = harness_with(project);
    let app = harness.state();
    let marks = &app.viewer.marks;
    let here = |m: &&khabar::ui::viewer::Mark| {
        let p = app
            .project
            .as_ref()
            .unwrap()
            .annotation(&m.annotation)
            .unwrap();
        p.start <= word_start && p.end > word_start
    };
    let stripes = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Stripe)
        .filter(here)
        .count();
    assert_eq!(stripes, 20, "one stripe per annotation in the margin");
    // At most two underline lanes under any row.
    let mut lanes: Vec<(i32, i32)> = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Underline)
        .map(|m| (m.rect.min.y.round() as i32, 0))
        .collect();
    lanes.sort();
    lanes.dedup();
    assert!(!lanes.is_empty(), "the text keeps a light underline");
    let overlaps = |a: Rect, b: Rect| {
        let i = a.intersect(b);
        i.width() > 0.01 && i.height() > 0.01
    };
    for (i, a) in marks.iter().enumerate() {
        for b in &marks[i + 1..] {
            assert!(!overlaps(a.rect, b.rect), "{a:?} overlaps {b:?}");
        }
    }
    // Every glyph quad (its ink, with the atlas padding) of every painted paragraph.
    let mut glyphs = Vec::new();
    for p in &app.viewer.placed {
        for row in &p.galley.rows {
            let v = &row.visuals;
            for quad in v.mesh.vertices[v.glyph_vertex_range.clone()].chunks(4) {
                let r = Rect::from_points(&quad.iter().map(|v| v.pos).collect::<Vec<_>>());
                glyphs.push(r.translate(p.rect.min.to_vec2() + row.pos.to_vec2()));
            }
        }
    }
    assert!(glyphs.len() > 100);
    for m in marks {
        for g in &glyphs {
            assert!(!overlaps(m.rect, *g), "{m:?} touches the glyph at {g:?}");
        }
    }
    // Underlines in at most two lanes under each row: per row band, distinct underline heights.
    let mut per_row: std::collections::HashMap<i32, std::collections::BTreeSet<i32>> =
        Default::default();
    for m in marks.iter().filter(|m| m.kind == MarkKind::Underline) {
        per_row
            .entry((m.rect.min.y / 20.0) as i32)
            .or_default()
            .insert((m.rect.min.y * 10.0).round() as i32);
    }
    for (row, ys) in per_row {
        assert!(
            ys.len() <= khabar::ui::viewer::TEXT_LANES,
            "row {row}: {ys:?}"
        );
    }
}

#[test]
fn clicking_a_stripe_selects_its_annotation_and_a_click_anywhere_on_a_list_row_jumps() {
    let mut project = common::bundled_project();
    let (id, _) = twenty_overlaps(&mut project);
    let mut harness = harness_with(project);
    let stripe = harness
        .state()
        .viewer
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Stripe)
        .unwrap()
        .clone();
    common::click(&mut harness, stripe.rect.center());
    assert_eq!(
        harness.state().viewer.selected_annotation,
        Some(stripe.annotation)
    );

    // Right-click on another stripe offers its actions; "Delete annotation" deletes that one.
    let other = harness
        .state()
        .viewer
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Stripe && m.annotation != stripe.annotation)
        .unwrap()
        .clone();
    let count = harness.state().project.as_ref().unwrap().annotation_count();
    let at = other.rect.center();
    harness.event(egui::Event::PointerMoved(at));
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run();
    }
    harness.get_by_label("Delete annotation").click();
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    assert_eq!(p.annotation_count(), count - 1);
    assert!(
        p.annotation(&other.annotation).is_none(),
        "the right-clicked one was deleted"
    );

    // The list: with an annotation selected, at least 8 rows are fully visible (timeline shown, 1400×900).
    harness.state_mut().timeline.open = true;
    harness.run();
    let timeline_top = harness
        .get_all_by_label("Timeline")
        .map(|n| n.rect().top())
        .fold(f32::INFINITY, f32::min);
    let quotes: Vec<String> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .annotations_of(&id)
        .iter()
        .map(|a| a.quote.clone())
        .collect();
    let rows: Vec<Rect> = harness
        .get_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| quotes.contains(&l))
        })
        .map(|n| n.rect())
        .filter(|r| r.min.x > 1000.0 && r.max.y <= timeline_top)
        .collect();
    assert!(
        rows.len() >= 8,
        "{} rows visible above the timeline at y={timeline_top}",
        rows.len()
    );

    // A click on the quote text of another row (not on its frame) selects it and jumps.
    let other = harness
        .get_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| quotes.contains(&l))
        })
        .filter(|n| n.rect().min.x > 1000.0 && n.rect().max.y <= timeline_top)
        .nth(3)
        .unwrap()
        .rect();
    let quote_pos = Pos2::new(other.left() + 60.0, other.top() + 10.0);
    let before = harness.state().viewer.selected_annotation;
    common::click(&mut harness, quote_pos);
    let after = harness.state().viewer.selected_annotation;
    assert!(after.is_some() && after != before, "the row was selected");
    assert!(
        harness.state().viewer.flash.is_some(),
        "the viewer jumped to the passage and flashes it"
    );
}

/// eframe's storage, in memory.
#[derive(Default)]
struct MemStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn timeline_lanes_annotation_scope_and_the_imported_article_persist_through_eframe_storage() {
    let project = common::bundled_project();
    let mut harness = common::app_harness(project);
    harness.run();
    harness.get_by_label("By article").click();
    harness.run();
    let scope = harness
        .get_all_by_label("Corpus")
        .find(|n| n.rect().min.x > 1000.0)
        .expect("the annotations list's scope button");
    scope.click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::T);
    harness.run();
    assert!(!harness.state().timeline.open);
    // Import an article: it is opened, and is the article opened next time.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.txt");
    std::fs::write(&file, "नया लेख\n\nयह एक नया लेख है जिसमें कुछ बातें हैं।\n").unwrap();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, khabar::ui::Action::ImportArticles(vec![file]));
    harness.run();
    let imported = harness.state().viewer.article.clone().unwrap();
    assert!(harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .article(&imported)
        .unwrap()
        .text
        .contains("नया लेख"));

    let mut storage = MemStorage::default();
    harness.state().save_prefs(&mut storage);
    let prefs: Prefs = serde_json::from_str(storage.0.values().next().unwrap()).unwrap();
    // The same project (with the import) in a new app with the saved preferences.
    let project = harness.state_mut().project.take().unwrap();
    let app = KhabarApp::headless(project, prefs);
    assert!(!app.timeline.open, "timeline stays hidden");
    assert!(app.timeline.by_article, "lanes by article");
    assert!(app.annotations.whole_corpus, "annotation scope: corpus");
    assert_eq!(
        app.viewer.article.as_ref(),
        Some(&imported),
        "the imported article is open"
    );
}

#[test]
fn import_failures_are_listed_at_once_and_an_opened_path_field_takes_the_keyboard() {
    let project = common::bundled_project();
    let mut harness = harness_with(project);
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "शीर्षक\n\nयह एक लेख है।\n").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"abc\0def").unwrap();
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::ImportArticles(vec![good, empty, binary]),
    );
    harness.run();
    // A window names both failed files with their reasons, without any click.
    harness.get_by_label_contains("2 file(s) could not be imported");
    for name in ["empty.txt", "binary.txt"] {
        assert!(
            harness.query_by_label_contains(name).is_some(),
            "{name} is listed"
        );
    }
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness
        .query_by_label_contains("could not be imported")
        .is_none());

    // File › Import articles without a native dialog: the path field is focused, so typing goes into it.
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::ShowPrompt(khabar::ui::dialogs::DialogPurpose::ImportArticles),
    );
    harness.run();
    harness.event(egui::Event::Text("/tmp/x.txt".into()));
    harness.run();
    assert_eq!(harness.state().prompt.as_ref().unwrap().text, "/tmp/x.txt");
}

#[test]
fn codebook_names_are_shown_whole_in_fields_as_wide_as_the_name() {
    let project = common::bundled_project();
    let mut harness = harness_with(project);
    harness.state_mut().codebook.open = true;
    harness.run();
    let names: Vec<(i64, String)> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .codes()
        .iter()
        .map(|c| (c.id, c.name.clone()))
        .collect();
    for (id, name) in names {
        let field = harness.get_by_label(&format!("Name of code {id}")).rect();
        let text_w = harness.ctx.fonts_mut(|f| {
            f.layout_no_wrap(
                name.clone(),
                egui::FontId::proportional(14.0),
                egui::Color32::BLACK,
            )
            .size()
            .x
        });
        assert!(
            field.width() >= text_w + 8.0 && field.width() >= 170.0,
            "{name}: field {} wide for text {text_w}",
            field.width()
        );
    }
}
