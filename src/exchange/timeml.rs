//! TimeML export: each article's text with its temporal expressions marked as TIMEX3 elements, the way HeidelTime
//! and temporal NLP tools read it (`<TimeML><DCT>…</DCT><TEXT>… <TIMEX3 tid="t1" type="DATE"
//! value="2024-06">जून 2024</TIMEX3> …</TEXT></TimeML>`). Written and re-read with quick-xml, so the file is always
//! well-formed XML; [`read_timeml`] gives back the mentions a file holds.
//!
//! Conventions: the document creation time (`DCT`, tid `t0`) is the publication date; expressions counted from it
//! carry `temporalFunction="true" anchorTimeID="t0"`; an unresolved expression has `value="XXXX"` (TimeML's
//! unknown); a range ("18-19 जून") is one TIMEX3 whose `value` is its first period and `endValue` (Khabar's
//! extension attribute) its last. Several articles go into one tar archive, one `<article id>.tml` per article.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::ExchangeError;
use super::ExportScope;
use crate::model::ArticleMeta;
use crate::project::Project;
use crate::timeline::mentions::{article_mentions, ArticleMention};

/// One TIMEX3 element read back from a TimeML file: char offsets within `TEXT`, the text, type, value, end value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex3 {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub timex_type: String,
    pub value: String,
    pub end_value: Option<String>,
}

/// What a TimeML file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeMlDoc {
    pub docid: String,
    /// The document creation time's value, when the file states one.
    pub dct: Option<String>,
    pub text: String,
    pub timexes: Vec<Timex3>,
}

