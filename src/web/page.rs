//! A web page becomes an article. Nothing on the page is thrown away: every block of visible text becomes a line of
//! the article, and the blocks outside the main text (navigation, related-news lists, ads, comment forms, share
//! bars, widgets) are marked boilerplate with the reason, as the text classifier marks them in plain text. The main
//! text is found by a readability pass (`dom_smoothie`, a port of Mozilla's Readability) and by the page's markup.
//!
//! A page is untrusted: it is parsed (never run), nothing it links to is fetched, its size and nesting depth are
//! capped, and the work runs on a thread of its own so that a failure in a parser is an error, not a crash.

use std::collections::HashSet;

use dom_query::{Document, NodeRef};

use super::charset;
use super::meta::{self, PageMeta};
use crate::model::{normalize_text, Article, BlockKind, PageDetails};

/// Larger pages are refused: a news page is a few hundred kilobytes; more is a mistake or an attack.
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;
/// Deeper element nesting is refused (real pages nest 20–60 deep).
pub const MAX_DEPTH: usize = 512;
/// Readability scores at most this many elements (more and the page is read by its markup alone).
const READABILITY_MAX_ELEMENTS: usize = 30_000;

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("the page is too large ({} bytes; the limit is {} MiB)", .0, MAX_PAGE_BYTES / (1024 * 1024))]
    TooLarge(usize),
    #[error(
        "the page's elements are nested more than {MAX_DEPTH} deep (broken or hostile markup)"
    )]
    TooDeep,
    #[error("this is a binary file, not a web page")]
    Binary,
    #[error("the page has no text")]
    Empty,
    #[error("the page could not be read ({0})")]
    Internal(String),
}

/// What the caller knows about a page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct PageSource {
    /// The page's address (after redirects), when it came from the web or a saved page states it.
    pub url: Option<String>,
    /// The `charset` of the HTTP Content-Type header.
    pub http_charset: Option<String>,
    /// The file name or URL, for messages and the article's origin.
    pub origin: String,
}

/// Read a page into an article. Runs on its own thread (with a large stack): a panic or a stack overflow in a
/// parser on hostile markup must not take the application down.
pub fn read_page(bytes: &[u8], source: &PageSource) -> Result<Article, PageError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(PageError::TooLarge(bytes.len()));
    }
    if looks_binary(bytes) {
        return Err(PageError::Binary);
    }
    let bytes = bytes.to_vec();
    let source = source.clone();
    std::thread::Builder::new()
        .name("khabar-page".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || read_page_here(&bytes, &source))
        .map_err(|e| PageError::Internal(e.to_string()))?
        .join()
        .unwrap_or_else(|_| Err(PageError::Internal("the HTML parser failed".into())))
}

fn looks_binary(bytes: &[u8]) -> bool {
    const SIGNATURES: &[&[u8]] = &[
        b"%PDF",
        b"\x89PNG",
        b"PK\x03\x04",
        b"\xff\xd8\xff",
        b"GIF8",
        b"\x7fELF",
    ];
    // UTF-16 pages have NULs but start with a byte-order mark.
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    SIGNATURES.iter().any(|s| bytes.starts_with(s))
        || (!utf16 && bytes[..bytes.len().min(4096)].contains(&0))
}

/// One block of visible text on the page, in document order.
#[derive(Debug, Clone)]
pub struct PageBlock {
    /// Whitespace collapsed; never contains a line break.
    pub text: String,
    /// The innermost block element holding it ("p", "h2", "li", "div", …).
    pub tag: String,
    /// Why an enclosing element makes it boilerplate ("navigation (<nav>)"), if one does.
    pub boilerplate: Option<String>,
    /// Why an enclosing element makes it a byline ("class \"author\""), if one does.
    pub byline: Option<String>,
    /// Share of its characters that readability kept as main text (0–1).
    pub main_share: f32,
}

