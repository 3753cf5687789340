//! The query language: words, "phrases", prefix*, AND / OR / NOT, parentheses, and romanised words.
//!
//! ```text
//! पुतिन किम                  both words (AND is implied between terms)
//! पुतिन OR पूतिन             either
//! रूस NOT यूक्रेन              articles with रूस and without यूक्रेन (rows for रूस)
//! "उत्तर कोरिया"              the two words in a row, in one paragraph
//! सैन्य*                      words that start with सैन्य (सैन्य, सैन्यों, …)
//! (रूस OR russia) AND सेना    grouping
//! sitambar                   a romanised word: matched as सितंबर, सितम्बर, … (and as the Latin word itself)
//! ```
//!
//! Operators are upper case (`and`, `or`, `not` in lower case are words). Every word is normalised
//! ([`super::normalize`]), so any common spelling finds the others. `NOT` needs a term on its left.

use super::normalize::{self, Mode};
use super::translit;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty")]
    Empty,
    #[error("a quotation mark is not closed")]
    UnclosedQuote,
    #[error("the parentheses do not match")]
    Parenthesis,
    #[error("{0} needs a term on both sides (for example: रूस {0} यूक्रेन)")]
    Operator(&'static str),
    #[error("“{0}” has no letters or digits to search for")]
    NoWord(String),
}

/// One word position of a term: the normalised forms a text word may have there (several for a romanised word).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Normalised forms (loose-folded when `loose`).
    pub alts: Vec<String>,
    /// Compare in loose mode (vowel length folded).
    pub loose: bool,
}

/// A word or phrase: consecutive words of one paragraph, each matching its part; with `prefix`, the last word need
/// only start with its part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// As typed, for messages.
    pub typed: String,
    pub parts: Vec<Part>,
    pub prefix: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Term(Term),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// Left, and not right.
    Not(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lex {
    Open,
    Close,
    And,
    Or,
    Not,
    Word { text: String, prefix: bool },
    Phrase { text: String, prefix: bool },
}

fn lex(q: &str) -> Result<Vec<Lex>, QueryError> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Lex::Open);
            i += 1;
        } else if c == ')' {
            out.push(Lex::Close);
            i += 1;
        } else if c == '"' || c == '“' || c == '”' {
            let close = |x: char| x == '"' || x == '”' || x == '“';
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && !close(chars[j]) {
                j += 1;
            }
            if j >= chars.len() {
                return Err(QueryError::UnclosedQuote);
            }
            let text: String = chars[start..j].iter().collect();
            i = j + 1;
            let prefix = chars.get(i) == Some(&'*');
            if prefix {
                i += 1;
            }
            out.push(Lex::Phrase { text, prefix });
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '"' | '“' | '”')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.as_str() {
                "AND" => out.push(Lex::And),
                "OR" => out.push(Lex::Or),
                "NOT" => out.push(Lex::Not),
                _ => {
                    let prefix = word.ends_with('*');
                    let text = word.trim_end_matches('*').to_owned();
                    out.push(Lex::Word { text, prefix });
                }
            }
        }
    }
    Ok(out)
}

/// How a query is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    pub mode: Mode,
    /// Read all-Latin words as romanised Hindi too.
    pub transliterate: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            mode: Mode::Default,
            transliterate: true,
        }
    }
}

struct Parser {
    toks: Vec<Lex>,
    pos: usize,
    opts: ParseOptions,
}

