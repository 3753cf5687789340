//! Writing an exported file safely: never over a Khabar project (whatever its name), never over something that is not
//! a regular file (a link, a pipe, a device, a folder), never over a read-only file; the new content goes to a
//! temporary file beside the target and is renamed over it, so a failure leaves the old file as it was. An existing
//! file keeps its permissions. The temporary file has a fixed name per target and is locked while written, so an
//! export killed half-way leaves one file that the next export to that target reuses, not a new one each time.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an export was not written. The target is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: is a Khabar project; an export never replaces a project (choose another file name)", .0.display())]
    IsProject(PathBuf),
    #[error("{}: is a symbolic link; an export does not write through links (name the file itself)", .0.display())]
    IsLink(PathBuf),
    #[error("{}: is a folder", .0.display())]
    IsFolder(PathBuf),
    #[error("{}: not a regular file (a pipe, device or socket); an export writes regular files only", .0.display())]
    NotRegular(PathBuf),
    #[error("{}: the file is read-only; make it writable or choose another name", .0.display())]
    ReadOnly(PathBuf),
    #[error("{}: another export to this file is under way", .0.display())]
    Busy(PathBuf),
    #[error("{}: not a file name", .0.display())]
    NoName(PathBuf),
    #[error("{}: {err}", path.display())]
    Io { path: PathBuf, err: std::io::Error },
}

/// Check that an export may write `path`: absent, or a writable regular file that is not a Khabar project.
pub fn check_target(path: &Path) -> Result<(), OutputError> {
    let meta = match path.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(OutputError::Io {
                path: path.to_owned(),
                err,
            })
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(OutputError::IsLink(path.to_owned()));
    }
    if kind.is_dir() {
        return Err(OutputError::IsFolder(path.to_owned()));
    }
    if !kind.is_file() {
        return Err(OutputError::NotRegular(path.to_owned()));
    }
    if crate::store::is_project_file(path) {
        return Err(OutputError::IsProject(path.to_owned()));
    }
    if meta.permissions().readonly() {
        return Err(OutputError::ReadOnly(path.to_owned()));
    }
    Ok(())
}

/// Write `bytes` to `path` atomically (see the module documentation for what is refused).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Write to `path` atomically what `write` writes (through a buffer, so an export streams to the file as it is
/// produced). An error from `write` leaves the target as it was.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    check_target(path)?;
    let io = |err| OutputError::Io {
        path: path.to_owned(),
        err,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| OutputError::NoName(path.to_owned()))?
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.khabar-partial"));
    // A partial file left by a killed export is reused; one that is not a plain file is not ours to touch.
    if tmp
        .symlink_metadata()
        .is_ok_and(|m| !m.file_type().is_file())
    {
        return Err(OutputError::NotRegular(tmp));
    }
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&tmp)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(OutputError::Busy(path.to_owned())),
        Err(std::fs::TryLockError::Error(err)) => return Err(io(err)),
    }
    let result = (|| -> std::io::Result<()> {
        file.set_len(0)?;
        {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &file);
            write(&mut buffered)?;
            buffered.flush()?;
        }
        keep_permissions(path, &file)?;
        file.sync_all()?;
        // The target may have changed while we wrote: check again right before replacing it.
        check_target(path).map_err(std::io::Error::other)?;
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        #[cfg(unix)]
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(match err.downcast::<OutputError>() {
            Ok(e) => e,
            Err(err) => io(err),
        });
    }
    remove_stale_temporaries(&dir, &name);
    Ok(())
}

/// An overwritten file keeps its mode (a private 0600 export stays private).
fn keep_permissions(path: &Path, file: &File) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) => file.set_permissions(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Earlier versions named temporary files `.NAME.PID.NANOS.tmp`; remove those whose process is gone.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(f) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = f.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".tmp")) else {
            continue;
        };
        let Some(pid) = rest.split('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
