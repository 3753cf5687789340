fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let src = khabar::web::PageSource {
        url: std::env::args().nth(2),
        http_charset: None,
        origin: path.clone(),
    };
    match khabar::web::read_page(&bytes, &src) {
        Ok(a) => {
            println!(
                "title={:?} published={:?} source={:?} url={:?}",
                a.meta.title, a.meta.published, a.meta.source, a.meta.url
            );
            println!("{:#?}", a.details);
            for b in &a.blocks {
                println!(
                    "{:<12} {:<50} | {}",
                    b.kind.key(),
                    b.reason,
                    a.block_text(b).chars().take(60).collect::<String>()
                );
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
