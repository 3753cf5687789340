//! The one command table: the README's key table is generated from it, and its shortcuts belong to text fields while
//! one has focus.

mod common;

#[test]
fn the_readme_key_table_is_the_command_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = khabar::ui::commands::markdown_table();
    if std::env::var_os("KHABAR_WRITE_README_TABLE").is_some() {
        std::fs::write("/tmp/gen/table.md", &table).unwrap();
    }
    assert!(
        readme.contains(&table),
        "README.md must hold the key table generated from src/ui/commands.rs:\n{table}"
    );
}

#[test]
fn every_shortcut_gives_one_command() {
    use khabar::ui::commands::Command;
    let mut seen = std::collections::HashMap::new();
    for c in Command::ALL {
        for k in c.shortcuts() {
            if let Some(other) = seen.insert((k.modifiers, k.logical_key), c) {
                panic!("{k:?} is the shortcut of both {other:?} and {c:?}");
            }
        }
    }
}
