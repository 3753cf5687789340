//! A private X server for tests and benchmarks that open a real window.

use std::io::Read;
use std::process::{Child, Command, Stdio};

/// Kills the process when dropped.
pub struct Kill(pub Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start Xvfb on a free display (it picks one and reports it); returns the guard and ":N", or `None` without Xvfb.
pub fn start_xvfb() -> Option<(Kill, String)> {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1600x1000x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut out = child.stdout.take()?;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        buf.push(byte[0]);
    }
    let n = String::from_utf8(buf).ok()?;
    let n = n.trim();
    (!n.is_empty()).then(|| (Kill(child), format!(":{n}")))
}
