//! Which character encoding a page is in: a byte-order mark, the HTTP header, `<meta charset>`, or the bytes
//! themselves. Legacy encodings are decoded by `encoding_rs` (the WHATWG set browsers use).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for `<meta charset>` (browsers look at 1024; some pages put it later).
const PRESCAN: usize = 4096;

/// The page's text and how its encoding was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Where the encoding came from, for the article's details ("HTTP header", "<meta charset>", …).
    pub why: String,
    /// Bytes that were not valid in that encoding (each became U+FFFD).
    pub had_errors: bool,
}

/// Decode page bytes. Order: a byte-order mark; then the declared encoding (HTTP header, else `<meta>`), except
/// that bytes which are valid UTF-8 with non-ASCII characters are read as UTF-8 whatever a single-byte label says
/// (a server mislabelling UTF-8 pages as ISO-8859-1 is common, and real legacy text is practically never valid
/// UTF-8); with no declaration, UTF-8 when valid, else windows-1252 (what browsers assume).
pub fn decode(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return done(text.into_owned(), enc, "byte-order mark".into(), had_errors);
    }
    let from_http = http_charset.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    let from_meta = meta_charset(bytes);
    // A page cannot declare UTF-16 in its own bytes (it would not be ASCII-compatible): such a label means UTF-8.
    let meta_enc = from_meta.map(|e| {
        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            e
        }
    });
    let declared = from_http
        .map(|e| (e, "HTTP header"))
        .or(meta_enc.map(|e| (e, "<meta charset>")));
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let non_ascii = !bytes.is_ascii();
    match declared {
        Some((enc, _)) if enc != UTF_8 && utf8_ok && non_ascii && enc.is_single_byte() => {
            let text = String::from_utf8(bytes.to_vec()).unwrap_or_default();
            let why = format!(
                "the bytes are valid UTF-8 although the {} says {}",
                declared.map(|d| d.1).unwrap_or_default(),
                enc.name()
            );
            done(text, UTF_8, why, false)
        }
        Some((enc, from)) => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors && enc == UTF_8 {
                // Declared UTF-8 but it is not: a second declaration, if the page has one, is the better guess.
                if let Some(other) = meta_enc.filter(|m| *m != UTF_8 && from != "<meta charset>") {
                    let (t, e) = other.decode_without_bom_handling(bytes);
                    return done(
                        t.into_owned(),
                        other,
                        "<meta charset> (the bytes are not the UTF-8 the HTTP header says)".into(),
                        e,
                    );
                }
            }
            done(text.into_owned(), enc, from.into(), had_errors)
        }
        None if utf8_ok => done(
            String::from_utf8(bytes.to_vec()).unwrap_or_default(),
            UTF_8,
            "no charset declared; the bytes are valid UTF-8".into(),
            false,
        ),
        None => {
            let (text, had_errors) = WINDOWS_1252.decode_without_bom_handling(bytes);
            done(
                text.into_owned(),
                WINDOWS_1252,
                "no charset declared and not UTF-8: read as windows-1252, as browsers do".into(),
                had_errors,
            )
        }
    }
}

fn done(text: String, enc: &'static Encoding, why: String, had_errors: bool) -> Decoded {
    Decoded {
        text,
        encoding: enc.name(),
        why,
        had_errors,
    }
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the first
/// bytes names.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
                    .collect();
                if let Some(enc) = Encoding::for_label(&label) {
                    return Some(enc);
                }
            }
        }
        at = end;
    }
    None
}

/// The `charset` parameter of a Content-Type header value.
pub fn content_type_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_wins_over_meta_and_bom_over_both() {
        let page = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        let d = decode(page, Some("windows-1252"));
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café"));
        let d = decode(b"\xef\xbb\xbf<p>x</p>", Some("windows-1252"));
        assert_eq!((d.encoding, d.why.as_str()), ("UTF-8", "byte-order mark"));
    }

    #[test]
    fn mislabelled_utf8_is_read_as_utf8() {
        let page = "<meta charset=iso-8859-1><p>नई दिल्ली</p>".as_bytes();
        let d = decode(page, None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("नई दिल्ली"));
        assert!(d.why.contains("windows-1252"), "{}", d.why);
    }

    #[test]
    fn meta_in_http_equiv_and_undeclared_legacy() {
        let page =
            b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>\xcf\xf0";
        assert_eq!(decode(page, None).text.chars().last(), Some('р'));
        assert_eq!(decode(b"<p>\xe9</p>", None).encoding, "windows-1252");
        assert_eq!(
            content_type_charset("text/html; charset=\"ISO-8859-1\"").as_deref(),
            Some("ISO-8859-1")
        );
    }
}
