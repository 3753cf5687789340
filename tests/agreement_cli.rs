//! The team-coding commands: `annotate --coder`, `merge`, `coders`, `agreement`, `disagreements`, `adjudicate`.

mod common;

use common::cli::{first_article, khabar, ok};

#[test]
fn two_coders_from_merge_to_gold() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("asha.khabar");
    let b = dir.path().join("ravi.khabar");
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    ok(&khabar(&["new", a_s, "--bundled"]));
    ok(&khabar(&["new", b_s, "--bundled"]));
    let article = first_article(a_s);
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
    // `export --coder gold` exports the gold layer alone, like any coder's; --coder repeats for several coders.
    let exported = |coders: &[&str]| -> Vec<String> {
        let mut args = vec!["--project", a_s, "export", "--format", "json", "--out", "-"];
        for c in coders {
            args.extend(["--coder", c]);
        }
        let v: serde_json::Value = serde_json::from_str(&ok(&khabar(&args))).unwrap();
        let mut creators: Vec<String> = v["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["creator"].as_str().unwrap().to_owned())
            .collect();
        creators.sort();
        creators
    };
    assert_eq!(exported(&["gold"]), ["gold", "gold"]);
    assert_eq!(
        exported(&["gold", "ravi"]),
        ["gold", "gold", "ravi", "ravi"]
    );
    assert_eq!(
        exported(&[]).len(),
        6,
        "without --coder every coder is exported"
    );
    assert!(exported(&["nobody"]).is_empty());
    // read-only commands refuse nonsense with a message
    let bad = khabar(&["--project", a_s, "agreement", "--coders", "asha"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("at least two coders"));
}
