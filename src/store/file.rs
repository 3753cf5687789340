//! The project file as a file: what a path names, whether it is a Khabar project (read from its header bytes, so
//! nothing is created beside a file that is refused), and the lock that makes one process its only writer.
//!
//! The lock is an `flock` on the project file itself, so it holds for every name the file has (symbolic or hard
//! links): two names of one file are one inode. SQLite keeps its `-wal`/`-shm` beside the name it was given, so every
//! path is first resolved through symbolic links; hard links cannot be resolved, which [`Store`](super::Store)
//! handles by checkpointing after every commit (see `Store::open`).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{StoreError, APPLICATION_ID, SCHEMA_VERSION};

/// What the first 100 bytes of an SQLite file say (https://www.sqlite.org/fileformat.html, "The Database Header").
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    pub user_version: i32,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A project path resolved to the file it names.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    /// The path as the user gave it (for messages).
    pub typed: PathBuf,
    /// The same file with every symbolic link resolved: what SQLite is given, so its journal files sit beside the
    /// real file whatever link the user opened it by.
    pub real: PathBuf,
    /// How many names (hard links) the file has.
    pub links: u64,
}

/// Resolve `path` to an existing regular file, or say precisely why it is not one.
pub(crate) fn resolve(path: &Path) -> Result<Resolved, StoreError> {
    let io = |err| StoreError::Io {
        path: path.to_owned(),
        err,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::Missing(path.to_owned()))
        }
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(StoreError::IsFolder(path.to_owned()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotRegular(path.to_owned()));
    }
    let real = std::fs::canonicalize(path).map_err(io)?;
    #[cfg(unix)]
    let links = std::os::unix::fs::MetadataExt::nlink(&meta);
    #[cfg(not(unix))]
    let links = 1;
    Ok(Resolved {
        typed: path.to_owned(),
        real,
        links,
    })
}

/// Read the database header without SQLite (which would create `-wal`/`-shm` files beside a WAL database): a file
/// that is not ours is refused untouched.
pub(crate) fn read_header(r: &Resolved) -> Result<Header, StoreError> {
    let path = &r.typed;
    let mut file = File::open(&r.real).map_err(|err| StoreError::Io {
        path: path.clone(),
        err,
    })?;
    let len = file
        .metadata()
        .map_err(|err| StoreError::Io {
            path: path.clone(),
            err,
        })?
        .len();
    let mut head = [0u8; 100];
    let n = read_up_to(&mut file, &mut head).map_err(|err| StoreError::Io {
        path: path.clone(),
        err,
    })?;
    if n < SQLITE_MAGIC.len() || &head[..16] != SQLITE_MAGIC {
        return Err(StoreError::NotKhabar(path.clone()));
    }
    if n < 100 {
        return Err(StoreError::Corrupt {
            path: path.clone(),
            detail: format!("truncated: the file ends after {len} bytes, inside its header"),
        });
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let application_id = be32(68) as i32;
    let user_version = be32(60) as i32;
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        s => u64::from(s),
    };
    if application_id != APPLICATION_ID {
        return Err(StoreError::NotKhabar(path.clone()));
    }
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(StoreError::Corrupt {
            path: path.clone(),
            detail: format!("impossible page size {page_size}"),
        });
    }
    // The page count is valid when the "version valid for" number equals the change counter.
    let pages = u64::from(be32(28));
    // A write-ahead log beside the file holds pages not yet copied back: a checkpoint interrupted by a kill -9
    // leaves the header's new page count written before the file has grown to it, and SQLite completes the copy
    // from the log at the next open. Only without a log is a short file damage.
    let log_completes = has_wal(&r.real);
    if !log_completes && be32(92) == be32(24) && pages > 0 && len < pages * page_size {
        return Err(StoreError::Corrupt {
            path: path.clone(),
            detail: format!(
                "truncated: {len} bytes of {} ({pages} pages of {page_size} bytes)",
                pages * page_size
            ),
        });
    }
    if !log_completes && len % page_size != 0 {
        return Err(StoreError::Corrupt {
            path: path.clone(),
            detail: format!(
                "truncated: {len} bytes is not a whole number of {page_size}-byte pages"
            ),
        });
    }
    check_version(path, user_version)?;
    Ok(Header { user_version })
}