fn read_page_here(bytes: &[u8], source: &PageSource) -> Result<Article, PageError> {
    let decoded = charset::decode(bytes, source.http_charset.as_deref());
    let html = decoded.text.as_str();
    // Before parsing: the HTML parser's scope checks cost time in proportion to the nesting, so a page of 100,000
    // unclosed <div>s would take minutes to parse.
    if markup_depth(html) > MAX_DEPTH {
        return Err(PageError::TooDeep);
    }
    let doc = Document::from(html);
    if depth(&doc.root()) > MAX_DEPTH {
        return Err(PageError::TooDeep);
    }
    let page_meta = meta::read_meta(&doc, source.url.as_deref());
    let main = main_text_nodes(html, source.url.as_deref());
    let mut blocks = walk_blocks(&doc.root(), main.as_ref());
    if blocks.is_empty() {
        return Err(PageError::Empty);
    }
    let readability_ok = main.as_ref().is_some_and(|m| !m.is_empty());
    let kinds = block_kinds(&mut blocks, &page_meta, readability_ok);
    let text = normalize_text(
        &blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
    );
    if text.trim().is_empty() {
        return Err(PageError::Empty);
    }
    let title = page_meta
        .title
        .as_ref()
        .map(|(t, _)| t.clone())
        .or_else(|| {
            kinds
                .iter()
                .zip(&blocks)
                .find(|(k, _)| k.0 == BlockKind::Title)
                .map(|(_, b)| b.text.clone())
        });
    // The text rules take the title line as their hint (so they know what comes before it); the article's title
    // is the page's (og:title may differ from the headline line).
    let title_line = kinds
        .iter()
        .zip(&blocks)
        .find(|(k, _)| k.0 == BlockKind::Title)
        .map(|(_, b)| normalize_text(&b.text));
    let mut article = Article::new(text, source.origin.clone(), title_line.as_deref());
    if let Some(t) = &title {
        article.meta.title = normalize_text(t);
    }
    merge_kinds(&mut article, &kinds);
    let mut details = PageDetails {
        charset: Some(format!("{} ({})", decoded.encoding, decoded.why)),
        ..Default::default()
    };
    let p = &mut details.provenance;
    if let Some((_, from)) = &page_meta.title {
        p.insert("title".into(), from.clone());
    } else if title.is_some() {
        p.insert("title".into(), "the page's first heading".into());
    }
    let mut published = page_meta.published.clone();
    if published.is_none() {
        // The byline text ("Last Updated 19 Oct 2023 06:07:54 AM IST"), read by the timeline's byline tagger.
        if let Some(d) = crate::ingest::byline_date(&article) {
            published = Some(meta::Dated {
                date: d,
                stated: d.to_string(),
                from: "the byline text".into(),
            });
        }
    }
    if published.is_none() {
        published = page_meta.url_date.clone();
    }
    if let Some(d) = published {
        article.meta.published = Some(d.date);
        details.published_at = Some(d.stated);
        p.insert("published".into(), d.from);
    }
    if let Some(d) = page_meta.modified.clone() {
        details.modified = Some(d.date);
        details.modified_at = Some(d.stated);
        p.insert("modified".into(), d.from);
    }
    if let Some((s, from)) = page_meta.source.clone() {
        article.meta.source = Some(s);
        p.insert("source".into(), from);
    }
    if let Some((a, from)) = page_meta.author.clone() {
        details.author = Some(a);
        p.insert("author".into(), from);
    }
    if let Some((l, from)) = page_meta.language.clone() {
        details.language = Some(l);
        p.insert("language".into(), from);
    }
    if let Some((c, from)) = page_meta.canonical.clone() {
        details.canonical_url = Some(c);
        p.insert("canonical_url".into(), from);
    }
    // The article's URL: the page's own canonical address, else where it was fetched from.
    if let Some(c) = &details.canonical_url {
        article.meta.url = Some(c.clone());
        p.insert("url".into(), "the canonical URL".into());
    } else if let Some(u) = source.url.as_ref().filter(|u| meta::is_web_url(u)) {
        article.meta.url = Some(u.clone());
        p.insert("url".into(), "the address it was fetched from".into());
    }
    if readability_ok {
        p.insert(
            "main_text".into(),
            "readability (dom_smoothie) and the page's markup".into(),
        );
    } else {
        p.insert(
            "main_text".into(),
            "the page's markup and Khabar's text rules (readability found no main text)".into(),
        );
    }
    article.details = Some(Box::new(details));
    Ok(article)
}

/// Elements a parser closes by itself or that never hold others: they do not nest in the estimate.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
    "tfoot", "colgroup", "rt", "rp", "param", "keygen", "frame",
];

