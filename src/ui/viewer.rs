//! The article viewer: one galley per block, laid out with a single text format (so shaping is never split), only
//! the visible blocks laid out, highlights painted as shapes behind the text from the galley's geometry, and mouse
//! selection snapped to grapheme clusters.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, Vec2};
use uuid::Uuid;

use super::Action;
use crate::annotate::{Annotation, Code};
use crate::model::{Article, ArticleId, Block, BlockKind};
use crate::project::Project;

/// A selection in article char offsets: where the drag started and where it is now (unsnapped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

/// What the viewer lays out as one galley: a block, or a slice of a very long block (split at a space, where a
/// galley boundary cannot break shaping), so a 5 MB paragraph never has to be laid out at once.
#[derive(Clone, Debug, PartialEq)]
struct Piece {
    block: usize,
    /// Visible text, in article char offsets.
    range: Range<usize>,
    /// The part of the article this piece stands for (tiles the text, for scrolling to a position).
    tile: Range<usize>,
}

/// Longest piece laid out as one galley.
const MAX_PIECE_CHARS: usize = 3000;

fn split_pieces(article: &Article) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, b) in article.blocks.iter().enumerate() {
        let mut start = b.content.start;
        let first = out.len();
        while b.content.end - start > MAX_PIECE_CHARS {
            // Cut at the last whitespace before the limit (or at the limit, snapped to a cluster, if there is none).
            let limit = start + MAX_PIECE_CHARS;
            let window = article.slice(start..limit);
            let cut = window
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map(|(byte, _)| start + window[..byte].chars().count() + 1)
                .filter(|&c| c > start + MAX_PIECE_CHARS / 2)
                .unwrap_or_else(|| article.graphemes().floor(limit).max(start + 1));
            out.push(Piece {
                block: i,
                range: start..cut,
                tile: start..cut,
            });
            start = cut;
        }
        out.push(Piece {
            block: i,
            range: start..b.content.end,
            tile: start..b.range.end,
        });
        out[first].tile.start = b.range.start;
    }
    out
}

/// One galley as painted this frame: for hit-testing the mouse and for tests.
#[derive(Clone, Debug)]
pub struct PlacedBlock {
    pub block: usize,
    /// Index of the piece (a block, or a slice of a very long one).
    pub piece: usize,
    pub rect: Rect,
    pub galley: Arc<Galley>,
    /// Char offset of the galley's first char in the article.
    pub offset: usize,
}

#[derive(Default)]
pub struct ViewerState {
    pub article: Option<ArticleId>,
    pub selection: Option<Selection>,
    dragging: bool,
    pub selected_annotation: Option<Uuid>,
    /// Boilerplate groups (by first block index) the user expanded.
    expanded: HashSet<usize>,
    /// The article's blocks as laid-out pieces, and the article they are for.
    pieces: Vec<Piece>,
    pieces_for: Option<ArticleId>,
    /// Per piece: height (measured when laid out, estimated before) for the layout key below.
    heights: Vec<f32>,
    measured: Vec<bool>,
    height_key: Option<(ArticleId, u32, u32)>,
    /// Scroll so that this char is visible, then flash the range.
    pub pending_jump: Option<Range<usize>>,
    pub flash: Option<(Range<usize>, f64)>,
    /// Blocks painted in the last frame.
    pub placed: Vec<PlacedBlock>,
    /// Note being typed in the selection popup (`Some` when the note field is open).
    pub note_draft: Option<String>,
    /// Lanes of overlapping annotations, for an article of a project (identity and revision).
    lanes: HashMap<Uuid, usize>,
    /// Search hits in this article (char ranges), highlighted apart from codes; set by the app each frame.
    pub search_hits: Vec<Range<usize>>,
    lanes_key: Option<(
        ArticleId,
        crate::project::ProjectKey,
        super::team::CoderView,
    )>,
    /// Whose annotations are shown (set by the app from the preferences each frame; the annotations list and the
    /// timeline read it here too).
    pub coders: super::team::CoderView,
}

