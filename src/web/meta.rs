//! A page's metadata, each field with where it was found: JSON-LD (`NewsArticle` and kin), Open Graph and
//! `article:` meta tags, `<time datetime>`, `<link rel="canonical">`, `<html lang>`, and dates in the URL.

use chrono::NaiveDate;
use dom_query::Document;
use serde_json::Value;

/// A date and the words it was stated in, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub date: NaiveDate,
    /// As the page states it ("2023-10-19T06:07:54+05:30").
    pub stated: String,
    pub from: String,
}

/// What a page's markup says about it. Each field: (value, where it came from).
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: Option<(String, String)>,
    pub published: Option<Dated>,
    pub modified: Option<Dated>,
    /// A date in the page's URL ("/2023/10/19/"): the weakest evidence, used only when the page states none.
    pub url_date: Option<Dated>,
    pub source: Option<(String, String)>,
    pub author: Option<(String, String)>,
    pub canonical: Option<(String, String)>,
    pub language: Option<(String, String)>,
}

/// JSON-LD blocks larger than this are skipped (an article's is a few kilobytes).
const MAX_JSON_LD: usize = 1024 * 1024;
/// JSON-LD types that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "LiveBlogPosting",
    "Article",
    "BlogPosting",
    "WebPage",
];

pub fn is_web_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://"))
        && l.len() > 8
        && !l.contains(char::is_whitespace)
}

pub fn read_meta(doc: &Document, page_url: Option<&str>) -> PageMeta {
    let metas = meta_tags(doc);
    let get = |keys: &[&str]| -> Option<(String, String)> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(key, v)| (super::page::collapse(v), format!("<meta> {key}")))
        })
    };
    let ld = json_ld_article(doc);
    let ld_str = |field: &str| {
        ld.as_ref().and_then(|(o, ty)| {
            let v = o.get(field)?;
            let s = text_of(v)?;
            (!s.is_empty()).then(|| (s, format!("JSON-LD {ty}.{field}")))
        })
    };
    let mut m = PageMeta::default();

    let h1 = doc
        .select("h1")
        .nodes()
        .iter()
        .map(|n| super::page::collapse(&n.text()))
        .find(|t| !t.is_empty());
    let title_tag = doc
        .select("title")
        .nodes()
        .first()
        .map(|n| super::page::collapse(&n.text()))
        .filter(|t| !t.is_empty());
    m.title = get(&["og:title"])
        .or_else(|| ld_str("headline"))
        .or_else(|| h1.map(|t| (t, "the page's <h1>".into())))
        .or_else(|| get(&["twitter:title"]))
        .or_else(|| title_tag.map(|t| (t, "<title>".into())));

    let date_of = |v: Option<(String, String)>| v.and_then(|(s, from)| dated(&s, from));
    m.published = date_of(ld_str("datePublished"))
        .or_else(|| date_of(get(&["article:published_time"])))
        .or_else(|| {
            date_of(get(&[
                "og:published_time",
                "datepublished",
                "publish-date",
                "publishdate",
                "pubdate",
                "dc.date.issued",
                "dc.date",
                "date",
                "sailthru.date",
                "parsely-pub-date",
            ]))
        })
        .or_else(|| time_element(doc, true))
        .or_else(|| date_of(ld_str("dateCreated")));
    m.modified = date_of(ld_str("dateModified"))
        .or_else(|| {
            date_of(get(&[
                "article:modified_time",
                "og:updated_time",
                "datemodified",
                "last-modified",
            ]))
        })
        .or_else(|| time_element(doc, false));

    m.source = get(&["og:site_name"])
        .or_else(|| {
            ld.as_ref().and_then(|(o, ty)| {
                let name = o.get("publisher").and_then(name_of)?;
                Some((name, format!("JSON-LD {ty}.publisher.name")))
            })
        })
        .or_else(|| get(&["application-name", "twitter:site"]));
    m.author = ld
        .as_ref()
        .and_then(|(o, ty)| {
            let name = o.get("author").and_then(name_of)?;
            Some((name, format!("JSON-LD {ty}.author")))
        })
        .or_else(|| {
            get(&["author", "article:author", "dc.creator", "byl"]).filter(|(a, _)| !is_web_url(a))
        });
    let canonical = doc
        .select("link[rel]")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .find_map(|n| n.attr("href").map(|h| h.trim().to_owned()))
        .filter(|h| is_web_url(h))
        .map(|h| (h, "<link rel=\"canonical\">".to_owned()));
    m.canonical = canonical
        .or_else(|| get(&["og:url"]).filter(|(u, _)| is_web_url(u)))
        .or_else(|| {
            ld_str("url")
                .or_else(|| {
                    ld.as_ref().and_then(|(o, ty)| {
                        let v = o.get("mainEntityOfPage")?;
                        let s = v
                            .as_str()
                            .map(str::to_owned)
                            .or_else(|| v.get("@id")?.as_str().map(str::to_owned))?;
                        Some((s, format!("JSON-LD {ty}.mainEntityOfPage")))
                    })
                })
                .filter(|(u, _)| is_web_url(u))
        });
    // The address the page was read from, else its own canonical one.
    m.url_date = page_url
        .and_then(url_date)
        .or_else(|| m.canonical.as_ref().and_then(|(c, _)| url_date(c)));
    let html_lang = doc
        .select("html[lang]")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang"))
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .map(|l| (l, "<html lang>".to_owned()));
    m.language = html_lang
        .or_else(|| ld_str("inLanguage"))
        .or_else(|| get(&["og:locale", "content-language", "language"]));
    m
}

