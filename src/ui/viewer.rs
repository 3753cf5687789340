//! The article viewer: one galley per block, laid out with a single text format (so shaping is never split), only
//! the visible blocks laid out, highlights painted as shapes behind the text from the galley's geometry, and mouse
//! selection snapped to grapheme clusters.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use egui::text::LayoutJob;
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
    /// Letter-precise (Alt held when the drag started, or the preference): snapped to clusters, not words.
    pub precise: bool,
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
    /// Temporal expressions to underline (empty when the underlines are off); set by the app each frame.
    pub date_mentions: Arc<[DateMark]>,
    /// Where the date underlines were painted this frame, with what their hover shows (tests read them).
    pub date_marks: Vec<(Rect, String)>,
    lanes_key: Option<(
        ArticleId,
        crate::project::ProjectKey,
        super::team::CoderView,
    )>,
    /// Whose annotations are shown (set by the app from the preferences each frame; the annotations list and the
    /// timeline read it here too).
    pub coders: super::team::CoderView,
    /// Letter-precise selection by default (preference; set by the app each frame). Otherwise words, Alt for letters.
    pub letter_precise: bool,
    /// Width of the coding-stripe margin left of the text; 0 hides it (preference; set by the app each frame).
    pub margin_width: f32,
    /// Codes ticked in the selection popup (toggled with 1–9 too), applied together with Enter.
    pub checked: Vec<crate::annotate::CodeId>,
    /// The annotation whose stripe the pointer is over (its passage is highlighted).
    hovered_stripe: Option<Uuid>,
    /// Coding stripes, labels and in-text underlines painted in the last frame (geometry, for hit-testing and tests).
    pub marks: Vec<Mark>,
    /// Height of the selection popup in the last frame (to place it above the selection).
    popup_height: f32,
    /// The stripe whose context menu is open: the margin widget it was opened on, and its annotation.
    menu_stripe: Option<(egui::Id, Uuid)>,
}

/// A coding mark painted beside or under the text: what it is, for which annotation, and where (screen rect).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    pub annotation: Uuid,
    pub rect: Rect,
}

/// A temporal expression of the open article: where it is, and what hovering it says (type and value).
#[derive(Clone, Debug, PartialEq)]
pub struct DateMark {
    pub range: Range<usize>,
    pub hover: String,
}

/// The temporal expressions of the open article, found again only when another article is shown or the articles
/// change.
#[derive(Default)]
pub struct DateMentions {
    /// The marks, for (article, the project's content key).
    memo: Option<(DateMentionsKey, Arc<[DateMark]>)>,
}

type DateMentionsKey = (ArticleId, crate::project::ProjectKey);

impl DateMentions {
    pub fn mentions(&mut self, project: &Project, article: Option<&ArticleId>) -> Arc<[DateMark]> {
        let Some(id) = article else {
            return Arc::from(Vec::new());
        };
        let key = (id.clone(), project.content_key());
        if let Some((k, marks)) = &self.memo {
            if *k == key {
                return marks.clone();
            }
        }
        let marks: Arc<[DateMark]> = match project.article_text_and_blocks(id) {
            Ok((text, blocks)) => {
                let published = project.meta(id).and_then(|m| m.published);
                crate::timeline::mentions::article_mentions(id, published, &text, &blocks)
                    .into_iter()
                    .map(|m| DateMark {
                        range: m.start..m.end,
                        hover: format!(
                            "{} {} · {}",
                            m.timex_type.as_str(),
                            m.value.as_deref().unwrap_or("(unresolved)"),
                            m.how
                        ),
                    })
                    .collect()
            }
            Err(_) => Arc::from(Vec::new()),
        };
        self.memo = Some((key, marks.clone()));
        marks
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// The vertical bracket of a coding stripe in the margin.
    Stripe,
    /// A code name written (rotated) beside its stripe.
    Label,
    /// An underline under the text (at most [`TEXT_LANES`] lanes).
    Underline,
}

/// Underline lanes under the text; deeper overlaps are shown in the margin only.
pub const TEXT_LANES: usize = 2;
/// Distance between underline lanes, and their thickness.
const LANE_STEP: f32 = 3.0;
const UNDERLINE_W: f32 = 2.0;
/// Extra space between rows of article text, half above and half below the glyphs: room for the underline lanes
/// between one row's descenders and the next row's ascenders.
pub const ROW_LEADING: f32 = 10.0;
/// Gap between the stripe margin and the text (drags may start in it).
const GUTTER: f32 = 12.0;
/// Default width of the coding-stripe margin.
pub const DEFAULT_MARGIN: f32 = 130.0;

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

/// Lay out an article paragraph with [`ROW_LEADING`] between rows (room for underlines that never touch glyphs).
pub fn layout_spaced(ui: &Ui, text: &str, font: FontId, color: Color32, width: f32) -> Arc<Galley> {
    let line_height = ui.fonts_mut(|f| f.row_height(&font)) + ROW_LEADING;
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        egui::TextFormat {
            font_id: font,
            color,
            line_height: Some(line_height),
            ..Default::default()
        },
    );
    job.wrap.max_width = width;
    ui.fonts_mut(|f| f.layout_job(job))
}

