//! Reading an annotation file as it streams, so that memory does not grow with the file: it is read twice and never
//! held. The first pass keeps the top level's small values (format, version, type, the codebook) and skips the large
//! ones (the arrays of annotations and articles, the pages); the second pass hands over one annotation at a time.
//! Only one value is ever held whole, and none larger than [`MAX_VALUE_BYTES`].

use std::cell::Cell;
use std::io::{self, BufReader, Read, Seek, SeekFrom};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{join, ExchangeError};

/// Keys of a top-level object whose values can be as large as the file: the first pass skips them.
const LARGE_KEYS: [&str; 5] = ["items", "first", "rows", "annotations", "articles"];

/// Largest value held whole: one annotation, or the small values of the top level together (an export's
/// annotation is about 1.3 KB; its codebook a few KB).
pub const MAX_VALUE_BYTES: u64 = 16 * 1024 * 1024;

/// Most pages of a collection read (each embedded in the one before).
const MAX_PAGES: usize = 100_000;

/// The top level of a file, as far as telling its format goes.
pub(crate) enum Top {
    /// A JSON array: each element an annotation.
    Array,
    /// An object: its small values, and which large keys it has with the kind of their values.
    Object {
        small: Map<String, Value>,
        large: Vec<(String, &'static str)>,
    },
    /// A string, number, boolean or null: its kind, for the message.
    Other(&'static str),
}

impl Top {
    /// The kind of the value of one of the large keys, when the top level has it.
    pub(crate) fn large(&self, key: &str) -> Option<&'static str> {
        match self {
            Top::Object { large, .. } => {
                large.iter().find(|(k, _)| k == key).map(|(_, kind)| *kind)
            }
            _ => None,
        }
    }
}

/// Where the second pass finds the annotations.
pub(crate) enum Route {
    /// The elements of the top-level array (paths `[i]`).
    Array,
    /// The elements of the array under a top-level key (paths `key[i]`).
    Key(&'static str, Items),
    /// The pages of a collection: `first`, then each page's `next` (paths `first.items[i]`, `first.next.items[i]`).
    Pages,
}

/// What an array of annotations may be instead, and what it must be.
#[derive(Clone, Copy)]
pub(crate) enum Items {
    /// A W3C page's items: null or missing is an error.
    W3c,
    /// Another array (native annotations, Hypothesis rows): null is an empty array.
    Plain,
}

/// Bytes read so far, and where the value now held whole began.
#[derive(Default)]
struct Meter {
    read: Cell<u64>,
    held_from: Cell<Option<u64>>,
    over: Cell<bool>,
}

impl Meter {
    fn hold(&self) {
        self.held_from.set(Some(self.read.get()));
    }
    fn release(&self) {
        self.held_from.set(None);
    }
}

/// A reader that counts, and refuses to go on while the value held whole exceeds [`MAX_VALUE_BYTES`].
struct Metered<'m, R> {
    inner: R,
    meter: &'m Meter,
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // A file that grows while it is read ends at the limit.
        if self.meter.read.get() > super::MAX_ANNOTATION_FILE_BYTES {
            return Err(io::Error::other(format!(
                "more than {} read (the limit for an annotation file)",
                crate::ingest::mib(super::MAX_ANNOTATION_FILE_BYTES)
            )));
        }
        if let Some(from) = self.meter.held_from.get() {
            if self.meter.read.get() - from > MAX_VALUE_BYTES {
                self.meter.over.set(true);
                return Err(io::Error::other("a value too large"));
            }
        }
        let n = self.inner.read(buf)?;
        self.meter.read.set(self.meter.read.get() + n as u64);
        Ok(n)
    }
}

/// Marks the error with which a visitor stops the parser when it has what it wants or an item was refused.
const STOP: &str = "khabar: stopped";

/// Why a pass ended early, kept outside serde's error type.
enum Stopped {
    /// The first pass saw an array: the rest is the second pass's.
    Array,
    Failed(ExchangeError),
}

/// The parser's error as the user sees it: a value too large, a refused item, or the JSON's own problem with
/// where it is.
fn pass_error(e: serde_json::Error, meter: &Meter, stopped: Option<Stopped>) -> ExchangeError {
    if let Some(Stopped::Failed(e)) = stopped {
        return e;
    }
    if meter.over.get() {
        return ExchangeError::field(
            "(file)",
            format!(
                "holds a value larger than {} (one annotation, or the top level outside its annotations)",
                crate::ingest::mib(MAX_VALUE_BYTES)
            ),
        );
    }
    if e.is_io() {
        return ExchangeError::Io(io::Error::other(e.to_string()));
    }
    let s = e.to_string();
    let message = match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    };
    ExchangeError::Json {
        message,
        line: e.line(),
        column: e.column(),
    }
}