/// Visual style of a block kind at a reading size.
fn block_font(kind: BlockKind, size: f32) -> FontId {
    match kind {
        BlockKind::Title => FontId::new(size * 1.45, super::fonts::reading_bold()),
        BlockKind::Heading => FontId::new(size * 1.08, super::fonts::reading_bold()),
        BlockKind::Byline => FontId::new(size * 0.78, super::fonts::reading()),
        BlockKind::Body => FontId::new(size, super::fonts::reading()),
        BlockKind::Boilerplate => FontId::new(size * 0.8, super::fonts::reading()),
    }
}

/// Lay out one paragraph with one format: a section boundary inside a word would break Devanagari shaping.
pub fn layout_block(ui: &Ui, text: &str, font: FontId, color: Color32, width: f32) -> Arc<Galley> {
    let job = LayoutJob::simple(text.to_owned(), font, color, width);
    ui.fonts_mut(|f| f.layout_job(job))
}

/// Pixel rects covering chars `local` of a galley (galley coordinates), one per row touched.
pub fn range_rects(galley: &Galley, local: Range<usize>) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut row_start = 0usize;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let row_end = row_start + n;
        let s = local.start.max(row_start);
        let e = local.end.min(row_end);
        if s < e {
            let x0 = row.x_offset(egui::text::CharIndex(s - row_start)) + row.pos.x;
            let x1 = if e == row_end {
                row.pos.x + row.size.x
            } else {
                row.x_offset(egui::text::CharIndex(e - row_start)) + row.pos.x
            };
            out.push(Rect::from_min_max(
                Pos2::new(x0.min(x1), row.min_y()),
                Pos2::new(x0.max(x1), row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
    }
    out
}

fn code_color(code: Option<&Code>) -> Color32 {
    code.map(|c| Color32::from_rgb(c.color[0], c.color[1], c.color[2]))
        .unwrap_or(Color32::GRAY)
}

/// Groups of consecutive boilerplate blocks, by first index.
fn boilerplate_groups(blocks: &[Block]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if b.kind != BlockKind::Boilerplate {
            continue;
        }
        match out.last_mut() {
            Some(g) if g.end == i => g.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Items of the viewer: a text block, or a collapsed group of boilerplate blocks.
#[derive(Clone, Debug)]
enum Item {
    Text(usize),
    Collapsed(Range<usize>),
}

impl ViewerState {
    pub fn open(&mut self, id: ArticleId) {
        if self.article.as_ref() != Some(&id) {
            *self = ViewerState {
                article: Some(id),
                ..Default::default()
            };
        }
    }

    /// The selection snapped to grapheme clusters, as an article char range.
    pub fn selected_range(&self, article: &Article) -> Option<Range<usize>> {
        let s = self.selection?;
        let r = article.snap(s.anchor, s.head);
        (!r.is_empty()).then_some(r)
    }

    pub fn clear_selection(&mut self) {
        self.selection = None;
        self.note_draft = None;
    }

    fn items(&self, article: &Article) -> Vec<Item> {
        let groups = boilerplate_groups(&article.blocks);
        let mut items = Vec::new();
        let pieces_of = |b: usize| {
            let lo = self.pieces.partition_point(|p| p.block < b);
            let hi = self.pieces.partition_point(|p| p.block <= b);
            (lo..hi).map(Item::Text)
        };
        let mut i = 0;
        while i < article.blocks.len() {
            if let Some(g) = groups.iter().find(|g| g.start == i) {
                if self.expanded.contains(&g.start) {
                    items.push(Item::Collapsed(g.clone()));
                    for b in g.clone() {
                        items.extend(pieces_of(b));
                    }
                } else {
                    items.push(Item::Collapsed(g.clone()));
                }
                i = g.end;
            } else {
                items.extend(pieces_of(i));
                i += 1;
            }
        }
        items
    }

    fn ensure_heights(&mut self, article: &Article, width: f32, size: f32) {
        if self.pieces_for.as_ref() != Some(&article.meta.id) {
            self.pieces = split_pieces(article);
            self.pieces_for = Some(article.meta.id.clone());
        }
        let key = (article.meta.id.clone(), width.to_bits(), size.to_bits());
        if self.height_key.as_ref() == Some(&key) && self.heights.len() == self.pieces.len() {
            return;
        }
        // Estimate: Devanagari averages about half an em per char; a row is about 1.6 em high.
        self.heights = self
            .pieces
            .iter()
            .map(|p| {
                let font = block_font(article.blocks[p.block].kind, size);
                let chars = p.range.len() as f32;
                let per_row = (width / (font.size * 0.5)).max(1.0);
                (chars / per_row).ceil().max(1.0) * font.size * 1.6
            })
            .collect();
        self.measured = vec![false; self.pieces.len()];
        self.height_key = Some(key);
    }

    fn ensure_lanes(&mut self, project: &Project, article: &ArticleId) {
        let key = (article.clone(), project.key(), self.coders.clone());
        if self.lanes_key.as_ref() == Some(&key) {
            return;
        }
        // Greedy interval colouring: an annotation takes the lowest lane free at its start.
        self.lanes.clear();
        let mut lane_ends: Vec<usize> = Vec::new();
        for a in project.annotations_of(article) {
            if !self.coders.shows(&a.creator) {
                continue;
            }
            let lane = match lane_ends.iter().position(|&end| end <= a.start) {
                Some(l) => {
                    lane_ends[l] = a.end;
                    l
                }
                None => {
                    lane_ends.push(a.end);
                    lane_ends.len() - 1
                }
            };
            self.lanes.insert(a.id, lane);
        }
        self.lanes_key = Some(key);
    }

    /// Map a screen position to an article char offset, through the blocks painted this frame.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
        let best = self.placed.iter().min_by(|a, b| {
            let da = dist_y(a.rect, pos.y);
            let db = dist_y(b.rect, pos.y);
            da.total_cmp(&db)
        })?;
        let c = best.galley.cursor_from_pos(pos - best.rect.min);
        Some(best.offset + c.index.0)
    }

    /// Screen rect of article char `c` (a zero-width caret rect), if painted.
    fn caret_rect(&self, c: usize) -> Option<Rect> {
        let p = self
            .placed
            .iter()
            .find(|p| c >= p.offset && c <= p.offset + p.galley.text().chars().count())?;
        let r = p.galley.pos_from_cursor(CCursor::new(c - p.offset));
        Some(r.translate(p.rect.min.to_vec2()))
    }

    /// Show the article; returns actions for the app to apply.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, font_size: f32) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(id) = self.article.clone() else {
            ui.centered_and_justified(|ui| {
                ui.weak("Choose an article in the corpus list on the left.");
            });
            return actions;
        };
        let article = match project.article(&id) {
            Ok(a) => a,
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                return actions;
            }
        };
        self.ensure_lanes(project, &id);
        // From here the project is only read: borrow its annotations and codes instead of copying them each frame.
        let project: &Project = project;
        let annotations: Vec<&Annotation> = project
            .annotations_of(&id)
            .into_iter()
            .filter(|a| self.coders.shows(&a.creator))
            .collect();
        let codes: &[Code] = project.codes();

        self.article_header(ui, &article, &mut actions);
        ui.separator();

        let margin = 12.0;
        let width = (ui.available_width() - 2.0 * margin - 16.0).clamp(120.0, 900.0);
        self.ensure_heights(&article, width, font_size);
        let items = self.items(&article);
        let gap = font_size * 0.6;
        let collapsed_h = font_size * 1.3;
        let item_h = |s: &ViewerState, it: &Item| match it {
            Item::Text(i) => s.heights[*i] + gap,
            Item::Collapsed(_) => collapsed_h + gap * 0.5,
        };
        let total: f32 = items.iter().map(|it| item_h(self, it)).sum();

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt(("viewer", id.as_str()))
            .auto_shrink([false, false]);
        if let Some(jump) = self.pending_jump.clone() {
            let mut y = 0.0;
            for it in &items {
                let h = item_h(self, it);
                let hit = match it {
                    Item::Text(i) => self.pieces[*i].tile.contains(&jump.start),
                    Item::Collapsed(g) => {
                        g.clone()
                            .any(|i| article.blocks[i].range.contains(&jump.start))
                            && !self.expanded.contains(&g.start)
                    }
                };
                if hit {
                    break;
                }
                y += h;
            }
            scroll = scroll.vertical_scroll_offset((y - 80.0).max(0.0));
            self.flash = Some((jump, ui.input(|i| i.time)));
            self.pending_jump = None;
        }

        let selection_range = self.selected_range(&article);
        let now = ui.input(|i| i.time);
        let flash = self.flash.clone().filter(|(_, t)| now - t < 1.6);
        if flash.is_some() {
            ui.ctx().request_repaint();
        }
        let hover_fg = ui.visuals().text_color();
        let weak_fg = ui.visuals().weak_text_color();
        let sel_bg = ui.visuals().selection.bg_fill;
        let dark = ui.visuals().dark_mode;

        scroll.show_viewport(ui, |ui, viewport| {
            let (content, _) =
                ui.allocate_exact_size(Vec2::new(width + 2.0 * margin, total), Sense::hover());
            self.placed.clear();
            let mut y = 0.0;
            for it in &items {
                let h = item_h(self, it);
                let top = y;
                y += h;
                if top > viewport.max.y + 200.0 || y < viewport.min.y - 200.0 {
                    continue;
                }
                let origin = content.min + Vec2::new(margin, top);
                match it {
                    Item::Collapsed(g) => {
                        let rect = Rect::from_min_size(origin, Vec2::new(width, collapsed_h));
                        let open = self.expanded.contains(&g.start);
                        let reasons: Vec<&str> = g
                            .clone()
                            .map(|i| article.blocks[i].reason.as_str())
                            .collect::<Vec<_>>();
                        let mut uniq: Vec<&str> = Vec::new();
                        for r in reasons {
                            if !uniq.contains(&r) {
                                uniq.push(r);
                            }
                        }
                        let label = format!(
                            "{} {} boilerplate block{} — {}",
                            if open { "⏷" } else { "⏵" },
                            g.len(),
                            if g.len() == 1 { "" } else { "s" },
                            uniq.join("; ")
                        );
                        let resp = ui
                            .interact(rect, ui.scope_id().with(("bp", g.start)), Sense::click())
                            .on_hover_text(if open {
                                "Click to hide"
                            } else {
                                "Click to show the hidden text"
                            });
                        let galley = ui.fonts_mut(|f| {
                            f.layout_job(LayoutJob::simple(
                                label.clone(),
                                FontId::proportional(font_size * 0.62),
                                weak_fg,
                                width,
                            ))
                        });
                        ui.painter().galley(rect.min, galley, weak_fg);
                        resp.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                        });
                        if resp.clicked() {
                            if open {
                                self.expanded.remove(&g.start);
                            } else {
                                self.expanded.insert(g.start);
                            }
                        }
                    }
                    Item::Text(i) => {
                        let piece = self.pieces[*i].clone();
                        let block = &article.blocks[piece.block];
                        let text = article.slice(piece.range.clone());
                        let color = match block.kind {
                            BlockKind::Byline | BlockKind::Boilerplate => weak_fg,
                            _ => hover_fg,
                        };
                        let galley =
                            layout_block(ui, text, block_font(block.kind, font_size), color, width);
                        let gh = galley.size().y;
                        if !self.measured[*i] || (self.heights[*i] - gh).abs() > 0.5 {
                            self.heights[*i] = gh;
                            self.measured[*i] = true;
                        }
                        let rect = Rect::from_min_size(origin, Vec2::new(width, gh));
                        // The margins beside a paragraph belong to it too: drags often start left of the text.
                        let hit = Rect::from_min_max(
                            rect.min - Vec2::new(margin, 0.0),
                            rect.max + Vec2::new(margin, 0.0),
                        );
                        let resp = ui.interact(
                            hit,
                            ui.scope_id().with(("block", *i)),
                            Sense::click_and_drag(),
                        );
                        resp.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Label, true, text)
                        });
                        let placed = PlacedBlock {
                            block: piece.block,
                            piece: *i,
                            rect,
                            galley: galley.clone(),
                            offset: piece.range.start,
                        };
                        let local = |r: &Range<usize>| -> Option<Range<usize>> {
                            let s = r.start.max(piece.range.start);
                            let e = r.end.min(piece.range.end);
                            (s < e).then(|| s - piece.range.start..e - piece.range.start)
                        };
                        let painter = ui.painter();
                        // Highlights first, behind the text.
                        for a in annotations
                            .iter()
                            .filter(|a| a.start < piece.range.end && a.end > piece.range.start)
                        {
                            let Some(lr) = local(&a.range()) else {
                                continue;
                            };
                            let first = a
                                .codes
                                .first()
                                .and_then(|c| codes.iter().find(|x| x.id == *c));
                            let col = code_color(first);
                            let lane = self.lanes.get(&a.id).copied().unwrap_or(0) as f32;
                            for r in range_rects(&galley, lr) {
                                let r = r.translate(rect.min.to_vec2());
                                painter.rect_filled(
                                    r,
                                    2.0,
                                    col.gamma_multiply(if dark { 0.28 } else { 0.18 }),
                                );
                                // Stacked underlines: one lane per overlapping annotation, one stripe per code.
                                for (k, cid) in a.codes.iter().enumerate() {
                                    let c = code_color(codes.iter().find(|x| x.id == *cid));
                                    let yy = r.max.y - 1.5 - (lane + k as f32) * 3.0;
                                    painter.line_segment(
                                        [Pos2::new(r.min.x, yy), Pos2::new(r.max.x, yy)],
                                        Stroke::new(2.0, c),
                                    );
                                }
                                if self.selected_annotation == Some(a.id) {
                                    painter.rect_stroke(
                                        r.expand(1.0),
                                        2.0,
                                        Stroke::new(1.5, hover_fg),
                                        egui::StrokeKind::Outside,
                                    );
                                }
                            }
                        }
                        // Search hits: a framed amber box, unlike the code highlights (tinted fill, underlines).
                        for h in &self.search_hits {
                            let Some(lr) = local(h) else {
                                continue;
                            };
                            for r in range_rects(&galley, lr) {
                                let r = r.translate(rect.min.to_vec2()).expand(1.0);
                                painter.rect_filled(r, 2.0, search_hit_fill(dark));
                                painter.rect_stroke(
                                    r,
                                    2.0,
                                    Stroke::new(1.5, Color32::from_rgb(230, 120, 0)),
                                    egui::StrokeKind::Outside,
                                );
                            }
                        }
                        if let Some((fr, t)) = &flash {
                            if let Some(lr) = local(fr) {
                                let alpha = (1.0 - ((now - t) / 1.6) as f32).clamp(0.0, 1.0);
                                for r in range_rects(&galley, lr) {
                                    painter.rect_filled(
                                        r.translate(rect.min.to_vec2()).expand(2.0),
                                        3.0,
                                        Color32::from_rgba_unmultiplied(
                                            255,
                                            200,
                                            0,
                                            (150.0 * alpha) as u8,
                                        ),
                                    );
                                }
                            }
                        }
                        if let Some(sel) = &selection_range {
                            if let Some(lr) = local(sel) {
                                for r in range_rects(&galley, lr) {
                                    painter.rect_filled(
                                        r.translate(rect.min.to_vec2()),
                                        0.0,
                                        sel_bg.gamma_multiply(0.7),
                                    );
                                }
                            }
                        }
                        painter.galley(rect.min, galley.clone(), color);
                        self.placed.push(placed);
                        self.block_interaction(
                            ui,
                            &resp,
                            &article,
                            (piece.block, *i),
                            &annotations,
                            codes,
                            &mut actions,
                        );
                    }
                }
            }
        });

        // Dragging continues over other blocks and gaps: follow the pointer through the placed blocks.
        if self.dragging {
            let (down, pos) = ui.input(|i| (i.pointer.primary_down(), i.pointer.interact_pos()));
            if let Some(pos) = pos {
                if let Some(c) = self.char_at(pos) {
                    if let Some(sel) = &mut self.selection {
                        sel.head = c;
                    }
                }
            }
            if !down {
                self.dragging = false;
                // A drag that covers no whole cluster selects nothing.
                if self.selected_range(&article).is_none() {
                    self.selection = None;
                }
            }
        }

        if !self.dragging {
            if let Some(range) = self.selected_range(&article) {
                self.selection_popup(ui, &article, range, codes, &mut actions);
            }
        }
        actions
    }

    fn article_header(&mut self, ui: &mut Ui, article: &Article, actions: &mut Vec<Action>) {
        let m = &article.meta;
        ui.horizontal_wrapped(|ui| {
            if ui
                .small_button("Edit details")
                .on_hover_text("Title, source, URL, publication date")
                .clicked()
            {
                actions.push(Action::EditDetails(m.id.clone()));
            }
            ui.weak(format!(
                "{} · {} · {} characters · id {}",
                m.source.as_deref().unwrap_or("source unknown"),
                m.published
                    .map(|d| d.format("%-d %B %Y").to_string())
                    .unwrap_or_else(|| "no publication date".to_owned()),
                m.char_len,
                m.id
            ));
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn block_interaction(
        &mut self,
        ui: &Ui,
        resp: &egui::Response,
        article: &Article,
        (block, piece): (usize, usize),
        annotations: &[&Annotation],
        codes: &[Code],
        actions: &mut Vec<Action>,
    ) {
        let b = &article.blocks[block];
        let to_char = |pos: Pos2, placed: &[PlacedBlock]| -> Option<usize> {
            let p = placed.iter().find(|p| p.piece == piece)?;
            Some(p.offset + p.galley.cursor_from_pos(pos - p.rect.min).index.0)
        };
        let shift = ui.input(|i| i.modifiers.shift);
        if resp.drag_started_by(egui::PointerButton::Primary) {
            // Anchor where the button went down, not where the drag was recognised (a few pixels later).
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .or(resp.interact_pointer_pos());
            if let Some(pos) = origin {
                if let Some(c) = to_char(pos, &self.placed) {
                    match (&mut self.selection, shift) {
                        (Some(sel), true) => sel.head = c,
                        _ => self.selection = Some(Selection { anchor: c, head: c }),
                    }
                    self.dragging = true;
                    self.note_draft = None;
                }
            }
        }
        if resp.double_clicked() {
            if let Some(c) = resp
                .interact_pointer_pos()
                .and_then(|p| to_char(p, &self.placed))
            {
                if let Some(w) = crate::model::text::word_at(&article.text, &article.index, c) {
                    self.selection = Some(Selection {
                        anchor: w.start,
                        head: w.end,
                    });
                }
            }
        } else if resp.clicked() {
            if let Some(c) = resp
                .interact_pointer_pos()
                .and_then(|p| to_char(p, &self.placed))
            {
                if shift {
                    match &mut self.selection {
                        Some(sel) => sel.head = c,
                        None => {
                            self.selection = Some(Selection { anchor: c, head: c });
                        }
                    }
                } else {
                    // A click on a highlight selects that annotation (the innermost); elsewhere it clears.
                    let hit = annotations
                        .iter()
                        .filter(|a| a.start <= c && c < a.end)
                        .min_by_key(|a| a.end - a.start);
                    self.selection = None;
                    self.note_draft = None;
                    actions.push(Action::SelectAnnotation(hit.map(|a| a.id)));
                }
            }
        }
        // Hover: codes and note of the annotations under the pointer.
        if let Some(pos) = resp.hover_pos() {
            if !self.dragging {
                if let Some(c) = to_char(pos, &self.placed) {
                    let here: Vec<&Annotation> = annotations
                        .iter()
                        .copied()
                        .filter(|a| a.start <= c && c < a.end)
                        .collect();
                    if !here.is_empty() {
                        resp.clone().on_hover_ui_at_pointer(|ui| {
                            for a in here {
                                let names: Vec<&str> = a
                                    .codes
                                    .iter()
                                    .filter_map(|id| codes.iter().find(|x| x.id == *id))
                                    .map(|c| c.name.as_str())
                                    .collect();
                                ui.strong(names.join(", "));
                                if !a.note.is_empty() {
                                    ui.label(&a.note);
                                }
                                ui.weak(format!(
                                    "{} · {}",
                                    a.creator,
                                    a.modified.format("%Y-%m-%d %H:%M")
                                ));
                            }
                        });
                    }
                }
            }
        }
        let article_id = article.meta.id.clone();
        let selection = self.selected_range(article);
        resp.context_menu(|ui| {
            if let Some(range) = selection.clone() {
                ui.label("Code the selection:");
                for code in codes {
                    let label = match code.shortcut {
                        Some(k) => format!("{k}  {}", code.name),
                        None => format!("   {}", code.name),
                    };
                    if ui.button(label).clicked() {
                        actions.push(Action::Annotate {
                            article: article_id.clone(),
                            range: range.clone(),
                            codes: vec![code.id],
                            note: String::new(),
                        });
                        ui.close();
                    }
                }
                if ui.button("Add a note…").clicked() {
                    self.note_draft = Some(String::new());
                    ui.close();
                }
                if ui.button("Copy").clicked() {
                    ui.ctx().copy_text(article.slice(range.clone()).to_owned());
                    ui.close();
                }
                ui.separator();
            }
            ui.label(format!("This block: {} ({})", b.kind.label(), b.reason));
            ui.menu_button("Mark block as", |ui| {
                for kind in BlockKind::ALL {
                    if ui.selectable_label(b.kind == kind, kind.label()).clicked() {
                        actions.push(Action::SetBlockKind {
                            article: article_id.clone(),
                            block,
                            kind,
                        });
                        ui.close();
                    }
                }
            });
        });
    }

    fn selection_popup(
        &mut self,
        ui: &mut Ui,
        article: &Article,
        range: Range<usize>,
        codes: &[Code],
        actions: &mut Vec<Action>,
    ) {
        let Some(anchor) = self
            .caret_rect(range.end)
            .or_else(|| self.caret_rect(range.start))
        else {
            return;
        };
        let article_id = article.meta.id.clone();
        let mut close = false;
        egui::Area::new(ui.scope_id().with("selection-popup"))
            .order(egui::Order::Foreground)
            .fixed_pos(anchor.left_bottom() + Vec2::new(0.0, 6.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(360.0);
                    ui.horizontal(|ui| {
                        ui.weak(format!("{} characters selected", range.len()));
                        if ui.small_button("×").on_hover_text("Cancel (Esc)").clicked() {
                            close = true;
                        }
                    });
                    ui.horizontal_wrapped(|ui| {
                        for code in codes {
                            let col = code_color(Some(code));
                            let text = match code.shortcut {
                                Some(k) => format!("{k} {}", code.name),
                                None => code.name.clone(),
                            };
                            let b = egui::Button::new(egui::RichText::new(text).color(col)).small();
                            if ui.add(b).on_hover_text("Apply this code").clicked() {
                                actions.push(Action::Annotate {
                                    article: article_id.clone(),
                                    range: range.clone(),
                                    codes: vec![code.id],
                                    note: self.note_draft.clone().unwrap_or_default(),
                                });
                                close = true;
                            }
                        }
                    });
                    match &mut self.note_draft {
                        Some(note) => {
                            let r = ui.add(
                                egui::TextEdit::multiline(note)
                                    .hint_text("Note… (Ctrl+Enter saves without a code)")
                                    .desired_rows(2)
                                    .desired_width(340.0),
                            );
                            if !r.has_focus() && ui.memory(|m| m.focused().is_none()) {
                                r.request_focus();
                            }
                            if r.has_focus()
                                && ui.input_mut(|i| {
                                    i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter)
                                })
                            {
                                actions.push(Action::Annotate {
                                    article: article_id.clone(),
                                    range: range.clone(),
                                    codes: vec![],
                                    note: note.clone(),
                                });
                                close = true;
                            }
                        }
                        None => {
                            if ui.small_button("Note… (Enter)").clicked() {
                                self.note_draft = Some(String::new());
                            }
                        }
                    }
                });
            });
        if close {
            self.clear_selection();
        }
    }
}

fn dist_y(r: Rect, y: f32) -> f32 {
    if y < r.min.y {
        r.min.y - y
    } else if y > r.max.y {
        y - r.max.y
    } else {
        0.0
    }
}

/// Background of a search hit in the article.
fn search_hit_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(255, 150, 0, 70)
    } else {
        Color32::from_rgba_unmultiplied(255, 170, 0, 90)
    }
}