/// XML 1.0 forbids most control characters: they become U+FFFD, one char for one, so offsets stay the same.
fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if s.chars().any(bad) || s.contains('\r') {
        // `\r` would be read back as `\n` (XML end-of-line handling): keep one char for one as well.
        s.chars()
            .map(|c| if bad(c) || c == '\r' { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

fn xml_err(file: &str, e: impl std::fmt::Display) -> ExchangeError {
    ExchangeError::Field {
        path: file.to_owned(),
        problem: format!("TimeML: {e}"),
    }
}

/// The TimeML document of one article: its whole text, with its temporal expressions (title, byline, headings, body)
/// marked.
pub fn article_timeml(
    meta: &ArticleMeta,
    text: &str,
    mentions: &[ArticleMention],
) -> Result<Vec<u8>, ExchangeError> {
    let name = format!("{}.tml", meta.id);
    let e = |err: std::io::Error| xml_err(&name, err);
    let mut w = Writer::new(Vec::with_capacity(text.len() + mentions.len() * 80 + 256));
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(e)?;
    w.write_event(Event::Text(BytesText::new("\n")))
        .map_err(e)?;
    w.write_event(Event::Start(BytesStart::new("TimeML")))
        .map_err(e)?;
    w.write_event(Event::Text(BytesText::new("\n")))
        .map_err(e)?;
    w.create_element("DOCID")
        .write_text_content(BytesText::new(&meta.id.0))
        .map_err(e)?;
    w.write_event(Event::Text(BytesText::new("\n")))
        .map_err(e)?;
    if let Some(d) = meta.published {
        let v = d.to_string();
        w.write_event(Event::Start(BytesStart::new("DCT")))
            .map_err(e)?;
        w.create_element("TIMEX3")
            .with_attributes([
                ("tid", "t0"),
                ("type", "DATE"),
                ("value", v.as_str()),
                ("functionInDocument", "CREATION_TIME"),
            ])
            .write_text_content(BytesText::new(&v))
            .map_err(e)?;
        w.write_event(Event::End(BytesEnd::new("DCT"))).map_err(e)?;
        w.write_event(Event::Text(BytesText::new("\n")))
            .map_err(e)?;
    }
    w.create_element("TITLE")
        .write_text_content(BytesText::new(&xml_safe(&meta.title)))
        .map_err(e)?;
    w.write_event(Event::Text(BytesText::new("\n")))
        .map_err(e)?;
    w.write_event(Event::Start(BytesStart::new("TEXT")))
        .map_err(e)?;
    // Walk the text once, cutting at mention boundaries (char offsets → byte offsets as we go).
    let safe = xml_safe(text);
    let mut sorted: Vec<&ArticleMention> = mentions.iter().collect();
    sorted.sort_by_key(|m| (m.start, m.end));
    let mut char_to_byte = safe.char_indices().map(|(b, _)| b).chain([safe.len()]);
    let mut at_char = 0usize;
    let mut at_byte = 0usize;
    let mut byte_of = |c: usize, at_char: &mut usize, at_byte: &mut usize| -> usize {
        if c < *at_char {
            return *at_byte;
        }
        let b = char_to_byte.nth(c - *at_char).unwrap_or(safe.len());
        *at_char = c + 1;
        *at_byte = b;
        b
    };
    let mut written = 0usize; // bytes of `safe` written
    for (i, m) in sorted.iter().enumerate() {
        let s = byte_of(m.start, &mut at_char, &mut at_byte);
        if s < written {
            continue; // overlapping mentions cannot nest in XML; the tagger never makes them
        }
        let en = byte_of(m.end, &mut at_char, &mut at_byte);
        w.write_event(Event::Text(BytesText::new(&safe[written..s])))
            .map_err(e)?;
        let tid = format!("t{}", i + 1);
        let mut start = BytesStart::new("TIMEX3");
        start.push_attribute(("tid", tid.as_str()));
        start.push_attribute(("type", m.timex_type.as_str()));
        start.push_attribute(("value", m.value.as_deref().unwrap_or("XXXX")));
        if let Some(ev) = &m.end_value {
            start.push_attribute(("endValue", ev.as_str()));
        }
        if m.how == "publication_date" && meta.published.is_some() {
            start.push_attribute(("temporalFunction", "true"));
            start.push_attribute(("anchorTimeID", "t0"));
        }
        if let Some(role) = m.role {
            start.push_attribute((
                "functionInDocument",
                match role {
                    crate::timeline::tagger::BylineRole::Published => "PUBLICATION_TIME",
                    crate::timeline::tagger::BylineRole::Modified => "MODIFICATION_TIME",
                },
            ));
        }
        w.write_event(Event::Start(start)).map_err(e)?;
        w.write_event(Event::Text(BytesText::new(&safe[s..en])))
            .map_err(e)?;
        w.write_event(Event::End(BytesEnd::new("TIMEX3")))
            .map_err(e)?;
        written = en;
    }
    w.write_event(Event::Text(BytesText::new(&safe[written..])))
        .map_err(e)?;
    w.write_event(Event::End(BytesEnd::new("TEXT")))
        .map_err(e)?;
    w.write_event(Event::Text(BytesText::new("\n")))
        .map_err(e)?;
    w.write_event(Event::End(BytesEnd::new("TimeML")))
        .map_err(e)?;
    w.write_event(Event::Text(BytesText::new("\n")))
        .map_err(e)?;
    Ok(w.into_inner())
}

/// Read a TimeML file: well-formed XML with a `TimeML` root, its `DOCID`, `DCT` and the `TIMEX3` elements of `TEXT`
/// (char offsets within the text of `TEXT`). Bounded by the input: one pass, no entity expansion beyond XML's own.
pub fn read_timeml(bytes: &[u8], file: &str) -> Result<TimeMlDoc, ExchangeError> {
    let e = |err: &dyn std::fmt::Display| xml_err(file, err);
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut doc = TimeMlDoc {
        docid: String::new(),
        dct: None,
        text: String::new(),
        timexes: Vec::new(),
    };
    let mut text_chars = 0usize;
    let mut open: Option<Timex3> = None;
    let mut saw_root = false;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|x| e(&format!("at byte {}: {x}", reader.buffer_position())))?;
        match ev {
            Event::Start(s) => {
                let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
                if stack.is_empty() {
                    if name != "TimeML" {
                        return Err(e(&format!("the root element is <{name}>, not <TimeML>")));
                    }
                    saw_root = true;
                }
                if name == "TIMEX3" {
                    let mut t = Timex3 {
                        start: text_chars,
                        end: text_chars,
                        text: String::new(),
                        timex_type: String::new(),
                        value: String::new(),
                        end_value: None,
                    };
                    for a in s.attributes() {
                        let a = a.map_err(|x| e(&x))?;
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|x| e(&x))?
                            .into_owned();
                        match a.key.as_ref() {
                            b"type" => t.timex_type = v,
                            b"value" => t.value = v,
                            b"endValue" => t.end_value = Some(v),
                            _ => {}
                        }
                    }
                    if stack.last().map(String::as_str) == Some("DCT") {
                        doc.dct = Some(t.value.clone());
                    } else if stack.iter().any(|n| n == "TEXT") {
                        if open.is_some() {
                            return Err(e(&"nested TIMEX3 elements"));
                        }
                        open = Some(t);
                    }
                }
                stack.push(name);
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if name == "TIMEX3" {
                    if let Some(mut t) = open.take() {
                        t.end = text_chars;
                        doc.timexes.push(t);
                    }
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|x| e(&x))?;
                let s = quick_xml::escape::unescape(&s).map_err(|x| e(&x))?;
                match stack.last().map(String::as_str) {
                    Some("DOCID") => doc.docid.push_str(&s),
                    _ if stack.iter().any(|n| n == "TEXT") => {
                        text_chars += s.chars().count();
                        doc.text.push_str(&s);
                        if let Some(t) = open.as_mut() {
                            t.text.push_str(&s);
                        }
                    }
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                // `&amp;` and friends arrive as references in quick-xml 0.38+: resolve the predefined and
                // character references, refuse others (no DTD, no external entities).
                let name = r.decode().map_err(|x| e(&x))?;
                let c: String = match &*name {
                    "amp" => "&".into(),
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    _ => match r.resolve_char_ref().map_err(|x| e(&x))? {
                        Some(ch) => ch.to_string(),
                        None => return Err(e(&format!("unknown entity &{name};"))),
                    },
                };
                match stack.last().map(String::as_str) {
                    Some("DOCID") => doc.docid.push_str(&c),
                    _ if stack.iter().any(|n| n == "TEXT") => {
                        text_chars += c.chars().count();
                        doc.text.push_str(&c);
                        if let Some(t) = open.as_mut() {
                            t.text.push_str(&c);
                        }
                    }
                    _ => {}
                }
            }
            Event::DocType(_) => return Err(e(&"a DOCTYPE is not allowed")),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root || !stack.is_empty() {
        return Err(e(&"not a complete <TimeML> document"));
    }
    Ok(doc)
}

/// The TimeML export of the articles in scope, written to `out` one article at a time (memory stays that of one
/// article: building every document first held the whole corpus): one document when the scope is one article, else
/// a tar archive with one `<id>.tml` per article. Returns how many TIMEX3 elements were written.
pub(crate) fn export(
    project: &Project,
    scope: &ExportScope,
    out: &mut dyn std::io::Write,
) -> Result<usize, ExchangeError> {
    let filter = super::scope::ScopeFilter::new(project, scope)?;
    let document = |meta: &crate::model::ArticleMeta| -> Result<(Vec<u8>, usize), ExchangeError> {
        let (text, blocks) = project.article_text_and_blocks(&meta.id)?;
        let mentions = article_mentions(&meta.id, meta.published, &text, &blocks);
        Ok((article_timeml(meta, &text, &mentions)?, mentions.len()))
    };
    if scope.article.is_some() && filter.articles.len() == 1 {
        let Some(meta) = filter.metas(project).next() else {
            return Ok(0);
        };
        let (doc, count) = document(meta)?;
        out.write_all(&doc)?;
        return Ok(count);
    }
    let mut count = 0;
    let mut tar = tar::Builder::new(out);
    for meta in filter.metas(project) {
        let (doc, n) = document(meta)?;
        count += n;
        let name = format!("{}.tml", meta.id);
        let mut h = tar::Header::new_ustar();
        h.set_size(doc.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_cksum();
        // (Writing to `out` now: what fails here is the output, an I/O error.)
        tar.append_data(&mut h, &name, doc.as_slice())?;
    }
    tar.into_inner()?;
    Ok(count)
}
