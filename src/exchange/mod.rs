//! Annotation export and import: W3C Web Annotation (JSON-LD), Khabar's own JSON, and CSV for spreadsheets. No egui
//! here; the CLI and the GUI call the same functions.
//!
//! Export is deterministic: articles in corpus order, annotations by (start, end, id), JSON keys in a fixed order;
//! with `reproducible` nothing depends on the clock, so the same project gives the same bytes.
//!
//! Import reads a file as it streams, re-anchors every annotation ([`anchor`]) and writes them in batches within one
//! transaction: one undo step, all or nothing, in the memory of one batch.

pub mod anchor;
pub mod csv;
mod error;
pub mod native;
pub mod timelinejs;
pub mod timeml;
pub mod w3c;

mod format;
mod import;
mod incoming;
mod json;
mod read;
mod scope;
mod stream;

use chrono::Utc;

use crate::project::Project;

pub use error::ExchangeError;

pub use format::{ExportOptions, ExportScope, Format};
pub use import::{
    import_annotation_file, import_annotation_stream, import_annotations, ImportReport, Orphan,
};
pub(crate) use incoming::{CodeSpec, Incoming};
pub(crate) use json::{join, opt_str, opt_time, opt_usize, str_or_strs, wrong};
pub use read::{read_annotation_file, MAX_ANNOTATION_FILE_BYTES};
pub(crate) use scope::{collection_id, fmt_time};
pub use stream::MAX_VALUE_BYTES;

/// Export the annotations in scope; returns the file's bytes and how many annotations it holds.
pub fn export(
    project: &mut Project,
    opts: &ExportOptions,
) -> Result<(Vec<u8>, usize), ExchangeError> {
    let mut bytes = Vec::new();
    let n = export_to(project, opts, &mut bytes)?;
    Ok((bytes, n))
}

/// Export the annotations in scope to `out`; returns how many it holds. W3C, JSON, CSV and TimeML are written as they are read,
/// so memory does not grow with the export.
pub fn export_to(
    project: &mut Project,
    opts: &ExportOptions,
    out: &mut dyn std::io::Write,
) -> Result<usize, ExchangeError> {
    let generated = (!opts.reproducible).then(Utc::now);
    let (bytes, n) = match opts.format {
        Format::W3c => return w3c::export(project, &opts.scope, generated, out),
        Format::Csv => return csv::export(project, &opts.scope, out),
        Format::Json => {
            return native::export(
                project,
                &opts.scope,
                opts.include_text,
                opts.include_dates,
                generated,
                out,
            )
        }
        Format::TimelineJs => timelinejs::export(project, &opts.scope)?,
        Format::TimeMl => return timeml::export(project, &opts.scope, out),
    };
    out.write_all(&bytes)?;
    Ok(n)
}

pub use crate::output::write_atomically;

/// Export to a file, written as it is produced and replacing the file only once complete (see [`crate::output`]);
/// returns how many annotations it holds.
pub fn export_to_file(
    project: &mut Project,
    opts: &ExportOptions,
    path: &std::path::Path,
) -> Result<usize, ExchangeError> {
    let mut n = 0;
    let mut failure = None;
    let written =
        crate::output::write_atomically_with(path, |w| match export_to(project, opts, w) {
            Ok(k) => {
                n = k;
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                failure = Some(e);
                Err(std::io::Error::other(message))
            }
        });
    match (failure, written) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(e.into()),
        (None, Ok(())) => Ok(n),
    }
}
