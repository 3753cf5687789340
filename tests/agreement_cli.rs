//! The team-coding commands: `annotate --coder`, `merge`, `coders`, `agreement`, `disagreements`, `adjudicate`.

use std::process::Command;

fn khabar(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .env("USER", "cli-tester")
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn two_coders_from_merge_to_gold() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("asha.khabar");
    let b = dir.path().join("ravi.khabar");
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    ok(&khabar(&["new", a_s, "--bundled"]));
    ok(&khabar(&["new", b_s, "--bundled"]));
    let article = ok(&khabar(&["--project", a_s, "articles"]))
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    let visit = "रूस के राष्ट्रपति व्लादिमीर पुतिन ने उत्तर कोरिया की यात्रा की थी";
    let letter = "रूसी राष्ट्रपति व्लादिमीर पुतिन को एक पत";
    let annotate = |p: &str, flag: &str, coder: &str, quote: &str, code: &str| {
        ok(&khabar(&[
            "--project",
            p,
            "annotate",
            "--article",
            &article,
            "--quote",
            quote,
            "--code",
            code,
            flag,
            coder,
        ]))
    };
    annotate(a_s, "--coder", "asha", visit, "Meeting/visit");
    annotate(a_s, "--coder", "asha", letter, "Messages/diplomacy");
    // --creator still works
    annotate(
        b_s,
        "--creator",
        "ravi",
        &visit[visit.find("व्लादिमीर").unwrap()..],
        "Meeting/visit",
    );
    annotate(b_s, "--coder", "ravi", letter, "Messages/diplomacy");

    let first = ok(&khabar(&["--project", a_s, "merge", b_s]));
    assert!(first.contains("added\travi\t2"), "{first}");
    let second = ok(&khabar(&["--project", a_s, "merge", b_s]));
    assert!(
        second.contains("already_present\t2") && !second.contains("added"),
        "{second}"
    );
    assert_eq!(
        ok(&khabar(&["--project", a_s, "coders"])),
        "asha\t2\nravi\t2\n"
    );

    let json = ok(&khabar(&[
        "--project",
        a_s,
        "agreement",
        "--coders",
        "asha,ravi",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes = v["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 2);
    assert_eq!(codes[1]["alpha"].as_f64(), Some(1.0));
    let alpha = codes[0]["alpha"].as_f64().unwrap();
    assert!(alpha > 0.5 && alpha < 1.0);
    assert!(v["overall"]["alpha_ci"].is_array());
    let table = ok(&khabar(&[
        "--project",
        a_s,
        "agreement",
        "--coders",
        "asha,ravi",
        "--unit",
        "word",
    ]));
    assert!(
        table.contains("words of body text") && table.contains("Meeting/visit"),
        "{table}"
    );

    let list = ok(&khabar(&[
        "--project",
        a_s,
        "disagreements",
        "--coders",
        "asha,ravi",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let d = v["disagreements"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["kind"], "placed");

    let gold = ok(&khabar(&[
        "--project",
        a_s,
        "adjudicate",
        "--coders",
        "asha,ravi",
        "--accept",
        "a",
        "--gold",
        "gold",
    ]));
    assert!(gold.contains("created\t2"), "{gold}");
    assert_eq!(
        ok(&khabar(&["--project", a_s, "coders"])),
        "asha\t2\ngold\t2\nravi\t2\n"
    );
    // read-only commands refuse nonsense with a message
    let bad = khabar(&["--project", a_s, "agreement", "--coders", "asha"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("at least two coders"));
}
