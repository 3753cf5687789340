//! Shaping invariants: every corpus paragraph lays out with one glyph per char and no missing glyph, and painting
//! annotations never changes a glyph's position (highlights are shapes behind the text, not text sections).

mod common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use khabar::ui::viewer::{layout_block, range_rects};
use proptest::prelude::*;

#[test]
fn every_corpus_paragraph_has_one_glyph_per_char_and_no_missing_glyph() {
    let corpus = khabar::ingest::bundled_corpus();
    let mut harness = Harness::builder()
        .with_context_setup(|ctx| {
            khabar::ui::fonts::install(ctx, None);
            // A missing glyph panics instead of drawing tofu.
            ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
        })
        .build_ui(|ui| {
            for a in &corpus {
                for b in &a.blocks {
                    let text = a.block_text(b);
                    for family in [
                        khabar::ui::fonts::reading(),
                        khabar::ui::fonts::reading_bold(),
                    ] {
                        let g = layout_block(
                            ui,
                            text,
                            egui::FontId::new(20.0, family),
                            egui::Color32::BLACK,
                            700.0,
                        );
                        let glyphs: usize = g.rows.iter().map(|r| r.glyphs.len()).sum();
                        assert_eq!(glyphs, text.chars().count(), "{}: {text}", a.meta.origin);
                    }
                }
            }
        });
    // Missing glyphs panic (policy above); a layout that ran means every paragraph passed.
    harness.run();
}

/// Glyph positions of every paragraph the viewer painted, by block index.
fn glyph_positions(app: &khabar::ui::KhabarApp) -> Vec<(usize, Vec<(char, egui::Pos2)>)> {
    app.viewer
        .placed
        .iter()
        .map(|p| {
            let mut v = Vec::new();
            for row in &p.galley.rows {
                for g in &row.glyphs {
                    v.push((g.chr, p.rect.min + row.pos.to_vec2() + g.pos.to_vec2()));
                }
            }
            (p.block, v)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn highlights_never_move_glyphs(article_idx in 0usize..5, spans in proptest::collection::vec((0usize..4000, 1usize..300, 1u8..=9), 1..25)) {
        let project = common::bundled_project();
        let id = project.metas()[article_idx].id.clone();
        let title = project.metas()[article_idx].title.clone();
        let mut harness = common::app_harness(project);
        harness.run();
        harness.get_by_role_and_label(Role::Button, &title).click();
        harness.run();
        let before = glyph_positions(harness.state());
        prop_assert!(!before.is_empty());
        // Random overlapping annotations, anywhere in the article.
        {
            let p = harness.state_mut().project.as_mut().unwrap();
            let n = p.article(&id).unwrap().index.char_len();
            for (start, len, code) in &spans {
                let s = start % n;
                let e = (s + len).min(n);
                let code = p.code_by_shortcut(*code).unwrap().id;
                let _ = p.add_annotation(&id, s..e, vec![code], String::new());
            }
            prop_assert!(p.annotation_count() > 0);
        }
        harness.run();
        let after = glyph_positions(harness.state());
        prop_assert_eq!(before, after);
    }
}

#[test]
fn highlight_rects_cover_exactly_the_annotated_clusters() {
    let corpus = khabar::ingest::bundled_corpus();
    let a = &corpus[0];
    let b = a
        .blocks
        .iter()
        .find(|b| b.kind == khabar::model::BlockKind::Body)
        .unwrap();
    let text = a.block_text(b).to_owned();
    let mut harness = Harness::builder()
        .with_context_setup(|ctx| khabar::ui::fonts::install(ctx, None))
        .build_ui(move |ui| {
            let g = layout_block(
                ui,
                &text,
                egui::FontId::new(20.0, khabar::ui::fonts::reading()),
                egui::Color32::BLACK,
                500.0,
            );
            // The whole paragraph: one rect per row, spanning each row.
            let rects = range_rects(&g, 0..text.chars().count());
            assert_eq!(rects.len(), g.rows.len());
            for (r, row) in rects.iter().zip(&g.rows) {
                assert!((r.width() - row.size.x).abs() < 1.0);
            }
            // A word in the first row: its rect starts at its first glyph and ends at the next word's space.
            let rects = range_rects(&g, 4..8);
            assert_eq!(rects.len(), 1);
            let row = &g.rows[0];
            assert!((rects[0].min.x - row.glyphs[4].pos.x).abs() < 0.01);
            assert!((rects[0].max.x - row.glyphs[8].pos.x).abs() < 0.01);
            assert!(range_rects(&g, 3..3).is_empty());
        });
    harness.run();
}