/// An upper estimate of the nesting depth from the tags alone (open minus close tags, in one pass over the text;
/// comments and the contents of `<script>`/`<style>` skipped).
fn markup_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut i, mut depth, mut max) = (0usize, 0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find_from(b, i, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let tag_end = b[end..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |e| end + e);
        let self_closing = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
        i = tag_end.min(b.len());
        if NON_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            if name == "script" || name == "style" {
                // Raw text up to its end tag.
                let close = format!("</{name}");
                i = find_from_ci(b, i, close.as_bytes()).unwrap_or(b.len());
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn find_from(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_from_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// The deepest element nesting (iteratively: a recursive walk is what a hostile page would overflow).
fn depth(root: &NodeRef<'_>) -> usize {
    let mut max = 0;
    let mut stack = vec![(*root, 0usize)];
    while let Some((node, d)) = stack.pop() {
        max = max.max(d);
        if max > MAX_DEPTH {
            return max;
        }
        for c in node.children_it(false) {
            if c.is_element() {
                stack.push((c, d + 1));
            }
        }
    }
    max
}

/// The texts (whitespace collapsed) of the text nodes readability keeps as the main text; `None` when it fails.
fn main_text_nodes(html: &str, url: Option<&str>) -> Option<HashSet<String>> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: READABILITY_MAX_ELEMENTS,
        ..Default::default()
    };
    let url = url.filter(|u| meta::is_web_url(u));
    let mut readability = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?;
    let article = readability.parse().ok()?;
    let content = Document::from(article.content.as_ref());
    let mut set = HashSet::new();
    for node in content.root().descendants_it() {
        if node.is_text() {
            let t = collapse(&node.text());
            if !t.is_empty() {
                set.insert(t);
            }
        }
    }
    Some(set)
}

/// Elements whose content is never text a reader sees.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "head", "select", "textarea", "input", "video", "audio", "picture", "img", "map",
];
/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

struct Frame {
    tag: String,
    boilerplate: Option<String>,
    byline: Option<String>,
    in_article: bool,
}

/// Every block of visible text, in document order (iterative depth-first walk).
pub fn walk_blocks(root: &NodeRef<'_>, main: Option<&HashSet<String>>) -> Vec<PageBlock> {
    let mut out = Vec::new();
    let mut frames: Vec<Frame> = vec![Frame {
        tag: "body".into(),
        boilerplate: None,
        byline: None,
        in_article: false,
    }];
    let mut buf = String::new();
    // Characters of the current block that readability kept, and all of them.
    let (mut kept, mut total) = (0usize, 0usize);
    let mut stack = vec![Step::Enter(*root)];
    let flush = |buf: &mut String,
                 frames: &[Frame],
                 kept: &mut usize,
                 total: &mut usize,
                 out: &mut Vec<PageBlock>| {
        let text = collapse(buf);
        if !text.is_empty() {
            let f = frames.last().expect("the root frame stays");
            out.push(PageBlock {
                text,
                tag: f.tag.clone(),
                boilerplate: f.boilerplate.clone(),
                byline: f.byline.clone(),
                main_share: if *total == 0 {
                    0.0
                } else {
                    *kept as f32 / *total as f32
                },
            });
        }
        buf.clear();
        *kept = 0;
        *total = 0;
    };
    while let Some(step) = stack.pop() {
        match step {
            Step::Exit(block) => {
                if block {
                    flush(&mut buf, &frames, &mut kept, &mut total, &mut out);
                    frames.pop();
                }
            }
            Step::Enter(node) => {
                if node.is_text() {
                    let t = node.text();
                    let c = collapse(&t);
                    if !c.is_empty() {
                        let n = c.chars().count();
                        total += n;
                        if main.is_some_and(|m| m.contains(&c)) {
                            kept += n;
                        }
                    }
                    buf.push_str(&t);
                    continue;
                }
                let name = node.node_name().map(|n| n.to_ascii_lowercase());
                let Some(name) = name else {
                    // The document node: walk its children.
                    push_children(&node, &mut stack);
                    continue;
                };
                if SKIPPED.contains(&name.as_str()) || node.attr("hidden").is_some() {
                    continue;
                }
                if name == "br" {
                    flush(&mut buf, &frames, &mut kept, &mut total, &mut out);
                    continue;
                }
                let block = BLOCK_TAGS.contains(&name.as_str());
                if block {
                    flush(&mut buf, &frames, &mut kept, &mut total, &mut out);
                    let parent = frames.last().expect("the root frame stays");
                    let in_article = parent.in_article || name == "article" || name == "main";
                    // The innermost reason is the most specific ("navigation (<nav>)" inside a page header).
                    let boilerplate = boilerplate_reason(&node, &name, in_article)
                        .or_else(|| parent.boilerplate.clone());
                    let byline = parent
                        .byline
                        .clone()
                        .or_else(|| byline_reason(&node, &name));
                    frames.push(Frame {
                        tag: name.clone(),
                        boilerplate,
                        byline,
                        in_article,
                    });
                } else if name == "time" || name == "a" || name == "span" {
                    // An inline byline marker (`<span class="author">`) marks the block it is in.
                    if let Some(r) = byline_reason(&node, &name) {
                        let f = frames.last_mut().expect("the root frame stays");
                        if f.byline.is_none() && f.tag != "body" {
                            f.byline = Some(r);
                        }
                    }
                }
                stack.push(Step::Exit(block));
                push_children(&node, &mut stack);
            }
        }
    }
    flush(&mut buf, &frames, &mut kept, &mut total, &mut out);
    out
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    /// Leaving an element; true when it was a block element (its frame is popped).
    Exit(bool),
}

/// Children pushed last-first, so they pop in document order.
fn push_children<'a>(node: &NodeRef<'a>, stack: &mut Vec<Step<'a>>) {
    stack.extend(node.children_it(true).map(Step::Enter));
}

