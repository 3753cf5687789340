//! Exports of search results: CSV (segments, KWIC rows, matrices) and a readable HTML report of coded segments.
//!
//! CSV cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'`, so a spreadsheet
//! never runs them as formulas. Files are UTF-8 with a byte order mark (Excel then reads Devanagari correctly).

use super::kwic::KwicRow;
use super::matrix::{CodeArticleMatrix, Cooccurrence};
use super::retrieve::Segment;

/// A cell a spreadsheet will not evaluate.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut buf: Vec<u8> = b"\xef\xbb\xbf".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut buf);
        w.write_record(header).expect("writing to memory");
        for r in rows {
            w.write_record(r.iter().map(|c| neutralise(c).into_owned()))
                .expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    buf
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A row of a list that exports as CSV: its header and its cells, said once for the CSV of every list.
pub trait CsvRow {
    const HEADER: &'static [&'static str];
    fn cells(&self) -> Vec<String>;
}

impl CsvRow for Segment {
    const HEADER: &'static [&'static str] = &[
        "article_id",
        "article_title",
        "date",
        "start",
        "end",
        "codes",
        "quote",
        "creator",
        "note",
        "left",
        "right",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.article.0.clone(),
            self.title.clone(),
            date(self.date),
            self.start.to_string(),
            self.end.to_string(),
            self.codes.join("; "),
            self.quote.clone(),
            self.creator.clone(),
            self.note.clone(),
            self.left.clone(),
            self.right.clone(),
        ]
    }
}

impl CsvRow for KwicRow {
    const HEADER: &'static [&'static str] = &[
        "article_id",
        "article_title",
        "date",
        "start",
        "end",
        "left",
        "hit",
        "right",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.article.0.clone(),
            self.title.clone(),
            date(self.date),
            self.start.to_string(),
            self.end.to_string(),
            self.left.clone(),
            self.hit.clone(),
            self.right.clone(),
        ]
    }
}

/// Any list as CSV.
pub fn rows_csv<T: CsvRow>(rows: &[T]) -> Vec<u8> {
    csv_bytes(T::HEADER, rows.iter().map(CsvRow::cells))
}

pub fn segments_csv(segments: &[Segment]) -> Vec<u8> {
    rows_csv(segments)
}

pub fn kwic_csv(rows: &[KwicRow]) -> Vec<u8> {
    rows_csv(rows)
}

/// One row per (code, article) with passages: counts and coverage.
pub fn matrix_csv(m: &CodeArticleMatrix) -> Vec<u8> {
    let mut rows = Vec::new();
    for (ci, c) in m.codes.iter().enumerate() {
        for (ai, a) in m.articles.iter().enumerate() {
            if m.counts[ci][ai] > 0 {
                rows.push(vec![
                    c.name.clone(),
                    a.id.0.clone(),
                    a.title.clone(),
                    m.counts[ci][ai].to_string(),
                    m.covered[ci][ai].to_string(),
                    a.body_chars.to_string(),
                    format!("{:.4}", m.coverage(ci, ai)),
                ]);
            }
        }
    }
    csv_bytes(
        &[
            "code",
            "article_id",
            "article_title",
            "passages",
            "covered_chars",
            "body_chars",
            "coverage",
        ],
        rows.into_iter(),
    )
}

/// One row per pair of codes.
pub fn cooccurrence_csv(m: &Cooccurrence) -> Vec<u8> {
    let mut rows = Vec::new();
    for (i, a) in m.codes.iter().enumerate() {
        for (j, b) in m.codes.iter().enumerate() {
            rows.push(vec![
                a.name.clone(),
                b.name.clone(),
                m.overlap[i][j].to_string(),
                m.paragraph[i][j].to_string(),
            ]);
        }
    }
    csv_bytes(
        &["code_a", "code_b", "overlapping", "same_paragraph"],
        rows.into_iter(),
    )
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A readable report of coded segments (the browser shapes the Devanagari; `lang="hi"`).
pub fn segments_html(title: &str, segments: &[Segment]) -> String {
    let e = escape_html;
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"hi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         body {{ font-family: 'Noto Sans Devanagari', 'Mangal', sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.6; }}\n\
         .seg {{ border-top: 1px solid #ccc; padding: .6em 0; }}\n.meta {{ color: #555; font-size: .9em; }}\n\
         mark {{ background: #ffe58a; }}\n.note {{ font-style: italic; }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{} passage(s)</p>\n",
        e(title),
        e(title),
        segments.len()
    );
    for seg in segments {
        s += &format!(
            "<div class=\"seg\">\n<div class=\"meta\">{} · {} · {}–{} · {} · {}</div>\n<p>…{}<mark>{}</mark>{}…</p>\n",
            e(&seg.title),
            e(&date(seg.date)),
            seg.start,
            seg.end,
            e(&seg.codes.join(", ")),
            e(&seg.creator),
            e(&seg.left),
            e(&seg.quote),
            e(&seg.right)
        );
        if !seg.note.is_empty() {
            s += &format!("<p class=\"note\">{}</p>\n", e(&seg.note));
        }
        s += "</div>\n";
    }
    s += "</body>\n</html>\n";
    s
}
