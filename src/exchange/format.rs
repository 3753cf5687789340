//! Export formats and options: which format, which annotations.

use std::fmt;
use std::str::FromStr;

use super::ExchangeError;
use crate::annotate::CodeId;
use crate::model::ArticleId;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// W3C Web Annotation Data Model: an `AnnotationCollection` in JSON-LD.
    W3c,
    /// Khabar's native JSON (`assets/schema/khabar-annotations-v1.schema.json`).
    Json,
    /// One row per (annotation, code), UTF-8 with BOM, for spreadsheets.
    Csv,
    /// The timeline's events as a TimelineJS JSON file (not annotations; cannot be imported back).
    TimelineJs,
    /// The articles' texts with their temporal expressions as TIMEX3 elements (TimeML); several articles make a tar
    /// archive of one file each.
    TimeMl,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::W3c,
        Format::Json,
        Format::Csv,
        Format::TimelineJs,
        Format::TimeMl,
    ];

    /// Name shown in the export window.
    pub fn label(self) -> &'static str {
        match self {
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Json => "Khabar JSON (with schema)",
            Format::Csv => "CSV (spreadsheets)",
            Format::TimelineJs => "Timeline events (TimelineJS)",
            Format::TimeMl => "Dates in the text (TimeML)",
        }
    }

    /// File name extension for a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::W3c => "jsonld",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::TimelineJs => "json",
            // one article: a .tml document; several: a tar archive of them (see `export`)
            Format::TimeMl => "tml",
        }
    }
}

impl Format {
    /// The format a file name asks for, and the path to write: an extension that names one format decides
    /// (`.csv` → CSV, `.jsonld` → W3C), so a typed `out.csv` is never written as JSON; `.json` keeps a chosen JSON
    /// format (W3C, Khabar JSON, TimelineJS) and turns CSV into Khabar JSON; a name without an extension gets the
    /// chosen format's; any other name is kept as typed (the safe-write checks still refuse a project file).
    pub fn for_path(chosen: Format, path: &std::path::Path) -> (Format, std::path::PathBuf) {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("csv") => (Format::Csv, path.to_owned()),
            Some("jsonld") => (Format::W3c, path.to_owned()),
            Some("json") if chosen == Format::Csv => (Format::Json, path.to_owned()),
            Some("json") => (chosen, path.to_owned()),
            Some(_) => (chosen, path.to_owned()),
            None => {
                let mut name = path.as_os_str().to_owned();
                name.push(".");
                name.push(chosen.extension());
                (chosen, name.into())
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::W3c => "w3c",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::TimelineJs => "timelinejs",
            Format::TimeMl => "timeml",
        })
    }
}

impl FromStr for Format {
    type Err = ExchangeError;
    fn from_str(s: &str) -> Result<Self, ExchangeError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "w3c" | "jsonld" | "json-ld" => Ok(Format::W3c),
            "json" | "native" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "timelinejs" => Ok(Format::TimelineJs),
            "timeml" | "tml" => Ok(Format::TimeMl),
            other => Err(ExchangeError::UnknownFormat(other.to_owned())),
        }
    }
}

/// Which annotations to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportScope {
    /// Only this article's annotations.
    pub article: Option<ArticleId>,
    /// Only annotations with this code (or one of its child codes).
    pub code: Option<CodeId>,
    /// Only annotations of these coders (creators); `None`: every coder. `export --coder gold` exports a gold layer;
    /// the GUI passes the coders it shows (blind coding: only mine) unless asked for everyone.
    pub coders: Option<std::collections::BTreeSet<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    pub scope: ExportScope,
    /// Native JSON only: include each article's full text.
    pub include_text: bool,
    /// Native JSON only: include every temporal expression of each article (what `khabar dates` lists).
    pub include_dates: bool,
    /// Leave out everything that depends on the clock (the `generated` time), so exports are byte-identical.
    pub reproducible: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        ExportOptions {
            format,
            scope: ExportScope::default(),
            include_text: false,
            include_dates: false,
            reproducible: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn the_extension_decides_or_the_name_follows_the_format() {
        let f = |chosen, p: &str| Format::for_path(chosen, Path::new(p));
        assert_eq!(
            f(Format::W3c, "out.csv"),
            (Format::Csv, PathBuf::from("out.csv"))
        );
        assert_eq!(f(Format::Json, "OUT.CSV").0, Format::Csv);
        assert_eq!(f(Format::Csv, "out.jsonld").0, Format::W3c);
        assert_eq!(f(Format::Csv, "out.json").0, Format::Json);
        assert_eq!(f(Format::W3c, "out.json").0, Format::W3c);
        assert_eq!(f(Format::TimelineJs, "t.json").0, Format::TimelineJs);
        assert_eq!(
            f(Format::Csv, "/tmp/out"),
            (Format::Csv, PathBuf::from("/tmp/out.csv"))
        );
        assert_eq!(
            f(Format::W3c, "a.b/notes"),
            (Format::W3c, PathBuf::from("a.b/notes.jsonld"))
        );
        assert_eq!(
            f(Format::Csv, "p.khabar"),
            (Format::Csv, PathBuf::from("p.khabar"))
        );
    }
}