/// Whitespace runs become one space; ends trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Words in class and id names that mark page furniture, with what it is.
const FURNITURE: &[(&str, &str)] = &[
    ("related", "related-news list"),
    ("also-read", "related-news list"),
    ("more-stories", "related-news list"),
    ("recommended", "recommendations"),
    ("trending", "trending list"),
    ("taboola", "sponsored links"),
    ("outbrain", "sponsored links"),
    ("advert", "advertisement"),
    ("sponsor", "advertisement"),
    ("share", "share bar"),
    ("social", "share bar"),
    ("comment", "comments"),
    ("disqus", "comments"),
    ("newsletter", "newsletter sign-up"),
    ("subscribe", "newsletter sign-up"),
    ("breadcrumb", "breadcrumbs"),
    ("sidebar", "side bar"),
    ("widget", "widget"),
    ("scorecard", "score widget"),
    ("livescore", "score widget"),
    ("footer", "page footer"),
    ("navbar", "navigation"),
    ("cookie", "cookie notice"),
    ("popup", "pop-up"),
    ("tags", "tag list"),
];
/// Whole class or id tokens that mark page furniture.
const FURNITURE_TOKENS: &[(&str, &str)] = &[
    ("ad", "advertisement"),
    ("ads", "advertisement"),
    ("adslot", "advertisement"),
    ("nav", "navigation"),
    ("menu", "navigation"),
    ("promo", "promotion"),
    ("tag", "tag list"),
    ("score", "score widget"),
];

fn boilerplate_reason(node: &NodeRef<'_>, tag: &str, in_article: bool) -> Option<String> {
    if let Some(role) = node.attr("role") {
        let what = match role.to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" => Some("navigation"),
            "banner" if !in_article => Some("page header"),
            "contentinfo" => Some("page footer"),
            "complementary" => Some("side box"),
            "search" => Some("search form"),
            _ => None,
        };
        if let Some(what) = what {
            return Some(format!("{what} (role=\"{role}\")"));
        }
    }
    for attr in ["class", "id"] {
        let Some(v) = node.attr(attr) else { continue };
        let l = v.to_ascii_lowercase();
        // "main-content" or "article-body" are not furniture even when they also say "share".
        if l.contains("article-body") || l.contains("story-body") || l.contains("articlebody") {
            continue;
        }
        let hit = FURNITURE.iter().find(|(w, _)| l.contains(w)).or_else(|| {
            l.split(|c: char| !c.is_ascii_alphanumeric())
                .find_map(|tok| FURNITURE_TOKENS.iter().find(|(w, _)| *w == tok))
        });
        if let Some((_, what)) = hit {
            return Some(format!("{what} ({attr} \"{}\")", short(&v)));
        }
    }
    let structural = match tag {
        "nav" | "menu" => Some("navigation"),
        "footer" if !in_article => Some("page footer"),
        "header" if !in_article => Some("page header"),
        "aside" => Some("side box"),
        "form" => Some("form"),
        _ => None,
    };
    if let Some(what) = structural {
        return Some(format!("{what} (<{tag}>)"));
    }
    None
}

