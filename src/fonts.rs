//! Fonts: the bundled Noto Sans Devanagari, and discovery of installed fonts that really cover Devanagari.

use std::path::PathBuf;

use skrifa::raw::TableProvider;
use skrifa::MetadataProvider;

pub const BUNDLED_REGULAR: &[u8] = include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf");
pub const BUNDLED_BOLD: &[u8] = include_bytes!("../fonts/NotoSansDevanagari-Bold.ttf");
/// Noto Sans (Latin, Greek, Cyrillic): the Latin companion of Noto Sans Devanagari, so the Latin letters in an article
/// ("Published: March 5, 2024") come from the same family as its digits and Devanagari.
pub const BUNDLED_LATIN_REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
pub const BUNDLED_LATIN_BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
/// Name shown for the bundled font in the font picker.
pub const BUNDLED_NAME: &str = "Noto Sans Devanagari (bundled)";

/// A font face on this system that can set Devanagari.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FontChoice {
    pub family: String,
    pub path: PathBuf,
    pub index: u32,
}

/// Whether a font can set Hindi: its cmap maps the core letters and matras, and its GSUB has a Devanagari script
/// (`dev2` or `deva`), without which conjuncts and ि reordering cannot be shaped.
pub fn covers_devanagari(data: &[u8], index: u32) -> bool {
    let Ok(font) = skrifa::FontRef::from_index(data, index) else {
        return false;
    };
    let charmap = font.charmap();
    let needed = ['क', 'ष', '्', 'ि', 'ा', '़', 'ं'];
    if !needed.iter().all(|c| charmap.map(*c).is_some()) {
        return false;
    }
    let Ok(gsub) = font.gsub() else {
        return false;
    };
    let Ok(scripts) = gsub.script_list() else {
        return false;
    };
    scripts.script_records().iter().any(|r| {
        let tag = r.script_tag();
        tag == skrifa::Tag::new(b"dev2") || tag == skrifa::Tag::new(b"deva")
    })
}

/// Installed fonts (via fontdb's system scan) that cover Devanagari, one entry per family, sorted by name.
/// Scanning the system takes tens of milliseconds to seconds: call it off the UI thread.
pub fn discover_devanagari_fonts() -> Vec<FontChoice> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut out: Vec<FontChoice> = Vec::new();
    for face in db.faces() {
        if face.weight != fontdb::Weight::NORMAL || face.style != fontdb::Style::Normal {
            continue;
        }
        let fontdb::Source::File(path) = &face.source else {
            continue;
        };
        let Some((family, _)) = face.families.first() else {
            continue;
        };
        if out.iter().any(|f| &f.family == family) {
            continue;
        }
        let covers = db
            .with_face_data(face.id, covers_devanagari)
            .unwrap_or(false);
        if covers {
            out.push(FontChoice {
                family: family.clone(),
                path: path.clone(),
                index: face.index,
            });
        }
    }
    out.sort_by(|a, b| a.family.cmp(&b.family));
    out
}

/// Load a chosen font's bytes, checking it still exists and still covers Devanagari.
pub fn load_choice(choice: &FontChoice) -> Result<Vec<u8>, String> {
    let data =
        std::fs::read(&choice.path).map_err(|e| format!("{}: {e}", choice.path.display()))?;
    if covers_devanagari(&data, choice.index) {
        Ok(data)
    } else {
        Err(format!(
            "{}: the font does not cover Devanagari",
            choice.path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_covers_devanagari() {
        assert!(covers_devanagari(BUNDLED_REGULAR, 0));
        assert!(covers_devanagari(BUNDLED_BOLD, 0));
    }

    #[test]
    fn latin_only_font_does_not_cover_devanagari() {
        // egui's default Latin font has no Devanagari.
        let defaults = egui::FontDefinitions::default();
        let ubuntu = defaults
            .font_data
            .get("Ubuntu-Light")
            .expect("egui ships Ubuntu-Light");
        assert!(!covers_devanagari(ubuntu.bytes(), 0));
        assert!(!covers_devanagari(b"not a font", 0));
    }
}