/// Parse a query. Romanised words get all their transliteration candidates; [`super::kwic::Search`] prunes those the
/// corpus does not contain.
pub fn parse(q: &str, opts: ParseOptions) -> Result<Expr, QueryError> {
    let toks = lex(&crate::model::normalize_text(q))?;
    if toks.is_empty() {
        return Err(QueryError::Empty);
    }
    let mut p = Parser { toks, pos: 0, opts };
    let e = p.or()?;
    match p.toks.get(p.pos) {
        None => Ok(e),
        Some(Lex::Close) => Err(QueryError::Parenthesis),
        Some(Lex::Or) => Err(QueryError::Operator("OR")),
        Some(Lex::And) => Err(QueryError::Operator("AND")),
        Some(Lex::Not) => Err(QueryError::Operator("NOT")),
        Some(_) => Err(QueryError::Parenthesis),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.toks.get(self.pos)
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Lex::Or) {
            self.pos += 1;
            if !self.starts_operand() {
                return Err(QueryError::Operator("OR"));
            }
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::Or(items)
        })
    }

    fn starts_operand(&self) -> bool {
        matches!(
            self.peek(),
            Some(Lex::Open | Lex::Word { .. } | Lex::Phrase { .. })
        )
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.not()?];
        loop {
            match self.peek() {
                Some(Lex::And) => {
                    self.pos += 1;
                    if !self.starts_operand() {
                        return Err(QueryError::Operator("AND"));
                    }
                    items.push(self.not()?);
                }
                _ if self.starts_operand() => items.push(self.not()?),
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::And(items)
        })
    }

    fn not(&mut self) -> Result<Expr, QueryError> {
        let mut e = self.primary()?;
        while self.peek() == Some(&Lex::Not) {
            self.pos += 1;
            if !self.starts_operand() {
                return Err(QueryError::Operator("NOT"));
            }
            let right = self.primary()?;
            e = Expr::Not(Box::new(e), Box::new(right));
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, QueryError> {
        match self.toks.get(self.pos).cloned() {
            Some(Lex::Open) => {
                self.pos += 1;
                let e = self.or()?;
                if self.peek() != Some(&Lex::Close) {
                    return Err(QueryError::Parenthesis);
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Lex::Word { text, prefix }) | Some(Lex::Phrase { text, prefix }) => {
                self.pos += 1;
                Ok(Expr::Term(self.term(&text, prefix)?))
            }
            Some(Lex::Close) => Err(QueryError::Parenthesis),
            Some(Lex::And) => Err(QueryError::Operator("AND")),
            Some(Lex::Or) => Err(QueryError::Operator("OR")),
            Some(Lex::Not) => Err(QueryError::Operator("NOT")),
            None => Err(QueryError::Empty),
        }
    }

    fn term(&self, text: &str, prefix: bool) -> Result<Term, QueryError> {
        let mode = self.opts.mode;
        let loose_query = mode == Mode::Loose;
        let mut parts = Vec::new();
        for t in normalize::tokens(text, Mode::Default) {
            let raw = &text[byte_range(text, t.start, t.end)];
            let romanised = self.opts.transliterate
                && raw.chars().all(|c| c.is_ascii_alphabetic())
                && raw.len() >= 2;
            if romanised {
                // Latin spelling is ambiguous about vowel length: romanised words always match loosely.
                let mut alts = vec![normalize::loose_fold(&t.norm)];
                for cand in translit::candidates(raw) {
                    let n = normalize::loose_fold(&normalize::normalize_word(&cand, Mode::Default));
                    if !n.is_empty() && !alts.contains(&n) {
                        alts.push(n);
                    }
                }
                parts.push(Part { alts, loose: true });
            } else {
                let norm = if loose_query {
                    normalize::loose_fold(&t.norm)
                } else {
                    t.norm
                };
                parts.push(Part {
                    alts: vec![norm],
                    loose: loose_query,
                });
            }
        }
        if parts.is_empty() {
            return Err(QueryError::NoWord(text.to_owned()));
        }
        Ok(Term {
            typed: text.to_owned(),
            parts,
            prefix,
        })
    }
}

fn byte_range(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let s = it.by_ref().nth(start).unwrap_or(text.len());
    let e = if end > start {
        it.nth(end - start - 1).unwrap_or(text.len())
    } else {
        s
    };
    s..e
}

impl Expr {
    /// Every term, left to right.
    pub fn terms(&self) -> Vec<&Term> {
        let mut out = Vec::new();
        self.walk(&mut |t, _| out.push(t), true);
        out
    }

    /// Terms with whether they are positive (rows are made for positive terms; the right side of NOT is negative).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Term, bool), positive: bool) {
        match self {
            Expr::Term(t) => f(t, positive),
            Expr::And(v) | Expr::Or(v) => v.iter().for_each(|e| e.walk(f, positive)),
            Expr::Not(a, b) => {
                a.walk(f, positive);
                b.walk(f, false);
            }
        }
    }

    pub fn terms_mut(&mut self, f: &mut impl FnMut(&mut Term)) {
        match self {
            Expr::Term(t) => f(t),
            Expr::And(v) | Expr::Or(v) => v.iter_mut().for_each(|e| e.terms_mut(f)),
            Expr::Not(a, b) => {
                a.terms_mut(f);
                b.terms_mut(f);
            }
        }
    }

    /// An FTS5 expression over the (loose) index that matches every document the query can match: phrases become
    /// AND of their words (the index has no positions) and the right side of NOT is dropped (the index is looser
    /// than a default-mode query, so excluding by it could lose documents); the exact check is done on the text.
    /// `None` when the expression cannot match anything (a term with no alternatives left).
    pub fn fts(&self) -> Option<String> {
        match self {
            Expr::Term(t) => {
                let mut parts = Vec::new();
                for (i, p) in t.parts.iter().enumerate() {
                    let star = if t.prefix && i + 1 == t.parts.len() {
                        " *"
                    } else {
                        ""
                    };
                    let alts: Vec<String> = p
                        .alts
                        .iter()
                        .map(|a| {
                            format!(
                                "\"{}\"{star}",
                                normalize::loose_fold(a).replace('"', "\"\"")
                            )
                        })
                        .collect();
                    match alts.len() {
                        0 => return None,
                        1 => parts.push(alts.into_iter().next().expect("one")),
                        _ => parts.push(format!("({})", alts.join(" OR "))),
                    }
                }
                Some(if parts.len() == 1 {
                    parts.pop().expect("one")
                } else {
                    format!("({})", parts.join(" AND "))
                })
            }
            Expr::And(v) => {
                let parts: Option<Vec<String>> = v.iter().map(Expr::fts).collect();
                Some(format!("({})", parts?.join(" AND ")))
            }
            Expr::Or(v) => {
                let parts: Vec<String> = v.iter().filter_map(Expr::fts).collect();
                if parts.is_empty() {
                    None
                } else {
                    Some(format!("({})", parts.join(" OR ")))
                }
            }
            Expr::Not(a, _) => a.fts(),
        }
    }
}

/// A word of an article as the matcher sees it.
#[derive(Clone, Debug)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub norm: String,
    pub loose: String,
    /// Block index (phrases never cross blocks).
    pub block: usize,
}

