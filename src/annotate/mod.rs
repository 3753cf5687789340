//! Annotations, the codebook and the edit/undo model. No egui here.

pub mod codebook;
pub mod decision;
pub mod edit;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::ArticleId;

pub use edit::{Change, Edit, ImportStep, Record, Step, UndoStack};

pub type CodeId = i64;

/// A code of the codebook: what passages are tagged with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    pub id: CodeId,
    pub name: String,
    /// sRGB colour.
    pub color: [u8; 3],
    /// One level of hierarchy: a parent must itself have no parent.
    pub parent: Option<CodeId>,
    /// 1–9: the key that applies this code to the selection.
    pub shortcut: Option<u8>,
    /// Annotations with this code that carry a date become timeline events.
    pub is_event: bool,
    /// Order in the codebook.
    pub position: i64,
}

/// A coded passage of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: Uuid,
    pub article: ArticleId,
    /// Char (code point) offsets into the article's NFC text, end exclusive, on grapheme cluster boundaries.
    pub start: usize,
    pub end: usize,
    /// The selected text, kept for re-anchoring and for lists.
    pub quote: String,
    pub codes: Vec<CodeId>,
    pub note: String,
    pub creator: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

impl Annotation {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The codebook this corpus ships with: Russia–North Korea coverage.
pub fn default_codebook() -> Vec<Code> {
    let spec: [(&str, [u8; 3], bool); 9] = [
        ("Meeting/visit", [0x1f, 0x77, 0xb4], false),
        ("Treaty/agreement", [0x2c, 0xa0, 0x2c], false),
        ("Military cooperation", [0xd6, 0x27, 0x28], false),
        ("Troops/war", [0x8c, 0x56, 0x4b], false),
        ("Messages/diplomacy", [0x94, 0x67, 0xbd], false),
        ("Sanctions", [0xff, 0x7f, 0x0e], false),
        ("Weapons/technology", [0x7f, 0x7f, 0x7f], false),
        ("Rhetoric/praise", [0xe3, 0x77, 0xc2], false),
        ("Event", [0x17, 0xbe, 0xcf], true),
    ];
    spec.iter()
        .enumerate()
        .map(|(i, (name, color, is_event))| Code {
            id: i as CodeId + 1,
            name: (*name).to_owned(),
            color: *color,
            parent: None,
            shortcut: Some(i as u8 + 1),
            is_event: *is_event,
            position: i as i64,
        })
        .collect()
}

/// The user name recorded as an annotation's creator when preferences name none.
pub fn default_creator() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}

/// Colour for a new code: a palette that stays distinct on light and dark backgrounds.
/// A colour for a new code that is as far as possible (in RGB) from every existing one: the palette's colours first,
/// then hues around the circle at two lightnesses, so even a large codebook gets no repeated colour.
pub fn distinct_color(existing: &[[u8; 3]]) -> [u8; 3] {
    let dist = |a: [u8; 3], b: [u8; 3]| -> i32 {
        (0..3)
            .map(|i| (a[i] as i32 - b[i] as i32).pow(2))
            .sum::<i32>()
    };
    let hues = (0..72).flat_map(|k| {
        let h = k as f32 * 5.0;
        [hsv_to_rgb(h, 0.75, 0.75), hsv_to_rgb(h, 0.55, 0.55)]
    });
    let candidates = (0..10).map(palette_color).chain(hues);
    let mut best = (i32::MIN, palette_color(0));
    for c in candidates {
        let nearest = existing
            .iter()
            .map(|e| dist(*e, c))
            .min()
            .unwrap_or(i32::MAX);
        if nearest > best.0 {
            best = (nearest, c);
        }
    }
    best.1
}

fn hsv_to_rgb(h: f32, s: f32, v: f32) -> [u8; 3] {
    let c = v * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = v - c;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let to = |f: f32| ((f + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    [to(r), to(g), to(b)]
}

pub fn palette_color(n: usize) -> [u8; 3] {
    const P: [[u8; 3]; 10] = [
        [0x1f, 0x77, 0xb4],
        [0xff, 0x7f, 0x0e],
        [0x2c, 0xa0, 0x2c],
        [0xd6, 0x27, 0x28],
        [0x94, 0x67, 0xbd],
        [0x8c, 0x56, 0x4b],
        [0xe3, 0x77, 0xc2],
        [0x7f, 0x7f, 0x7f],
        [0xbc, 0xbd, 0x22],
        [0x17, 0xbe, 0xcf],
    ];
    P[n % P.len()]
}

#[cfg(test)]
mod distinct_color_tests {
    use super::*;

    #[test]
    fn each_new_code_colour_differs_from_every_existing_one() {
        let mut existing: Vec<[u8; 3]> = vec![[0x1f, 0x77, 0xb4], [0xff, 0x7f, 0x0e]];
        for _ in 0..30 {
            let c = distinct_color(&existing);
            let nearest = existing
                .iter()
                .map(|e| {
                    (0..3)
                        .map(|i| (e[i] as i32 - c[i] as i32).pow(2))
                        .sum::<i32>()
                })
                .min()
                .unwrap();
            assert!(
                nearest >= 30 * 30,
                "{c:?} is too close to an existing colour"
            );
            existing.push(c);
        }
    }
}
