//! Opening annotation files and streams, with a size limit.

use std::path::Path;

use super::ExchangeError;

/// Largest annotation file imported: about 3 million annotations in W3C. Imports stream, so the limit bounds the
/// time an import takes, not its memory.
pub const MAX_ANNOTATION_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

fn unreadable(path: &Path, e: crate::ingest::ReadError) -> ExchangeError {
    ExchangeError::Unreadable {
        file: path.display().to_string(),
        problem: e.describe(MAX_ANNOTATION_FILE_BYTES),
    }
}

/// Open an annotation file for import: a regular file (never a FIFO or a device, which would block or never end)
/// of at most [`MAX_ANNOTATION_FILE_BYTES`]. The error names the file and the problem.
pub(crate) fn open_annotation_file(path: &Path) -> Result<std::fs::File, ExchangeError> {
    crate::ingest::open_regular_file(path, MAX_ANNOTATION_FILE_BYTES)
        .map_err(|e| unreadable(path, e))
}

/// Read a whole annotation file (see [`open_annotation_file`]).
pub fn read_annotation_file(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    crate::ingest::read_regular_file(path, MAX_ANNOTATION_FILE_BYTES)
        .map_err(|e| unreadable(path, e))
}

/// Copy at most [`MAX_ANNOTATION_FILE_BYTES`] of a stream (standard input) to a temporary file, which is deleted
/// when closed (an import reads its file twice).
pub(crate) fn spool(
    reader: impl std::io::Read,
    name: &str,
) -> Result<std::fs::File, ExchangeError> {
    let read_error = |source| ExchangeError::Read {
        file: name.to_owned(),
        source,
    };
    let mut file = tempfile::tempfile().map_err(read_error)?;
    let copied = std::io::copy(&mut reader.take(MAX_ANNOTATION_FILE_BYTES + 1), &mut file)
        .map_err(read_error)?;
    if copied > MAX_ANNOTATION_FILE_BYTES {
        return Err(ExchangeError::TooLarge {
            file: name.to_owned(),
            limit: crate::ingest::mib(MAX_ANNOTATION_FILE_BYTES),
        });
    }
    Ok(file)
}
