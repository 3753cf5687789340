//! Reading annotation files and streams, with a size limit.

use std::path::Path;

use super::ExchangeError;

/// Largest annotation file read: a 100,000-annotation W3C export is about 150 MB.
pub const MAX_ANNOTATION_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Read an annotation file for [`import_annotations`]: a regular file (never a FIFO or a device, which would block
/// or never end) of at most [`MAX_ANNOTATION_FILE_BYTES`]. The error names the file and the problem.
pub fn read_annotation_file(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    crate::ingest::read_regular_file(path, MAX_ANNOTATION_FILE_BYTES).map_err(|e| {
        ExchangeError::Unreadable {
            file: path.display().to_string(),
            problem: e.describe(MAX_ANNOTATION_FILE_BYTES),
        }
    })
}

/// Read at most [`MAX_ANNOTATION_FILE_BYTES`] from a stream (standard input) for [`import_annotations`].
pub fn read_annotation_stream(
    reader: impl std::io::Read,
    name: &str,
) -> Result<Vec<u8>, ExchangeError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_ANNOTATION_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ExchangeError::Read {
            file: name.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > MAX_ANNOTATION_FILE_BYTES {
        return Err(ExchangeError::TooLarge {
            file: name.to_owned(),
            limit: crate::ingest::mib(MAX_ANNOTATION_FILE_BYTES),
        });
    }
    Ok(bytes)
}
