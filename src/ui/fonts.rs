//! Installing fonts into egui. The bundled Noto Sans Devanagari is always installed explicitly, so rendering never
//! depends on what the system has.

use egui::{FontData, FontDefinitions, FontFamily};

use crate::fonts::{BUNDLED_BOLD, BUNDLED_LATIN_BOLD, BUNDLED_LATIN_REGULAR, BUNDLED_REGULAR};

/// Family for article text.
pub fn reading() -> FontFamily {
    FontFamily::Name("reading".into())
}

/// Family for titles and headings.
pub fn reading_bold() -> FontFamily {
    FontFamily::Name("reading-bold".into())
}

/// Font definitions: egui's defaults (Latin, symbols, emoji) with Noto Sans Devanagari as a fallback of the UI
/// families, and the reading families led by `reading_font` (a user's choice, for Latin and Devanagari alike) or the
/// bundled Noto Sans Devanagari, then Noto Sans for the Latin letters it lacks: one family for the whole article.
pub fn definitions(reading_font: Option<(String, Vec<u8>)>) -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    defs.font_data.insert(
        "noto-devanagari".into(),
        FontData::from_static(BUNDLED_REGULAR).into(),
    );
    defs.font_data.insert(
        "noto-devanagari-bold".into(),
        FontData::from_static(BUNDLED_BOLD).into(),
    );
    defs.font_data.insert(
        "noto-sans".into(),
        FontData::from_static(BUNDLED_LATIN_REGULAR).into(),
    );
    defs.font_data.insert(
        "noto-sans-bold".into(),
        FontData::from_static(BUNDLED_LATIN_BOLD).into(),
    );
    let ui_fallbacks = defs
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for fam in [FontFamily::Proportional, FontFamily::Monospace] {
        defs.families
            .entry(fam)
            .or_default()
            .push("noto-devanagari".into());
    }
    let mut regular = Vec::new();
    if let Some((name, bytes)) = reading_font {
        let key = format!("user:{name}");
        defs.font_data
            .insert(key.clone(), FontData::from_owned(bytes).into());
        regular.push(key);
    }
    regular.push("noto-devanagari".into());
    regular.push("noto-sans".into());
    regular.extend(ui_fallbacks.iter().cloned());
    let mut bold = vec![
        "noto-devanagari-bold".to_owned(),
        "noto-sans-bold".to_owned(),
        "noto-devanagari".to_owned(),
        "noto-sans".to_owned(),
    ];
    bold.extend(ui_fallbacks);
    defs.families.insert(reading(), regular);
    defs.families.insert(reading_bold(), bold);
    defs
}

/// Install the fonts in a context (the app at start, and tests in `with_context_setup`).
pub fn install(ctx: &egui::Context, reading_font: Option<(String, Vec<u8>)>) {
    ctx.set_fonts(definitions(reading_font));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_families_put_the_chosen_font_first_then_devanagari_then_its_latin_companion() {
        let defs = definitions(Some(("Mine".into(), BUNDLED_REGULAR.to_vec())));
        let regular = &defs.families[&reading()];
        assert_eq!(&regular[..3], ["user:Mine", "noto-devanagari", "noto-sans"]);
        let bold = &defs.families[&reading_bold()];
        assert_eq!(&bold[..2], ["noto-devanagari-bold", "noto-sans-bold"]);
        // Noto Sans has the Latin letters Noto Sans Devanagari lacks.
        use skrifa::MetadataProvider;
        let latin = skrifa::FontRef::new(BUNDLED_LATIN_REGULAR).unwrap();
        let deva = skrifa::FontRef::new(BUNDLED_REGULAR).unwrap();
        assert!("Published: March"
            .chars()
            .all(|c| latin.charmap().map(c).is_some()));
        assert!(deva.charmap().map('P').is_none());
    }
}