/// The first pass: what the top level is, with its small values.
pub(crate) fn top<R: Read + Seek>(file: &mut R) -> Result<Top, ExchangeError> {
    rewind(file)?;
    let meter = Meter::default();
    let mut stopped = None;
    let reader = BufReader::with_capacity(
        1 << 16,
        Metered {
            inner: &mut *file,
            meter: &meter,
        },
    );
    let mut de = serde_json::Deserializer::from_reader(reader);
    let seed = TopSeed {
        meter: &meter,
        stopped: &mut stopped,
    };
    match de::DeserializeSeed::deserialize(seed, &mut de) {
        Ok(top) => {
            de.end().map_err(|e| pass_error(e, &meter, None))?;
            Ok(top)
        }
        Err(_) if matches!(stopped, Some(Stopped::Array)) => Ok(Top::Array),
        Err(e) => Err(pass_error(e, &meter, stopped)),
    }
}

/// The second pass: each annotation found by `route`, with its path and its size in the file, to `on_item`. An
/// error from `on_item` ends the pass and is returned.
pub(crate) fn items<R: Read + Seek>(
    file: &mut R,
    route: &Route,
    mut on_item: impl FnMut(String, Value, usize) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    rewind(file)?;
    let meter = Meter::default();
    let reader = BufReader::with_capacity(
        1 << 16,
        Metered {
            inner: &mut *file,
            meter: &meter,
        },
    );
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut walk = Walk {
        meter: &meter,
        on_item: &mut on_item,
        stopped: None,
        pages: 0,
    };
    let result = match route {
        Route::Array => de::Deserializer::deserialize_seq(
            &mut de,
            ItemsSeed {
                walk: &mut walk,
                path: String::new(),
                items: Items::Plain,
            },
        ),
        Route::Key(key, items) => de::Deserializer::deserialize_map(
            &mut de,
            KeySeed {
                walk: &mut walk,
                key,
                items: *items,
            },
        ),
        Route::Pages => de::Deserializer::deserialize_map(
            &mut de,
            KeySeed {
                walk: &mut walk,
                key: "first",
                items: Items::W3c,
            },
        ),
    };
    let stopped = walk.stopped.take();
    result
        .and_then(|()| de.end())
        .map_err(|e| pass_error(e, &meter, stopped))
}

/// Back to the start of the file, past a UTF-8 byte order mark (Windows editors write one).
fn rewind<R: Read + Seek>(file: &mut R) -> io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 3];
    let mut n = 0;
    while n < 3 {
        match file.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    if head[..n] != *b"\xef\xbb\xbf" {
        file.seek(SeekFrom::Start(0))?;
    }
    Ok(())
}

fn stop<E: de::Error>(stopped: &mut Option<Stopped>, why: Stopped) -> E {
    *stopped = Some(why);
    E::custom(STOP)
}

/// A visitor's answers to the scalar values, each given the kind it saw ("a boolean", "a number"; with `str` and
/// `unit`, also "a string" and "null"): one table of kind names for every visitor here.
macro_rules! visit_scalars {
    ($ret:ty, |$s:ident, $kind:ident| $answer:expr $(, $extra:ident)*) => {
        fn visit_bool<E: de::Error>($s, _v: bool) -> Result<$ret, E> {
            let $kind = "a boolean";
            $answer
        }
        fn visit_i64<E: de::Error>($s, _v: i64) -> Result<$ret, E> {
            let $kind = "a number";
            $answer
        }
        fn visit_u64<E: de::Error>($s, _v: u64) -> Result<$ret, E> {
            let $kind = "a number";
            $answer
        }
        fn visit_f64<E: de::Error>($s, _v: f64) -> Result<$ret, E> {
            let $kind = "a number";
            $answer
        }
        $(visit_scalars!(@$extra $ret, |$s, $kind| $answer);)*
    };
    (@str $ret:ty, |$s:ident, $kind:ident| $answer:expr) => {
        fn visit_str<E: de::Error>($s, _v: &str) -> Result<$ret, E> {
            let $kind = "a string";
            $answer
        }
    };
    (@unit $ret:ty, |$s:ident, $kind:ident| $answer:expr) => {
        fn visit_unit<E: de::Error>($s) -> Result<$ret, E> {
            let $kind = "null";
            $answer
        }
    };
}

struct TopSeed<'a> {
    meter: &'a Meter,
    stopped: &'a mut Option<Stopped>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an annotation file")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Top, A::Error> {
        Err(stop(self.stopped, Stopped::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut small = Map::new();
        let mut large = Vec::new();
        // The small values together are held to the limit of one value.
        self.meter.hold();
        while let Some(key) = map.next_key::<String>()? {
            if LARGE_KEYS.contains(&key.as_str()) {
                // Not held: the small values' count resumes after it.
                let from = self.meter.held_from.get();
                let before = self.meter.read.get();
                self.meter.release();
                let kind = map.next_value_seed(Skim)?;
                let skipped = self.meter.read.get() - before;
                self.meter.held_from.set(from.map(|f| f + skipped));
                large.push((key, kind));
            } else {
                let value = map.next_value::<Value>()?;
                small.insert(key, value);
            }
        }
        self.meter.release();
        Ok(Top::Object { small, large })
    }

    visit_scalars!(Top, |self, kind| Ok(Top::Other(kind)), str, unit);
}

/// Skips a value, saying what kind it was.
struct Skim;