/// The vertical band of a row's text in galley coordinates: from the font's ascent and descent (the text's own box,
/// not the row with its leading), widened to the row's glyph ink where a mark reaches past them.
pub fn row_band(row: &egui::epaint::text::PlacedRow) -> (f32, f32) {
    let (mut top, mut bottom) = match row.glyphs.first() {
        Some(g) => {
            let baseline = row.pos.y + g.pos.y;
            let top = baseline - g.font_ascent;
            (top, top + g.font_height)
        }
        None => (row.min_y(), row.max_y()),
    };
    let ink = row.visuals.mesh_bounds;
    if ink.is_positive() {
        top = top.min(row.pos.y + ink.min.y);
        bottom = bottom.max(row.pos.y + ink.max.y);
    }
    (top, bottom)
}

/// Like [`range_rects`], but each rect spans the row's text band ([`row_band`]) instead of the row box.
pub fn range_bands(galley: &Galley, local: Range<usize>) -> Vec<Rect> {
    row_spans(galley, local, row_band)
}

/// One coding stripe of a paragraph: its annotation, vertical extent (screen) and column (0 next to the text).
struct StripeSpan {
    annotation: Uuid,
    top: f32,
    bottom: f32,
    column: usize,
}

/// Columns for the stripes of one paragraph: each takes the column nearest the text that is free over its whole
/// height (with a gap), longer passages first at equal tops, so no two stripes ever share a column where they meet.
fn stripe_columns(mut spans: Vec<(Uuid, f32, f32)>) -> Vec<StripeSpan> {
    const GAP: f32 = 4.0;
    spans.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.2.total_cmp(&a.2)));
    let mut column_bottoms: Vec<f32> = Vec::new();
    spans
        .into_iter()
        .map(|(annotation, top, bottom)| {
            let column = match column_bottoms.iter().position(|&b| b + GAP <= top) {
                Some(c) => c,
                None => {
                    column_bottoms.push(f32::NEG_INFINITY);
                    column_bottoms.len() - 1
                }
            };
            column_bottoms[column] = bottom;
            StripeSpan {
                annotation,
                top,
                bottom,
                column,
            }
        })
        .collect()
}

/// Pixel rects covering chars `local` of a galley (galley coordinates), one per row touched.
pub fn range_rects(galley: &Galley, local: Range<usize>) -> Vec<Rect> {
    row_spans(galley, local, |row| (row.min_y(), row.max_y()))
}