fn byline_reason(node: &NodeRef<'_>, tag: &str) -> Option<String> {
    if tag == "time" {
        return Some("a <time> element".into());
    }
    if tag == "address" {
        return Some("an <address> element".into());
    }
    if let Some(v) = node.attr("itemprop") {
        let l = v.to_ascii_lowercase();
        if ["author", "datepublished", "datemodified", "datecreated"]
            .iter()
            .any(|w| l.contains(w))
        {
            return Some(format!("itemprop \"{}\"", short(&v)));
        }
    }
    if node
        .attr("rel")
        .is_some_and(|r| r.eq_ignore_ascii_case("author"))
    {
        return Some("rel=\"author\"".into());
    }
    for attr in ["class", "id"] {
        let Some(v) = node.attr(attr) else { continue };
        let l = v.to_ascii_lowercase();
        if [
            "byline",
            "author",
            "dateline",
            "publish",
            "posted",
            "updated",
            "timestamp",
            "date-time",
            "datetime",
        ]
        .iter()
        .any(|w| l.contains(w))
        {
            return Some(format!("{attr} \"{}\"", short(&v)));
        }
    }
    None
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 {
        s.chars().take(40).collect::<String>() + "…"
    } else {
        s.to_owned()
    }
}

/// What the markup says each block is: (kind, reason, whether the markup's word is final). Title: the first `<h1>`
/// outside page furniture (or the block equal to the title).
fn block_kinds(
    blocks: &mut [PageBlock],
    page_meta: &PageMeta,
    readability_ok: bool,
) -> Vec<(BlockKind, String, bool)> {
    let title_text = page_meta.title.as_ref().map(|(t, _)| collapse(t));
    let title_at = blocks
        .iter()
        .position(|b| b.tag == "h1" && b.boilerplate.is_none())
        .or_else(|| {
            title_text
                .as_ref()
                .and_then(|t| blocks.iter().position(|b| &b.text == t))
        });
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if Some(i) == title_at {
                return (
                    BlockKind::Title,
                    format!("the page's headline (<{}>)", b.tag),
                    true,
                );
            }
            if let Some(r) = &b.boilerplate {
                return (BlockKind::Boilerplate, r.clone(), true);
            }
            if let Some(r) = &b.byline {
                if b.text.chars().count() <= 200 {
                    return (BlockKind::Byline, format!("byline ({r})"), true);
                }
            }
            if readability_ok {
                if b.main_share >= 0.5 {
                    let (kind, reason) = match b.tag.as_str() {
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => (
                            BlockKind::Heading,
                            format!("sub-heading (<{}>) of the main text", b.tag),
                        ),
                        "figcaption" | "caption" => {
                            (BlockKind::Heading, "caption in the main text".into())
                        }
                        _ => (
                            BlockKind::Body,
                            "paragraph of the main text (readability)".into(),
                        ),
                    };
                    (kind, reason, false)
                } else {
                    (
                        BlockKind::Boilerplate,
                        "outside the main text (readability)".into(),
                        false,
                    )
                }
            } else {
                // No readability verdict: the text rules decide.
                (BlockKind::Body, String::new(), false)
            }
        })
        .collect()
}

/// Put the markup's kinds on the article's line blocks (one line per page block, in order). Where the markup is
/// not final, the text rules still mark ads, "read also" links, promos, datelines and repeated lines in the main
/// text (as they do in plain text), but not their "everything after this" tail rule, which a page's markup decides.
fn merge_kinds(article: &mut Article, kinds: &[(BlockKind, String, bool)]) {
    if article.blocks.len() != kinds.len() {
        // Normalisation changed the lines (not expected): keep the text rules' kinds.
        log::warn!(
            "{}: {} page blocks but {} lines; the text rules classify it",
            article.meta.origin,
            kinds.len(),
            article.blocks.len()
        );
        return;
    }
    for (block, (kind, reason, fin)) in article.blocks.iter_mut().zip(kinds) {
        let text_rules_local =
            block.kind == BlockKind::Boilerplate && !block.reason.starts_with("after '");
        if *fin {
            block.kind = *kind;
            block.reason = reason.clone();
        } else if reason.is_empty() {
            // No readability verdict: the text rules' kind stands.
        } else if text_rules_local && *kind != BlockKind::Boilerplate {
            // An ad slot or a "read also" link inside the main text.
        } else if block.kind == BlockKind::Byline {
            // A dateline ("नई दिल्ली:") or a timestamp line ("Last Updated: …"), in the main text or beside it.
        } else {
            block.kind = *kind;
            block.reason = reason.clone();
        }
    }
}