impl<'de> DeserializeSeed<'de> for Skim {
    type Value = &'static str;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<&'static str, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skim {
    type Value = &'static str;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<&'static str, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok("an array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<&'static str, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok("an object")
    }
    visit_scalars!(&'static str, |self, kind| Ok(kind), str, unit);
}

/// The second pass's state: the meter, where items go, why it stopped, how many pages it has read.
struct Walk<'a, F> {
    meter: &'a Meter,
    on_item: &'a mut F,
    stopped: Option<Stopped>,
    pages: usize,
}

impl<F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> Walk<'_, F> {
    fn fail<E: de::Error>(&mut self, e: ExchangeError) -> E {
        stop(&mut self.stopped, Stopped::Failed(e))
    }
}

/// A top-level object: the value under `key` goes to the items (or, for `first`, to the pages); the rest is
/// skipped.
struct KeySeed<'w, 'a, F> {
    walk: &'w mut Walk<'a, F>,
    key: &'static str,
    items: Items,
}

impl<'de, F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> Visitor<'de>
    for KeySeed<'_, '_, F>
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key != self.key {
                map.next_value::<IgnoredAny>()?;
            } else if key == "first" {
                map.next_value_seed(PageSeed {
                    walk: &mut *self.walk,
                    path: key,
                    null_ends: false,
                })?;
            } else {
                map.next_value_seed(ItemsSeed {
                    walk: &mut *self.walk,
                    path: key,
                    items: self.items,
                })?;
            }
        }
        Ok(())
    }
}

/// An array of annotations: each element is held, alone, and handed over.
struct ItemsSeed<'w, 'a, F> {
    walk: &'w mut Walk<'a, F>,
    path: String,
    items: Items,
}

impl<'de, F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> DeserializeSeed<'de>
    for ItemsSeed<'_, '_, F>
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> ItemsSeed<'_, '_, F> {
    fn not_an_array<E: de::Error>(self, found: &'static str) -> Result<(), E> {
        let (expected, null_ok) = match self.items {
            Items::W3c => ("an array of annotations", false),
            Items::Plain => ("an array", true),
        };
        if found == "null" {
            if null_ok {
                return Ok(());
            }
            let e = ExchangeError::field(self.path, "missing (a page needs its items)");
            return Err(self.walk.fail(e));
        }
        let e = ExchangeError::WrongType {
            path: self.path,
            expected,
            found,
        };
        Err(self.walk.fail(e))
    }
}

impl<'de, F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> Visitor<'de>
    for ItemsSeed<'_, '_, F>
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of annotations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            self.walk.meter.hold();
            // Captured raw, then parsed from memory: serde_json builds a value from a slice about twice as fast
            // as from a reader.
            let Some(raw) = seq.next_element::<Box<serde_json::value::RawValue>>()? else {
                break;
            };
            self.walk.meter.release();
            let item: Value = serde_json::from_str(raw.get()).map_err(de::Error::custom)?;
            let bytes = raw.get().len();
            drop(raw);
            if let Err(e) = (self.walk.on_item)(format!("{}[{i}]", self.path), item, bytes) {
                return Err(self.walk.fail(e));
            }
            i += 1;
        }
        self.walk.meter.release();
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_an_array("an object")
    }
    visit_scalars!((), |self, kind| self.not_an_array(kind), str, unit);
}

/// A page of a collection: its items, then (or before) the page embedded as its `next`.
struct PageSeed<'w, 'a, F> {
    walk: &'w mut Walk<'a, F>,
    path: String,
    /// A `next` of null ends the collection; a `first` of null is an error.
    null_ends: bool,
}

impl<'de, F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> DeserializeSeed<'de>
    for PageSeed<'_, '_, F>
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> PageSeed<'_, '_, F> {
    fn not_a_page<E: de::Error>(self, found: &'static str) -> Result<(), E> {
        let e = ExchangeError::WrongType {
            path: self.path,
            expected: "an AnnotationPage object",
            found,
        };
        Err(self.walk.fail(e))
    }
}

impl<'de, F: FnMut(String, Value, usize) -> Result<(), ExchangeError>> Visitor<'de>
    for PageSeed<'_, '_, F>
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an AnnotationPage")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.walk.pages += 1;
        if self.walk.pages > MAX_PAGES {
            return Err(self.walk.fail(ExchangeError::TooManyPages));
        }
        let mut has_items = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "items" => {
                    has_items = true;
                    map.next_value_seed(ItemsSeed {
                        walk: &mut *self.walk,
                        path: join(&self.path, "items"),
                        items: Items::W3c,
                    })?;
                }
                "next" => map.next_value_seed(PageSeed {
                    walk: &mut *self.walk,
                    path: join(&self.path, "next"),
                    null_ends: true,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !has_items {
            let e = ExchangeError::field(
                join(&self.path, "items"),
                "missing (a page needs its items)",
            );
            return Err(self.walk.fail(e));
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        let e = ExchangeError::field(
            self.path,
            format!(
                "the page “{v}” is only referenced; export the collection with its pages embedded"
            ),
        );
        Err(self.walk.fail(e))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.null_ends {
            return Ok(());
        }
        self.not_a_page("null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_a_page("an array")
    }
    visit_scalars!((), |self, kind| self.not_a_page(kind));
}