/// One rect per row that chars `local` touch: x from the chars, y from `vertical(row)`.
fn row_spans(
    galley: &Galley,
    local: Range<usize>,
    vertical: impl Fn(&egui::epaint::text::PlacedRow) -> (f32, f32),
) -> Vec<Rect> {
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
            let (top, bottom) = vertical(row);
            out.push(Rect::from_min_max(
                Pos2::new(x0.min(x1), top),
                Pos2::new(x0.max(x1), bottom),
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
        let r = if s.precise {
            article.trim_spaces(article.snap(s.anchor, s.head))
        } else {
            article.snap_words(s.anchor, s.head)
        };
        (!r.is_empty()).then_some(r)
    }

    pub fn clear_selection(&mut self) {
        self.selection = None;
        self.note_draft = None;
        self.checked.clear();
    }

    /// Tick or untick the code in the selection popup.
    pub fn toggle_checked(&mut self, code: crate::annotate::CodeId) {
        if let Some(i) = self.checked.iter().position(|c| *c == code) {
            self.checked.remove(i);
        } else {
            self.checked.push(code);
        }
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
        for a in project.annotations_of(article).iter() {
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

    /// Screen rects (row bands) of an article char range, over the pieces painted in the last frame.
    fn screen_bands(&self, range: &Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for p in &self.placed {
            let n = p.galley.text().chars().count();
            let s = range.start.max(p.offset);
            let e = range.end.min(p.offset + n);
            if s < e {
                out.extend(
                    range_bands(&p.galley, s - p.offset..e - p.offset)
                        .into_iter()
                        .map(|r| r.translate(p.rect.min.to_vec2())),
                );
            }
        }
        out
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
        let of_article = project.annotations_of(&id);
        let annotations: Vec<&Annotation> = of_article
            .iter()
            .filter(|a| self.coders.shows(&a.creator))
            .collect();
        let codes: &[Code] = project.codes();

        self.article_header(ui, &article, &mut actions);
        ui.separator();

        let margin = GUTTER;
        // The margin never takes more than a quarter of the viewer, so a narrow window keeps room for the text.
        let stripes_w = self
            .margin_width
            .clamp(0.0, (ui.available_width() / 4.0).max(0.0));
        let width = (ui.available_width() - stripes_w - 2.0 * margin - 16.0).clamp(120.0, 900.0);
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

        let mut hovered_stripe_out = None;
        scroll.show_viewport(ui, |ui, viewport| {
            let (content, _) = ui.allocate_exact_size(
                Vec2::new(stripes_w + width + 2.0 * margin, total),
                Sense::hover(),
            );
            self.placed.clear();
            self.marks.clear();
            self.date_marks.clear();
            let mut hovered_stripe = None;
            let mut y = 0.0;
            for it in &items {
                let h = item_h(self, it);
                let top = y;
                y += h;
                if top > viewport.max.y + 200.0 || y < viewport.min.y - 200.0 {
                    continue;
                }
                let origin = content.min + Vec2::new(stripes_w + margin, top);
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
                        let galley = layout_spaced(
                            ui,
                            text,
                            block_font(block.kind, font_size),
                            color,
                            width,
                        );
                        let gh = galley.size().y;
                        if !self.measured[*i] || (self.heights[*i] - gh).abs() > 0.5 {
                            self.heights[*i] = gh;
                            self.measured[*i] = true;
                        }
                        let rect = Rect::from_min_size(origin, Vec2::new(width, gh));
                        // The margins beside a paragraph belong to it too: drags often start left of the text.
                        // So does the stripe margin where no stripe is (stripes are registered later and win).
                        let hit = Rect::from_min_max(
                            rect.min - Vec2::new(margin + stripes_w, 0.0),
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
                        let painter = ui.painter().clone();
                        let here: Vec<&Annotation> = annotations
                            .iter()
                            .copied()
                            .filter(|a| a.start < piece.range.end && a.end > piece.range.start)
                            .collect();
                        let first_color = |a: &Annotation| {
                            code_color(
                                a.codes
                                    .first()
                                    .and_then(|c| codes.iter().find(|x| x.id == *c)),
                            )
                        };
                        // Coding stripes in the margin (registered after the paragraph, so they take its clicks).
                        if stripes_w > 0.0 {
                            let spans: Vec<(Uuid, f32, f32)> = here
                                .iter()
                                .filter_map(|a| {
                                    let bands = range_bands(&galley, local(&a.range())?);
                                    let top = bands.first()?.min.y + rect.min.y;
                                    let bottom = bands.last()?.max.y + rect.min.y;
                                    Some((a.id, top, bottom))
                                })
                                .collect();
                            let columns = stripe_columns(spans);
                            let hovered = self.stripes(
                                ui,
                                &columns,
                                (content.min.x, content.min.x + stripes_w),
                                &here,
                                codes,
                                &mut actions,
                            );
                            hovered_stripe = hovered_stripe.or(hovered);
                        }
                        // In the text: a light tint and one underline per annotation in the first lanes only (deeper
                        // overlaps are in the margin), so the tints never mix to brown and the lines stay apart.
                        for a in &here {
                            let Some(lr) = local(&a.range()) else {
                                continue;
                            };
                            let lane = self.lanes.get(&a.id).copied().unwrap_or(0);
                            let emphasised = self.selected_annotation == Some(a.id)
                                || self.hovered_stripe == Some(a.id);
                            if lane >= TEXT_LANES && !emphasised {
                                continue;
                            }
                            let col = first_color(a);
                            let tint = if emphasised {
                                if dark {
                                    0.45
                                } else {
                                    0.32
                                }
                            } else if dark {
                                0.22
                            } else {
                                0.14
                            };
                            for band in range_bands(&galley, lr) {
                                let band = band.translate(rect.min.to_vec2());
                                painter.rect_filled(band, 2.0, col.gamma_multiply(tint));
                                if lane < TEXT_LANES {
                                    // Below the band (the glyphs' ink), inset so that neighbours never touch.
                                    let y = band.max.y + 1.0 + lane as f32 * LANE_STEP;
                                    let line = Rect::from_min_max(
                                        Pos2::new(band.min.x + 1.0, y),
                                        Pos2::new(band.max.x - 1.0, y + UNDERLINE_W),
                                    );
                                    if line.width() > 0.0 {
                                        painter.rect_filled(line, 0.0, col);
                                        self.marks.push(Mark {
                                            kind: MarkKind::Underline,
                                            annotation: a.id,
                                            rect: line,
                                        });
                                    }
                                }
                                if self.selected_annotation == Some(a.id) {
                                    // Inside the band: never across the next row's vowel signs.
                                    painter.rect_stroke(
                                        band,
                                        2.0,
                                        Stroke::new(1.5, hover_fg),
                                        egui::StrokeKind::Inside,
                                    );
                                }
                            }
                        }
                        // Dates: a dotted teal line below the code underline lanes (never on the glyphs' ink).
                        for d in self.date_mentions.iter() {
                            let Some(lr) = local(&d.range) else {
                                continue;
                            };
                            for band in range_bands(&galley, lr) {
                                let band = band.translate(rect.min.to_vec2());
                                let y = band.max.y + 1.0 + TEXT_LANES as f32 * LANE_STEP + 0.5;
                                let teal = if dark {
                                    Color32::from_rgb(80, 200, 190)
                                } else {
                                    Color32::from_rgb(0, 128, 128)
                                };
                                let mut x = band.min.x + 1.0;
                                while x < band.max.x - 1.0 {
                                    let to = (x + 3.0).min(band.max.x - 1.0);
                                    painter.line_segment(
                                        [Pos2::new(x, y), Pos2::new(to, y)],
                                        Stroke::new(1.5, teal),
                                    );
                                    x += 5.0;
                                }
                                let hover_rect = Rect::from_min_max(
                                    Pos2::new(band.min.x, band.min.y),
                                    Pos2::new(band.max.x, y + 2.0),
                                );
                                if resp.hover_pos().is_some_and(|p| hover_rect.contains(p)) {
                                    resp.clone().on_hover_text_at_pointer(&d.hover);
                                }
                                self.date_marks.push((hover_rect, d.hover.clone()));
                            }
                        }
                        // Search hits: a framed amber box, unlike the code highlights (tinted fill, underlines).
                        for h in &self.search_hits {
                            let Some(lr) = local(h) else {
                                continue;
                            };
                            for r in range_bands(&galley, lr) {
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
                                for r in range_bands(&galley, lr) {
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
                                for r in range_bands(&galley, lr) {
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
            hovered_stripe_out = hovered_stripe;
        });

        if self.hovered_stripe != hovered_stripe_out {
            self.hovered_stripe = hovered_stripe_out;
            ui.ctx().request_repaint();
        }

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

    /// Paint the coding stripes of one paragraph in the margin `(left, right)` and handle the pointer on them:
    /// hover highlights the passage and tells its codes, click selects the annotation, right-click offers its
    /// actions. Returns the annotation whose stripe is hovered.
    fn stripes(
        &mut self,
        ui: &Ui,
        columns: &[StripeSpan],
        (left, right): (f32, f32),
        annotations: &[&Annotation],
        codes: &[Code],
        actions: &mut Vec<Action>,
    ) -> Option<Uuid> {
        const LINE_W: f32 = 3.0;
        const BARE_COLUMN: f32 = 6.0;
        let label_font = FontId::proportional(11.0);
        let label_h = ui.fonts_mut(|f| f.row_height(&label_font));
        let labelled_column = LINE_W + label_h + 4.0;
        let n_columns = columns.iter().map(|s| s.column + 1).max().unwrap_or(0);
        let room = (right - left - 2.0).max(0.0);
        // Labels when every column fits with one; else bare stripes; columns that do not fit at all are left out
        // (their passages are still listed in the tooltip of the paragraph and in the annotations panel).
        let (column_w, labelled) = if n_columns as f32 * labelled_column <= room {
            (labelled_column, true)
        } else {
            (BARE_COLUMN, false)
        };
        // One widget for the paragraph's whole margin (not one per stripe: with thousands of coded passages that
        // is most of a frame); the stripe under the pointer is found from the geometry.
        let placed: Vec<(&StripeSpan, &Annotation, f32)> = columns
            .iter()
            .filter_map(|span| {
                let col_right = right - 2.0 - span.column as f32 * column_w;
                let a = annotations.iter().find(|a| a.id == span.annotation)?;
                (col_right - column_w + 1.0 >= left).then_some((span, *a, col_right))
            })
            .collect();
        let (Some(top), Some(bottom)) = (
            placed.iter().map(|p| p.0.top).reduce(f32::min),
            placed.iter().map(|p| p.0.bottom).reduce(f32::max),
        ) else {
            return None;
        };
        let margin_id = ui.scope_id().with(("stripes", top.to_bits()));
        let resp = ui.interact(
            Rect::from_min_max(Pos2::new(left, top), Pos2::new(right, bottom)),
            margin_id,
            Sense::click(),
        );
        let n = placed.len();
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Group, true, format!("Coding stripes: {n}"))
        });
        let stripe_at = |pos: Pos2| {
            placed
                .iter()
                .find(|(span, _, col_right)| {
                    (col_right - column_w + 1.0..=*col_right).contains(&pos.x)
                        && (span.top..=span.bottom).contains(&pos.y)
                })
                .map(|(_, a, _)| *a)
        };
        let hit = resp.hover_pos().and_then(stripe_at);
        let painter = ui.painter();
        for &(span, a, col_right) in &placed {
            let code_list: Vec<&Code> = a
                .codes
                .iter()
                .filter_map(|id| codes.iter().find(|c| c.id == *id))
                .collect();
            let col = code_color(code_list.first().copied());
            let hot = hit.is_some_and(|h| h.id == a.id) || self.selected_annotation == Some(a.id);
            // The bracket: a vertical line next to the text with ticks into its own column at both ends.
            let line = Rect::from_min_max(
                Pos2::new(col_right - LINE_W, span.top),
                Pos2::new(col_right, span.bottom),
            );
            let tick_w = if labelled {
                5.0
            } else {
                column_w - 1.0 - LINE_W
            };
            let stroke_col = if hot { col } else { col.gamma_multiply(0.85) };
            painter.rect_filled(line, 0.0, stroke_col);
            for y in [span.top, span.bottom - 2.0] {
                painter.rect_filled(
                    Rect::from_min_size(
                        Pos2::new(col_right - LINE_W - tick_w, y),
                        Vec2::new(tick_w, 2.0),
                    ),
                    0.0,
                    stroke_col,
                );
            }
            self.marks.push(Mark {
                kind: MarkKind::Stripe,
                annotation: a.id,
                rect: Rect::from_min_max(
                    Pos2::new(col_right - LINE_W - tick_w, span.top),
                    Pos2::new(col_right, span.bottom),
                ),
            });
            let height = span.bottom - span.top;
            if labelled && height > 24.0 {
                // The code names, written upwards beside the line, cut to the stripe's height.
                let names: Vec<&str> = code_list.iter().map(|c| c.name.as_str()).collect();
                let label = if names.is_empty() {
                    "Note".to_owned()
                } else {
                    names.join(", ")
                };
                let mut job = LayoutJob::simple_singleline(label, label_font.clone(), col);
                job.wrap = egui::text::TextWrapping::truncate_at_width(height - 8.0);
                let galley = ui.fonts_mut(|f| f.layout_job(job));
                let (gw, gh) = (galley.size().x, galley.size().y);
                let x = col_right - LINE_W - 1.5 - gh;
                let pos = Pos2::new(x, span.bottom - 4.0);
                painter.add(
                    egui::epaint::TextShape::new(pos, galley, col)
                        .with_angle(-std::f32::consts::FRAC_PI_2),
                );
                self.marks.push(Mark {
                    kind: MarkKind::Label,
                    annotation: a.id,
                    rect: Rect::from_min_max(Pos2::new(x, pos.y - gw), Pos2::new(x + gh, pos.y)),
                });
            }
        }
        if let Some(a) = hit {
            resp.clone().on_hover_ui_at_pointer(|ui| {
                let names: Vec<&str> = a
                    .codes
                    .iter()
                    .filter_map(|id| codes.iter().find(|c| c.id == *id))
                    .map(|c| c.name.as_str())
                    .collect();
                ui.strong(if names.is_empty() {
                    "Note".to_owned()
                } else {
                    names.join(", ")
                });
                ui.label(short_quote(&a.quote));
                if !a.note.is_empty() {
                    ui.label(&a.note);
                }
                ui.weak("Click: select · right-click: actions");
            });
        }
        let pressed_on = resp.interact_pointer_pos().and_then(stripe_at);
        if resp.clicked() {
            if let Some(a) = pressed_on {
                self.selection = None;
                actions.push(Action::SelectAnnotation(Some(a.id)));
            }
        }
        if resp.secondary_clicked() {
            self.menu_stripe = pressed_on.map(|a| (margin_id, a.id));
        }
        let menu_for = self
            .menu_stripe
            .filter(|(id, _)| *id == margin_id)
            .and_then(|(_, a)| annotations.iter().find(|x| x.id == a))
            .map(|a| (*a).clone());
        if let Some(annotation) = menu_for {
            resp.context_menu(|ui| {
                ui.label(short_quote(&annotation.quote));
                if ui.button("Select").clicked() {
                    actions.push(Action::SelectAnnotation(Some(annotation.id)));
                    ui.close();
                }
                ui.menu_button("Codes", |ui| {
                    for code in codes {
                        let mut on = annotation.codes.contains(&code.id);
                        if ui.checkbox(&mut on, &code.name).changed() {
                            let mut after = annotation.clone();
                            if on {
                                after.codes.push(code.id);
                            } else {
                                after.codes.retain(|c| *c != code.id);
                            }
                            actions.push(Action::UpdateAnnotation(after));
                            ui.close();
                        }
                    }
                });
                if ui.button("Copy quote").clicked() {
                    ui.ctx().copy_text(annotation.quote.clone());
                    ui.close();
                }
                if ui.button("Delete annotation").clicked() {
                    actions.push(Action::DeleteAnnotation(annotation.id));
                    ui.close();
                }
            });
        }
        hit.map(|a| a.id)
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
            // The coding-stripe margin: shown or hidden, and its width.
            let mut shown = self.margin_width > 0.0;
            let r = ui
                .checkbox(&mut shown, "Stripes")
                .on_hover_text("Coding stripes beside the text: one bracket per coded passage");
            if r.changed() {
                actions.push(Action::SetCodingMargin(if shown {
                    DEFAULT_MARGIN
                } else {
                    0.0
                }));
            }
            if shown {
                let mut w = self.margin_width;
                let r = ui
                    .add(egui::Slider::new(&mut w, 40.0..=400.0).show_value(false))
                    .on_hover_text("Width of the stripe margin");
                super::name_widget(&r, egui::Role::Slider, "Stripe margin width");
                if r.changed() {
                    actions.push(Action::SetCodingMargin(w));
                }
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
        let (shift, alt) = ui.input(|i| (i.modifiers.shift, i.modifiers.alt));
        let precise = self.letter_precise || alt;
        if resp.drag_started_by(egui::PointerButton::Primary) {
            // Anchor where the button went down, not where the drag was recognised (a few pixels later).
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .or(resp.interact_pointer_pos());
            if let Some(pos) = origin {
                if let Some(c) = to_char(pos, &self.placed) {
                    match (&mut self.selection, shift) {
                        (Some(sel), true) => sel.head = c,
                        _ => {
                            self.selection = Some(Selection {
                                anchor: c,
                                head: c,
                                precise,
                            });
                            self.checked.clear();
                        }
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
                        precise: true,
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
                            self.selection = Some(Selection {
                                anchor: c,
                                head: c,
                                precise,
                            });
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
        // The selection's first and last row bands as painted (a caret at a row break would name the wrong row).
        let bands = self.screen_bands(&range);
        let (Some(first), Some(last)) = (bands.first().copied(), bands.last().copied()) else {
            return;
        };
        let article_id = article.meta.id.clone();
        let mut close = false;
        // Above the selection, so the lines right below it (what one reads next) stay visible; below it only when
        // there is no room above in the viewer.
        let room_above = first.top() - ui.max_rect().top();
        let needed = if self.popup_height > 0.0 {
            self.popup_height
        } else {
            160.0
        } + 10.0;
        let (pos, pivot) = if room_above >= needed {
            (
                first.left_top() - Vec2::new(0.0, 8.0 + ROW_LEADING / 2.0),
                egui::Align2::LEFT_BOTTOM,
            )
        } else {
            (
                // Leave the two rows after the selection readable.
                last.left_bottom() + Vec2::new(0.0, 2.0 * last.height() + 2.0 * ROW_LEADING + 8.0),
                egui::Align2::LEFT_TOP,
            )
        };
        let codes_checked = self.checked.clone();
        let mut toggled = Vec::new();
        let shown = egui::Area::new(ui.scope_id().with("selection-popup"))
            .order(egui::Order::Foreground)
            .fixed_pos(pos)
            .pivot(pivot)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(380.0);
                    ui.horizontal(|ui| {
                        ui.weak(format!("“{}”", short_quote(article.slice(range.clone()))))
                            .on_hover_text(format!("{} characters", range.len()));
                        if ui.small_button("×").on_hover_text("Cancel (Esc)").clicked() {
                            close = true;
                        }
                    });
                    ui.weak("Tick codes (or press 1–9), then Apply (Enter)");
                    egui::Grid::new("popup-codes")
                        .num_columns(2)
                        .show(ui, |ui| {
                            for (i, code) in codes.iter().enumerate() {
                                let col = code_color(Some(code));
                                let text = match code.shortcut {
                                    Some(k) => format!("{k} {}", code.name),
                                    None => code.name.clone(),
                                };
                                let mut on = codes_checked.contains(&code.id);
                                if ui
                                    .checkbox(&mut on, egui::RichText::new(text).color(col))
                                    .changed()
                                {
                                    toggled.push(code.id);
                                }
                                if i % 2 == 1 {
                                    ui.end_row();
                                }
                            }
                        });
                    let apply_note = self.note_draft.clone().unwrap_or_default();
                    if let Some(note) = &mut self.note_draft {
                        let r = ui.add(
                            egui::TextEdit::multiline(note)
                                .hint_text("Note… (Ctrl+Enter saves it with the ticked codes)")
                                .desired_rows(2)
                                .desired_width(360.0),
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
                                codes: codes_checked.clone(),
                                note: note.clone(),
                            });
                            close = true;
                        }
                    }
                    ui.horizontal(|ui| {
                        let apply = ui.add_enabled(
                            !codes_checked.is_empty() || !apply_note.trim().is_empty(),
                            egui::Button::new(format!(
                                "Apply {} (Enter)",
                                plural_codes(codes_checked.len())
                            )),
                        );
                        if apply.clicked() {
                            actions.push(Action::CodeSelection);
                        }
                        if self.note_draft.is_none() && ui.small_button("Note…").clicked() {
                            self.note_draft = Some(String::new());
                        }
                    });
                });
            });
        self.popup_height = shown.response.rect.height();
        for c in toggled {
            self.toggle_checked(c);
        }
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

/// A quote cut to a tooltip's length.
fn short_quote(quote: &str) -> String {
    let mut out: String = quote.chars().take(80).collect();
    if quote.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// "1 code", "3 codes".
fn plural_codes(n: usize) -> String {
    if n == 1 {
        "1 code".to_owned()
    } else {
        format!("{n} codes")
    }
}