impl Part {
    fn matches(&self, w: &Word, prefix: bool) -> bool {
        let form = if self.loose { &w.loose } else { &w.norm };
        self.alts.iter().any(|a| {
            if prefix {
                form.starts_with(a.as_str())
            } else {
                form == a
            }
        })
    }
}

impl Term {
    /// Every match in `words` as a (first word, last word) index pair.
    pub fn find(&self, words: &[Word]) -> Vec<(usize, usize)> {
        let n = self.parts.len();
        let mut out = Vec::new();
        if n == 0 || words.len() < n {
            return out;
        }
        for i in 0..=words.len() - n {
            let ok = self.parts.iter().enumerate().all(|(k, p)| {
                let w = &words[i + k];
                w.block == words[i].block && p.matches(w, self.prefix && k + 1 == n)
            });
            if ok {
                out.push((i, i + n - 1));
            }
        }
        out
    }
}

/// Evaluate a query on an article's words (already limited to the searched blocks): the char ranges of the hits of
/// its positive terms when the article matches, else nothing. Sorted, identical ranges once.
pub fn hits(expr: &Expr, words: &[Word]) -> Vec<(usize, usize)> {
    let mut cache: Vec<(*const Term, Vec<(usize, usize)>)> = Vec::new();
    let mut found = |t: &Term| -> Vec<(usize, usize)> {
        let key = t as *const Term;
        if let Some((_, v)) = cache.iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        let v = t.find(words);
        cache.push((key, v.clone()));
        v
    };
    fn eval(e: &Expr, found: &mut impl FnMut(&Term) -> Vec<(usize, usize)>) -> bool {
        match e {
            Expr::Term(t) => !found(t).is_empty(),
            Expr::And(v) => v.iter().all(|e| eval(e, found)),
            Expr::Or(v) => {
                let mut any = false;
                for e in v {
                    any |= eval(e, found);
                }
                any
            }
            Expr::Not(a, b) => eval(a, found) && !eval(b, found),
        }
    }
    if !eval(expr, &mut found) {
        return Vec::new();
    }
    let mut ranges = Vec::new();
    expr.walk(
        &mut |t, positive| {
            if positive {
                for (a, b) in found(t) {
                    ranges.push((words[a].start, words[b].end));
                }
            }
        },
        true,
    );
    ranges.sort_unstable();
    ranges.dedup();
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Expr {
        parse(
            q,
            ParseOptions {
                mode: Mode::Default,
                transliterate: false,
            },
        )
        .unwrap()
    }

    #[test]
    fn grammar() {
        assert!(matches!(p("रूस किम"), Expr::And(v) if v.len() == 2));
        assert!(matches!(p("रूस OR किम"), Expr::Or(v) if v.len() == 2));
        assert!(matches!(p("रूस NOT किम"), Expr::Not(..)));
        assert!(matches!(p("(रूस OR किम) AND सेना"), Expr::And(v) if matches!(v[0], Expr::Or(_))));
        let Expr::Term(t) = p("\"उत्तर कोरिया\"") else {
            panic!()
        };
        assert_eq!(t.parts.len(), 2);
        let Expr::Term(t) = p("सैन्य*") else {
            panic!()
        };
        assert!(t.prefix);
        // lower-case operators are words
        assert!(matches!(p("and"), Expr::Term(_)));
        let o = ParseOptions::default();
        assert_eq!(parse("", o), Err(QueryError::Empty));
        assert_eq!(parse("\"रूस", o), Err(QueryError::UnclosedQuote));
        assert_eq!(parse("(रूस", o), Err(QueryError::Parenthesis));
        assert_eq!(parse("रूस)", o), Err(QueryError::Parenthesis));
        assert_eq!(parse("NOT रूस", o), Err(QueryError::Operator("NOT")));
        assert_eq!(parse("रूस OR", o), Err(QueryError::Operator("OR")));
        assert!(matches!(parse("।।", o), Err(QueryError::NoWord(_))));
    }

    #[test]
    fn fts_expression_drops_not_and_splits_phrases() {
        assert_eq!(p("रूस NOT किम").fts().unwrap(), "\"रुस\"");
        assert_eq!(
            p("\"उत्तर कोरिया\" OR सैन्य*").fts().unwrap(),
            "((\"उत्तर\" AND \"कोरिया\") OR \"सैंय\" *)"
        );
    }
}
