#!/usr/bin/env python3
"""Build the extraction benchmark's pages and their gold (run once; its output is committed).

The pages are CONSTRUCTED: no real Hindi news page ships in a package registry (we searched the sdists of
trafilatura, htmldate, justext, readability-lxml, goose3, newspaper3k, newspaper4k, news-please, boilerpy3 and
inscriptis; newspaper4k ships the text of a Hindi article but not its page). Each page puts the paragraphs of a real
Hindi news text (Khabar's bundled corpus, assets/corpus, and newspaper4k's tests/data/txt/hindi_article.txt, MIT) into
the markup style of a Hindi news site: navigation, ads, share bars, "ये भी पढ़ें" links, related and trending lists,
tag lists, comment forms, footers, and the publication date stated the way that style states it (JSON-LD,
article:published_time, <time>, a byline, the URL). The gold main text is the list of body paragraphs placed in the
article body, so it is exact by construction; the gold date is the one written into the page.

    python3 benches/extraction/build_pages.py
"""
import html
import json
import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

TEXTS = [
    ("assets/corpus/000_17a1eeebe7b9355c.txt", "Khabar bundled corpus (NDTV India article text)"),
    ("assets/corpus/001_7ee61181a4a262d7.txt", "Khabar bundled corpus (article text, source unknown)"),
    ("assets/corpus/002_10fe313b376d7345.txt", "Khabar bundled corpus (Dakshin Bharat Rashtramat article text)"),
    ("assets/corpus/003_e4dc5e5af6f86eae.txt", "Khabar bundled corpus (Punjab Kesari article text)"),
    ("assets/corpus/004_7a121beb77ee4d36.txt", "Khabar bundled corpus (Lokmat article text)"),
    ("benches/extraction/newspaper4k_hindi_article.txt", "newspaper4k 0.9.6 sdist, tests/data/txt/hindi_article.txt (MIT)"),
]

MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_HI = ["जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

NAV = ["होम", "देश", "विदेश", "राज्य", "खेल", "मनोरंजन", "बिजनेस", "टेक", "वीडियो", "फोटो"]
RELATED = [
    "पुणे में भारी बारिश, कई सड़कें बंद",
    "संसद का शीतकालीन सत्र आज से, कई विधेयक पेश होंगे",
    "शेयर बाजार में तेजी, सेंसेक्स 500 अंक उछला",
    "मौसम विभाग ने जारी किया अलर्ट, अगले तीन दिन बारिश",
    "क्रिकेट: भारत ने ऑस्ट्रेलिया को हराया, सीरीज पर कब्जा",
]


def paragraphs(path):
    lines = open(os.path.join(ROOT, path), encoding="utf-8").read().split("\n")
    # The headline: the first line in Devanagari (the texts start with a site label now and then).
    title = next(l.strip() for l in lines if any("\u0900" <= c <= "\u097f" for c in l))
    # Paragraphs: long lines, without the texts' own "read also" links (boilerplate, not the article).
    read_also = ("ये खबर भी पढ़ें", "यह खबर भी पढ़ें", "ये भी पढ़ें", "यह भी पढ़ें", "इसे भी पढ़ें")
    plain = lambda t: unicodedata.normalize("NFD", t).replace("\u093c", "")
    read_also = tuple(plain(r) for r in read_also)
    body = [l.strip() for l in lines if len(l.split()) >= 15 and not plain(l.strip()).startswith(read_also)]
    return title, body


def e(s):
    return html.escape(s, quote=True)


def nav(cls):
    return f'<nav class="{cls}"><ul>' + "".join(f'<li><a href="/{i}">{e(n)}</a></li>' for i, n in enumerate(NAV)) + "</ul></nav>"


def related(cls, head, rng):
    items = rng.sample(RELATED, 3)
    return f'<div class="{cls}"><h3>{e(head)}</h3><ul>' + "".join(f'<li><a href="/r{i}">{e(t)}</a></li>' for i, t in enumerate(items)) + "</ul></div>"


def with_inline(body, inline, every=2):
    out = []
    for i, p in enumerate(body):
        out.append(p)
        if i % every == every - 1 and i < len(body) - 1 and inline:
            out.append(inline.pop(0))
    return out


def style_ndtv(title, body, d, rng, slug):
    iso = d.strftime("%Y-%m-%dT%H:%M:%S+05:30")
    ps = "".join(f"<p>{e(p)}</p>" if not p.startswith("<") else p for p in with_inline(body, ['<div class="ins_adwrap">विज्ञापन</div>', '<p><b>ये भी पढ़ें:</b> <a href="/x">' + e(RELATED[0]) + '</a></p>']))
    return f"""<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>{e(title)} - NDTV India</title>
<meta property="og:title" content="{e(title)}"><meta property="og:site_name" content="NDTV India">
<meta property="article:published_time" content="{iso}"><link rel="canonical" href="https://ndtv.in/india/{slug}">
<script>window.dataLayer=[];</script></head><body>
<header class="header">{nav('main-nav')}</header><div class="add-wrap">Advertisement</div>
<div class="content"><div class="sp-hd"><h1 class="sp-ttl">{e(title)}</h1>
<div class="pst-by"><span class="pst-by_lnk">एनडीटीवी इंडिया</span> <span class="pst-by_li">{d.strftime('%B %d, %Y')} {d.strftime('%I:%M %p')} IST</span></div>
<div class="social-share"><a>Facebook</a> <a>Twitter</a> <a>WhatsApp</a> <a>Email</a></div>
<div class="sp-rd">Read Time: 3 mins</div></div>
<div class="sp-cn ins_storybody" id="ins_storybody">{ps}</div>
<div class="ins_related">{related('rel-list', 'संबंधित खबरें', rng)}</div>
<div class="vid-sec"><h3>Featured Video Of The Day</h3><p>वीडियो: देखें आज की बड़ी खबरें</p></div></div>
<footer class="footer"><p>© Copyright NDTV Convergence Limited 2024. All rights reserved.</p></footer></body></html>"""


def style_amar(title, body, d, rng, slug):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": d.strftime("%Y-%m-%dT%H:%M:%S+05:30"), "dateModified": d.strftime("%Y-%m-%dT%H:%M:%S+05:30"),
          "author": {"@type": "Person", "name": "न्यूज डेस्क, अमर उजाला"}, "publisher": {"@type": "Organization", "name": "Amar Ujala"}}
    ps = "".join(p if p.startswith("<") else f"<p>{e(p)}</p>" for p in with_inline(body, ['<p class="also-read"><strong>यह भी पढ़ें: ' + e(RELATED[2]) + '</strong></p>', '<div class="ad-container">विज्ञापन</div>']))
    return f"""<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>{e(title)} - Amar Ujala Hindi News Live</title>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head><body>
<div class="top-header">{nav('menu')}</div>
<div class="breadcrumb"><a>होम</a> › <a>देश</a></div>
<div class="article-wrapper"><h1 class="article-title">{e(title)}</h1>
<div class="auther-detail"><span class="auther">न्यूज डेस्क, अमर उजाला, नई दिल्ली</span> <span class="date">Published by: अमर उजाला ब्यूरो</span></div>
<div class="share-icons"><a>शेयर करें</a></div>
<div class="article-desc">{ps}</div>
<div class="tags-list">टैग्स: देश, राजनीति</div></div>
<div class="sidebar"><h3>ट्रेंडिंग</h3><ul><li>{e(RELATED[3])}</li><li>{e(RELATED[4])}</li></ul></div>
<div class="comments-box"><h3>अपनी राय दें</h3><form><textarea></textarea><button>पोस्ट करें</button></form></div>
<footer><p>Copyright © 2024 Amar Ujala Limited</p><p>हमें फॉलो करें</p></footer></body></html>"""


def style_jagran(title, body, d, rng, slug):
    stamp = f"{WEEKDAYS[d.weekday()]}, {d.day:02d} {MONTHS_EN[d.month-1]} {d.year} {d.strftime('%I:%M %p')} (IST)"
    ps = "".join(p if p.startswith("<") else f"<p>{e(p)}</p>" for p in with_inline(body, ['<p><a href="/y">ये भी पढ़ें- ' + e(RELATED[1]) + '</a></p>'], every=3))
    return f"""<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>{e(title)} - Jagran</title>
<meta name="description" content="{e(body[0][:120])}"></head><body>
<div id="header">{nav('navbar')}</div><div class="adsCont">विज्ञापन</div>
<div class="articleBody"><h1>{e(title)}</h1>
<div class="dateInfo">By Agency Edited By: जागरण डेस्क<br>Last Updated: {d.day:02d} {MONTHS_EN[d.month-1]} {d.year} {d.strftime('%I:%M:%S %p')} IST</div>
<div class="articleBodyCont">{ps}</div></div>
<div class="moreStories"><h3>अधिक खबरें</h3><ul><li>{e(RELATED[0])}</li><li>{e(RELATED[4])}</li></ul></div>
<div class="footer"><p>Copyright © 2024 Jagran Prakashan Limited.</p></div></body></html>"""


