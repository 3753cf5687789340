//! CSV for spreadsheets: one row per (annotation, code), an annotation without codes gets one row with an empty
//! code. UTF-8 with a byte order mark (so Excel reads Devanagari correctly), a header row, RFC 4180 quoting.
//!
//! Text cells can come from an imported file, so none may be read as a formula (CSV injection): a cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP recommends. The numeric columns
//! (start, end) are Khabar's own and written as they are.

use super::scope::ScopeFilter;
use super::ExchangeError;
use super::{fmt_time, ExportScope};
use crate::project::Project;

pub const HEADER: [&str; 12] = [
    "annotation_id",
    "article_id",
    "article_title",
    "start",
    "end",
    "quote",
    "code",
    "code_parent",
    "note",
    "creator",
    "created",
    "modified",
];

/// A text cell that a spreadsheet will not evaluate: a leading `'` when it begins like a formula.
pub fn neutralize(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

/// Write the rows to `out` as the annotations are read (one article in memory at a time); returns how many
/// annotations were written.
pub(crate) fn export(
    project: &Project,
    scope: &ExportScope,
    out: &mut dyn std::io::Write,
) -> Result<usize, ExchangeError> {
    let filter = ScopeFilter::new(project, scope)?;
    out.write_all(b"\xef\xbb\xbf")?;
    let mut n = 0;
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(HEADER)?;
        filter.for_each(project, |sa| {
            for a in &sa.annotations {
                n += 1;
                let codes: Vec<(String, String)> = a
                    .codes
                    .iter()
                    .filter_map(|c| project.code(*c))
                    .map(|c| {
                        let parent = c
                            .parent
                            .and_then(|p| project.code(p))
                            .map(|p| p.name.clone())
                            .unwrap_or_default();
                        (c.name.clone(), parent)
                    })
                    .collect();
                let rows = if codes.is_empty() {
                    vec![(String::new(), String::new())]
                } else {
                    codes
                };
                for (code, parent) in rows {
                    w.write_record([
                        neutralize(a.id.to_string()),
                        neutralize(a.article.0.clone()),
                        neutralize(sa.meta.title.clone()),
                        a.start.to_string(),
                        a.end.to_string(),
                        neutralize(sa.article.slice(a.range()).to_owned()),
                        neutralize(code),
                        neutralize(parent),
                        neutralize(a.note.clone()),
                        neutralize(a.creator.clone()),
                        fmt_time(&a.created),
                        fmt_time(&a.modified),
                    ])?;
                }
            }
            Ok(())
        })?;
        w.flush()?;
    }
    Ok(n)
}