/// (key lower-case, content) of every `<meta>` with a property, name, itemprop or http-equiv.
fn meta_tags(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in doc.select("meta").nodes() {
        let Some(content) = n.attr("content") else {
            continue;
        };
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(k) = n.attr(attr) {
                out.push((k.trim().to_ascii_lowercase(), content.to_string()));
            }
        }
    }
    out
}

/// The JSON-LD object describing the article (the first of the most specific type), and its type.
fn json_ld_article(doc: &Document) -> Option<(serde_json::Map<String, Value>, String)> {
    let mut found: Vec<(usize, serde_json::Map<String, Value>, String)> = Vec::new();
    for n in doc.select("script").nodes() {
        let is_ld = n
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let text = n.text();
        if text.len() > MAX_JSON_LD {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        // Iterative walk (a hostile JSON-LD could nest deeply; serde_json caps its recursion at 128 anyway).
        let mut stack = vec![value];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a),
                Value::Object(o) => {
                    if let Some(ty) = o.get("@type").and_then(|t| match t {
                        Value::String(s) => Some(s.clone()),
                        Value::Array(a) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .find(|s| ARTICLE_TYPES.contains(s))
                            .map(str::to_owned),
                        _ => None,
                    }) {
                        if let Some(rank) = ARTICLE_TYPES.iter().position(|t| *t == ty) {
                            found.push((rank, o.clone(), ty));
                        }
                    }
                    if let Some(g) = o.get("@graph") {
                        stack.push(g.clone());
                    }
                }
                _ => {}
            }
        }
    }
    // Most specific type first; among equals, the first on the page (stable sort).
    found.sort_by_key(|(rank, _, _)| *rank);
    // A WebPage only counts when it states a date (it is often just the site's page wrapper).
    found
        .into_iter()
        .find(|(_, o, ty)| ty != "WebPage" || o.contains_key("datePublished"))
        .map(|(_, o, ty)| (o, ty))
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(super::page::collapse(s)),
        Value::Array(a) => a.iter().find_map(text_of),
        _ => None,
    }
}

