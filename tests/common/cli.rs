//! Running the real `khabar` binary: one helper for every CLI test.

use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_khabar");

/// Run `khabar ARGS` as the OS user "cli-tester" (the default coder of what it annotates).
pub fn khabar(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("USER", "cli-tester")
        .output()
        .unwrap()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output of a run that must succeed (else the test fails with the exit code and standard error).
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        stderr(out)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard output of `khabar --project PROJECT ARGS`, which must succeed.
pub fn run(project: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["--project", project.to_str().expect("a UTF-8 path")];
    all.extend_from_slice(args);
    ok(&khabar(&all))
}

/// The id of the first article `khabar articles` lists.
pub fn first_article(project: &str) -> String {
    let listed = ok(&khabar(&["--project", project, "articles"]));
    let first = listed.lines().next().expect("an article");
    first.split('\t').next().unwrap_or_default().to_owned()
}