/// A schema version this build can open (older ones are upgraded).
pub(crate) fn check_version(path: &Path, version: i32) -> Result<(), StoreError> {
    if version < 0 {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("unknown project format {version}"),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_owned(),
            version,
        });
    }
    Ok(())
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether a file holds a Khabar project (by its content, whatever its name): export refuses to write over one.
pub fn is_project_file(path: &Path) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut head = [0u8; 100];
    match read_up_to(&mut file, &mut head) {
        Ok(100) => {
            &head[..16] == SQLITE_MAGIC
                && i32::from_be_bytes([head[68], head[69], head[70], head[71]]) == APPLICATION_ID
        }
        _ => false,
    }
}

/// The `-wal` file SQLite keeps beside `real`, if it exists and holds anything.
pub(crate) fn has_wal(real: &Path) -> bool {
    let mut s = real.as_os_str().to_owned();
    s.push("-wal");
    std::fs::metadata(PathBuf::from(s)).is_ok_and(|m| m.len() > 0)
}

/// Take the writer's lock: an exclusive `flock` on the project file itself (held until the returned file is
/// closed). A second writer through any name of the file fails with [`StoreError::Locked`].
pub(crate) fn lock_writer(r: &Resolved) -> Result<File, StoreError> {
    let file = File::open(&r.real).map_err(|err| StoreError::Io {
        path: r.typed.clone(),
        err,
    })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(r.typed.clone())),
        Err(std::fs::TryLockError::Error(err)) => Err(StoreError::Io {
            path: r.typed.clone(),
            err,
        }),
    }
}

/// Take a reader's lock (shared): fails with `None` while a writer holds the file.
pub(crate) fn lock_reader(r: &Resolved) -> Result<Option<File>, StoreError> {
    let file = File::open(&r.real).map_err(|err| StoreError::Io {
        path: r.typed.clone(),
        err,
    })?;
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(err)) => Err(StoreError::Io {
            path: r.typed.clone(),
            err,
        }),
    }
}

/// Check that SQLite will be able to write beside the project: its folder must take new files (the `-wal` and
/// `-shm` journals) and the file itself must be writable.
pub(crate) fn check_writable(r: &Resolved) -> Result<(), StoreError> {
    let meta = std::fs::metadata(&r.real).map_err(|err| StoreError::Io {
        path: r.typed.clone(),
        err,
    })?;
    if meta.permissions().readonly() {
        return Err(StoreError::ReadOnlyFile(r.typed.clone()));
    }
    let dir = r
        .real
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."));
    let probe = dir.join(format!(".khabar-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(f) => {
            drop(f);
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(classify_folder_error(&r.typed, &dir, e)),
    }
}

/// A failure to create a file in the project's folder, in the user's words.
pub(crate) fn classify_folder_error(path: &Path, dir: &Path, e: std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnlyFolder {
                path: path.to_owned(),
                dir: dir.to_owned(),
            }
        }
        _ => StoreError::Io {
            path: dir.to_owned(),
            err: e,
        },
    }
}

/// `path` as an SQLite URI opening it read-only and immutable: no locks taken, no journal files created.
pub(crate) fn immutable_uri(real: &Path) -> String {
    let mut uri = String::from("file:");
    for b in real.as_os_str().as_encoded_bytes() {
        match *b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            c if c.is_ascii() => uri.push(c as char),
            c => uri.push_str(&format!("%{c:02X}")),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_denied_in_the_folder_is_called_read_only_folder() {
        let e = classify_folder_error(
            Path::new("/x/p.khabar"),
            Path::new("/x"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(matches!(e, StoreError::ReadOnlyFolder { .. }));
        assert!(e.to_string().contains("read-only"), "{e}");
        assert!(e.to_string().contains("/x/p.khabar"), "{e}");
    }

    #[test]
    fn uris_escape_query_characters_and_non_ascii_bytes() {
        let u = immutable_uri(Path::new("/tmp/a?b#c%d/परियोजना.khabar"));
        assert!(u.starts_with("file:/tmp/a%3Fb%23c%25d/%E0"), "{u}");
        assert!(u.ends_with("?mode=ro&immutable=1"));
    }
}