/// `"Name"`, `{"name": "Name"}` or a list of them (joined with ", ").
fn name_of(v: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(super::page::collapse(s)),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(super::page::collapse),
        _ => None,
    };
    let names: Vec<String> = match v {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    };
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| !n.is_empty() && !is_web_url(n))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// `<time datetime>`: for the publication date, one marked `itemprop="datePublished"` or else the first; for the
/// modification date only one marked `dateModified`.
fn time_element(doc: &Document, published: bool) -> Option<Dated> {
    let times = doc.select("time[datetime]");
    let nodes = times.nodes();
    let marked = |want: &str| {
        nodes.iter().find(|n| {
            n.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case(want))
        })
    };
    let (node, from) = if published {
        match marked("datePublished") {
            Some(n) => (n, "<time itemprop=\"datePublished\">"),
            None => (nodes.first()?, "the page's first <time datetime>"),
        }
    } else {
        (marked("dateModified")?, "<time itemprop=\"dateModified\">")
    };
    dated(&node.attr("datetime")?, from.to_owned())
}

/// A date from a stated value: RFC 3339 / ISO 8601 (the date as stated, in the page's own offset), or any full date
/// the timeline's byline tagger reads ("19 Oct 2023 06:07:54 AM IST", "13 सितंबर 2023").
pub fn dated(s: &str, from: String) -> Option<Dated> {
    let t = s.trim();
    if t.is_empty() || t.len() > 200 {
        return None;
    }
    let date = chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| {
            let head: String = t.chars().take(10).collect();
            NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()
        })
        .or_else(|| {
            let head: String = t.chars().take(8).collect();
            NaiveDate::parse_from_str(&head, "%Y%m%d")
                .ok()
                .filter(|_| t.len() == 8 || !t.as_bytes()[8].is_ascii_digit())
        })
        .or_else(|| crate::timeline::tagger::parse_byline_date(t))?;
    (1990..=2100)
        .contains(&chrono::Datelike::year(&date))
        .then(|| Dated {
            date,
            stated: t.to_owned(),
            from,
        })
}

/// A date in a URL's path: `/2023/10/19/`, `/2023-10-19/`, `-20231019`, `/20231019/`.
pub fn url_date(url: &str) -> Option<Dated> {
    let path = url.split(['?', '#']).next()?;
    let path = path.splitn(4, '/').nth(3).unwrap_or("");
    let parts: Vec<&str> = path.split('/').collect();
    let ymd = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    let mut found = None;
    for w in parts.windows(3) {
        if let Some(d) = ymd(w[0], w[1], w[2]) {
            found = Some(d);
            break;
        }
    }
    if found.is_none() {
        for seg in &parts {
            for piece in seg.split(|c: char| !c.is_ascii_digit()) {
                if piece.len() == 8 {
                    if let Some(d) = ymd(&piece[..4], &piece[4..6], &piece[6..]) {
                        found = Some(d);
                        break;
                    }
                }
            }
            if found.is_none() {
                let dashed: Vec<&str> = seg.split('-').collect();
                for w in dashed.windows(3) {
                    if let Some(d) = ymd(w[0], w[1], w[2]) {
                        found = Some(d);
                        break;
                    }
                }
            }
            if found.is_some() {
                break;
            }
        }
    }
    let date = found.filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))?;
    Some(Dated {
        date,
        stated: url.to_owned(),
        from: "a date in the URL".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_urls() {
        let d = |u: &str| url_date(u).map(|d| d.date.to_string());
        assert_eq!(
            d("https://x.com/news/2023/10/19/story").as_deref(),
            Some("2023-10-19")
        );
        assert_eq!(
            d("https://x.com/story-20231019-abc").as_deref(),
            Some("2023-10-19")
        );
        assert_eq!(
            d("https://x.com/a/2023-10-19/b").as_deref(),
            Some("2023-10-19")
        );
        assert_eq!(d("https://x.com/story-123456789"), None);
        assert_eq!(d("https://20231019.com/x"), None);
    }

    #[test]
    fn stated_dates_keep_the_page_offset() {
        let d = dated("2023-10-19T23:30:00+05:30", "x".into()).unwrap();
        assert_eq!(d.date.to_string(), "2023-10-19");
        assert_eq!(
            dated("19 Oct 2023 06:07:54 AM IST", "x".into())
                .unwrap()
                .date
                .to_string(),
            "2023-10-19"
        );
        assert!(dated("yesterday", "x".into()).is_none());
    }
}