def style_bhaskar(title, body, d, rng, slug):
    url = f"https://www.bhaskar.com/national/news/{slug}-{d.strftime('%Y%m%d')}.html"
    ps = "".join(f"<div>{e(p)}</div>" for p in body)
    return f"""<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>{e(title)} | Dainik Bhaskar</title>
<meta property="og:url" content="{url}"><meta property="og:site_name" content="Dainik Bhaskar"></head><body>
<div class="header-wrap"><div class="menu-bar"><a>होम</a> <a>देश</a> <a>विदेश</a> <a>खेल</a></div></div>
<main><h1>{e(title)}</h1><div class="byline-box">दैनिक भास्कर नेटवर्क</div>
<div class="share-strip"><span>शेयर</span> <span>कॉपी लिंक</span></div>
<div class="story-content">{ps}<div class="inline-ad">विज्ञापन</div></div>
<div class="app-promo">ऐप डाउनलोड करें: Download the app</div>
{related('related-stories', 'और खबरें पढ़ें', rng)}
<div class="comment-section"><h3>Comments</h3><p>Your email address will not be published.</p></div></main>
<footer><p>© 2024 DB Corp Ltd.</p></footer></body></html>""", url


def style_lh(title, body, d, rng, slug):
    iso = d.strftime("%Y-%m-%dT%H:%M:%S+05:30")
    hi = f"{d.day} {MONTHS_HI[d.month-1]} {d.year}"
    ps = "".join(p if p.startswith("<") else f"<p>{e(p)}</p>" for p in with_inline(body, ['<aside class="inline-story">पढ़ें: ' + e(RELATED[3]) + '</aside>'], every=3))
    return f"""<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>{e(title)} - Live Hindustan</title>
<meta property="og:site_name" content="Live Hindustan"><meta property="og:title" content="{e(title)}"></head><body>
<header>{nav('nav-links')}</header>
<article><h1>{e(title)}</h1>
<div class="author-date"><span class="author">लाइव हिन्दुस्तान टीम</span> <time itemprop="datePublished" datetime="{iso}">{hi}</time></div>
<div class="story-details">{ps}</div>
<div class="tags"><span>टैग्स:</span> <a>देश</a> <a>राजनीति</a></div></article>
<section class="newsletter-box"><p>हर दिन की बड़ी खबरें अपने इनबॉक्स में पाएं</p><form><input><button>सब्सक्राइब करें</button></form></section>
<div class="trending-news"><h3>ट्रेंडिंग न्यूज</h3><ul><li>{e(RELATED[1])}</li></ul></div>
<footer><p>Copyright © 2024 HT Digital Streams Ltd.</p></footer></body></html>"""


STYLES = [("ndtv-like", style_ndtv), ("amarujala-like", style_amar), ("jagran-like", style_jagran),
          ("bhaskar-like", style_bhaskar), ("livehindustan-like", style_lh)]


def main():
    import datetime
    rng = random.Random(15)
    gold = []
    pages = os.path.join(HERE, "pages")
    os.makedirs(pages, exist_ok=True)
    n = 0
    for si, (style, build) in enumerate(STYLES):
        for k in range(4):
            ti = (si + k) % len(TEXTS)
            path, origin = TEXTS[ti]
            title, body = paragraphs(path)
            d = datetime.datetime(2023, 1, 1, 6, 7, 54) + datetime.timedelta(days=17 * n + 3, hours=n)
            slug = f"story-{n:02d}"
            out = build(title, body, d, rng, slug)
            url = None
            if isinstance(out, tuple):
                out, url = out
            name = f"{n:02d}_{style}.html"
            with open(os.path.join(pages, name), "w", encoding="utf-8") as f:
                f.write(out)
            gold.append({"page": name, "url": url, "style": style, "text_from": origin, "text_file": path,
                         "published": d.date().isoformat(), "title": title, "main_text": body})
            n += 1
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
    print(f"{n} pages")


if __name__ == "__main__":
    main()
