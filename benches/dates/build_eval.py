#!/usr/bin/env python3
"""Build benches/dates/eval.tsv: Hindi news sentences, each with its publication date (DCT) and the gold TIMEX3 type
and value of the temporal expression in it (or none, for the distractor sentences).

The sentences are written for the purpose, in the style of the Hindi news the bundled corpus holds (Russia–North
Korea relations, 2023–2025), from templates below: each kind of expression in several phrasings, with subjects and
predicates varied so no two sentences are the same. Gold values are computed here, with Python's calendar, not by
Khabar: the rules are the plain reading of each expression against the DCT (see the comments per kind). Festival
dates are those of the Government of India's holiday lists. Deterministic (fixed seed); re-run to regenerate.

Columns: id, kind, dct, sentence, gold_text, gold_type, gold_value (gold_text empty: no temporal expression; several
expressions in one sentence are joined with "|" in each of the three gold columns).
"""

import csv
import datetime as dt
import random
import sys
from pathlib import Path

rng = random.Random(20261122)

MONTHS = [
    ["जनवरी"], ["फरवरी", "फ़रवरी"], ["मार्च"], ["अप्रैल"], ["मई"], ["जून"], ["जुलाई"], ["अगस्त"],
    ["सितंबर", "सितम्बर"], ["अक्टूबर", "अक्तूबर"], ["नवंबर", "नवम्बर"], ["दिसंबर", "दिसम्बर"],
]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
NUM_WORDS = {2: "दो", 3: "तीन", 4: "चार", 5: "पांच", 6: "छह", 7: "सात", 10: "दस"}
WEEKDAYS = ["सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"]

SUBJECTS = [
    "रूस के राष्ट्रपति व्लादिमीर पुतिन", "उत्तर कोरिया के नेता किम जोंग उन", "दक्षिण कोरिया की सेना",
    "संयुक्त राष्ट्र सुरक्षा परिषद", "रूसी विदेश मंत्री सर्गेई लावरोव", "उत्तर कोरियाई प्रतिनिधिमंडल",
    "अमेरिकी विदेश विभाग", "जापान के प्रधानमंत्री", "चीन का विदेश मंत्रालय", "यूक्रेन की खुफिया एजेंसी",
]
PAST = [
    "ने प्योंगयांग में समझौते पर हस्ताक्षर किए", "ने मिसाइल परीक्षण की निंदा की", "ने सैन्य सहयोग पर चर्चा की",
    "ने संयुक्त बयान जारी किया", "ने नए प्रतिबंधों की घोषणा की", "ने व्लादिवोस्तोक में बैठक की",
    "ने सैनिकों की तैनाती की पुष्टि की", "ने रक्षा संधि को मंजूरी दी",
]
FUTURE = [
    "मास्को की यात्रा करेंगे", "संयुक्त अभ्यास में हिस्सा लेंगे", "नई वार्ता शुरू करेंगे",
    "शिखर सम्मेलन में भाग लेंगे", "प्रतिबंधों पर फैसला सुनाएंगे",
]


def month_name(m):
    return rng.choice(MONTHS[m - 1])


def subj():
    return rng.choice(SUBJECTS)


def past():
    return rng.choice(PAST)


def dct_between(a=dt.date(2023, 3, 1), b=dt.date(2025, 12, 20)):
    return a + dt.timedelta(days=rng.randrange((b - a).days))


def add_months(d, k):
    y, m = divmod(d.month - 1 + k, 12)
    return d.year + y, m + 1


rows = []


def add(kind, dct, before, expr, after, ttype, value):
    rows.append([kind, dct.isoformat(), before + expr + after, expr, ttype, value])


def explicit_day():
    for _ in range(45):
        dct = dct_between()
        d = dct - dt.timedelta(days=rng.randrange(1, 400))
        form = rng.randrange(4)
        if form == 0:
            expr = f"{d.day} {month_name(d.month)} {d.year}"
        elif form == 1:
            expr = f"{d.day} {month_name(d.month)}, {d.year}"
        elif form == 2:
            expr = f"{d.day:02d}/{d.month:02d}/{d.year}"
        else:
            expr = f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"
        add("explicit day", dct, f"{subj()} ने ", expr, f" को {past()[3:]}।", "DATE", d.isoformat())


def fix(s):
    return s.replace(" को ने ", " को ")


def month_year():
    for _ in range(37):
        dct = dct_between()
        y, m = add_months(dct, -rng.randrange(1, 30))
        expr = f"{month_name(m)} {y}"
        add("month and year", dct, f"{subj()} ने ", expr, f" में {past()[3:]}।", "DATE", f"{y:04d}-{m:02d}")


def year():
    for _ in range(37):
        dct = dct_between()
        y = rng.choice([1950, 1961, 1991, 2000, 2006, 2017, 2019, 2022, dct.year - 1])
        form = rng.randrange(4)
        expr = [f"वर्ष {y}", f"सन {y}", f"साल {y}", f"{y}"][form]
        add("year", dct, "", expr, f" में {subj()} ने {past()[3:]}।", "DATE", f"{y:04d}")


def day_month():
    # A day and month without a year: the year of the DCT (only days up to the DCT are used: news reports the past).
    for _ in range(37):
        dct = dct_between()
        d = dct - dt.timedelta(days=rng.randrange(1, 60))
        if d.year != dct.year:
            d = dct.replace(day=1)
        expr = f"{d.day} {month_name(d.month)}"
        add("day and month", dct, f"{subj()} ने ", expr, " को जारी बयान में कहा कि वार्ता जारी रहेगी।", "DATE", d.isoformat())


def relative():
    # आज = DCT; पिछले साल = DCT year − 1; इस साल/वर्ष = DCT year; पिछले महीने = month before the DCT's;
    # N दिन पहले = DCT − N days; अगले साल = DCT year + 1.
    for _ in range(45):
        dct = dct_between()
        form = rng.randrange(6)
        if form == 0:
            expr, value = "आज", dct.isoformat()
        elif form == 1:
            expr, value = rng.choice(["पिछले साल", "पिछले वर्ष"]), f"{dct.year - 1:04d}"
        elif form == 2:
            expr, value = rng.choice(["इस साल", "इस वर्ष"]), f"{dct.year:04d}"
        elif form == 3:
            y, m = add_months(dct, -1)
            expr, value = "पिछले महीने", f"{y:04d}-{m:02d}"
        elif form == 4:
            n = rng.choice([2, 3, 4, 5])
            expr, value = f"{NUM_WORDS[n]} दिन पहले", (dct - dt.timedelta(days=n)).isoformat()
        else:
            expr, value = rng.choice(["अगले साल", "अगले वर्ष"]), f"{dct.year + 1:04d}"
        add("relative", dct, f"{subj()} ने ", expr, " इस मुद्दे पर बयान दिया।", "DATE", value)


def weekday():
    # "पिछले <weekday>": the last such weekday before the DCT.
    for _ in range(30):
        dct = dct_between()
        wd = rng.randrange(7)
        back = (dct.weekday() - wd) % 7 or 7
        d = dct - dt.timedelta(days=back)
        expr = f"पिछले {WEEKDAYS[wd]}"
        add("weekday", dct, f"{subj()} ने ", expr, " को संवाददाताओं से बात की।", "DATE", d.isoformat())


def ranges():
    # The value of a range is its first period.
    for _ in range(37):
        dct = dct_between()
        form = rng.randrange(4)
        if form == 0:
            d = dct - dt.timedelta(days=rng.randrange(20, 300))
            e = d + dt.timedelta(days=1)
            if e.month != d.month:
                d -= dt.timedelta(days=2)
                e = d + dt.timedelta(days=1)
            expr, value = f"{d.day}-{e.day} {month_name(d.month)} {d.year}", d.isoformat()
        elif form == 1:
            d = dct - dt.timedelta(days=rng.randrange(20, 300))
            d = d.replace(day=min(d.day, 20))
            expr, value = f"{d.day} से {d.day + 3} {month_name(d.month)} {d.year}", d.isoformat()
        elif form == 2:
            a = rng.choice([2018, 2020, 2022])
            expr, value = f"{a} से {a + 2} तक", f"{a:04d}"
        else:
            y, m = add_months(dct, -rng.randrange(3, 14))
            m = min(m, 11)
            expr, value = f"{month_name(m)}-{month_name(m + 1)} {y}", f"{y:04d}-{m:02d}"
        add("range", dct, f"{subj()} ने ", expr, " के दौरान कई दौर की बातचीत की।", "DATE", value)


def duration():
    for _ in range(37):
        dct = dct_between()
        form = rng.randrange(3)
        if form == 0:
            n = rng.choice([2, 3, 4, 5, 7])
            expr, value = f"{NUM_WORDS[n]} दिन", f"P{n}D"
            add("duration", dct, f"{subj()} की यात्रा ", expr, " तक चली।", "DURATION", value)
        elif form == 1:
            n = rng.choice([10, 24, 30, 50])
            expr, value = f"{n} वर्षों", f"P{n}Y"
            add("duration", dct, "", expr, f" के बाद {subj()} प्योंगयांग पहुंचे।", "DURATION", value)
        else:
            n = rng.choice([2, 3, 6])
            expr, value = f"{NUM_WORDS[n]} महीने", f"P{n}M"
            add("duration", dct, f"{subj()} ने ", expr, " तक चले अभ्यास की समीक्षा की।", "DURATION", value)


def sets():
    for _ in range(30):
        dct = dct_between()
        expr, value = rng.choice([("हर साल", "P1Y"), ("हर वर्ष", "P1Y"), ("प्रतिदिन", "P1D"), ("हर महीने", "P1M"),
                                  ("हर हफ्ते", "P1W")])
        add("set", dct, f"{subj()} ", expr, " इस अभ्यास की समीक्षा करते हैं।", "SET", value)


def vague():
    for _ in range(37):
        dct = dct_between()
        expr, value = rng.choice([("हाल ही में", "PAST_REF"), ("कुछ दिन पहले", "PAST_REF"),
                                  ("आने वाले दिनों में", "FUTURE_REF"), ("इन दिनों", "PRESENT_REF")])
        add("vague", dct, f"{subj()} ने ", expr, " रूस के साथ संबंधों पर टिप्पणी की।", "DATE", value)


def time_of_day():
    # A clock time with no day stated is on the DCT: "सुबह 10 बजे" → DCTT10:00; "शाम 6 बजे" → DCTT18:00.
    for _ in range(30):
        dct = dct_between()
        part, h = rng.choice([("सुबह", 10), ("सुबह", 9), ("शाम", 6), ("दोपहर", 2), ("रात", 9)])
        hh = h + 12 if part in ("शाम", "रात") or (part == "दोपहर" and h < 12) else h
        expr = f"{part} {h} बजे"
        add("time of day", dct, f"{subj()} ", expr, " राजधानी पहुंचेंगे।", "TIME", f"{dct.isoformat()}T{hh:02d}:00")


FESTIVALS = {
    # Government of India holiday lists (gazetted holidays).
    "दिवाली": {2023: "2023-11-12", 2024: "2024-10-31", 2025: "2025-10-20"},
    "होली": {2023: "2023-03-08", 2024: "2024-03-25", 2025: "2025-03-14"},
    "गणतंत्र दिवस": {y: f"{y}-01-26" for y in (2023, 2024, 2025)},
    "स्वतंत्रता दिवस": {y: f"{y}-08-15" for y in (2023, 2024, 2025)},
}


def festival():
    for _ in range(30):
        dct = dct_between(dt.date(2023, 3, 1), dt.date(2025, 12, 20))
        name = rng.choice(list(FESTIVALS))
        add("festival", dct, f"{subj()} ने ", f"{name}", " के मौके पर भारत को शुभकामनाएं दीं।", "DATE",
            FESTIVALS[name][dct.year])


def heading():
    # Headings: short, no verb at the end; a bare month is of the DCT's year when not after the DCT's month.
    for _ in range(30):
        dct = dct_between()
        m = rng.randrange(1, dct.month + 1)
        expr = month_name(m)
        add("heading", dct, "जब ", expr, f" में मिले पुतिन और किम जोंग", "DATE", f"{dct.year:04d}-{m:02d}")


def negatives():
    # No temporal expression: numbers that are not dates.
    for s in ["उत्तर कोरिया ने 10,000 से अधिक सैनिक भेजे।", "अनुच्छेद 370 पर बहस जारी रही।",
              "रूस ने 3 मिसाइलें दागीं।", "रिपोर्ट के पृष्ठ 12 पर इसका जिक्र है।", "बैठक में 45 प्रतिनिधि मौजूद थे।",
              "संधि के 23 अनुच्छेद हैं।", "सेना ने 2,000 टन गोला-बारूद भेजा।", "कुल 150 विमान उड़ान भर चुके हैं।",
              "प्योंगयांग से 600 किलोमीटर दूर परीक्षण हुआ।", "इस सूची में 1950 नाम दर्ज हैं।",
              "मार्च करते हुए सैनिक आगे बढ़े।", "वे मई-दिवस की रैली में नहीं गए और चुप रहे।",
              "सरकार ने 7 सूत्रीय योजना पेश की।", "कीमतें 15 प्रतिशत बढ़ीं।", "परीक्षण स्थल 4 नंबर पर है।"]:
        rows.append(["none", dct_between().isoformat(), s, "", "", ""])


# Written by hand, one at a time, in phrasings the templates above do not use (and not checked against Khabar
# before being written down): the part of the set that says how the tagger does on news text it was not shaped for.
HAND = [
    # (DCT, sentence, expression, type, value)
    ("2024-06-20", "पुतिन बुधवार, 19 जून को प्योंगयांग पहुंचे।", "19 जून", "DATE", "2024-06-19"),
    ("2024-06-20", "बीते साल सितंबर में किम रूस गए थे।", "बीते साल सितंबर", "DATE", "2023-09"),
    ("2024-06-20", "गत वर्ष दोनों देशों के बीच व्यापार दोगुना हुआ।", "गत वर्ष", "DATE", "2023"),
    ("2024-06-20", "पिछले हफ्ते लावरोव ने बीजिंग का दौरा किया।", "पिछले हफ्ते", "DATE", "2024-W24"),
    ("2024-06-20", "समझौते पर परसों हस्ताक्षर होंगे।", "परसों", "DATE", "2024-06-22"),
    ("2024-06-20", "दो साल पहले युद्ध शुरू हुआ था।", "दो साल पहले", "DATE", "2022"),
    ("2024-06-20", "तीन सप्ताह बाद फिर बैठक होगी।", "तीन सप्ताह बाद", "DATE", "2024-07-11"),
    ("2024-06-20", "इस महीने की शुरुआत में सियोल ने चेतावनी दी थी।", "इस महीने", "DATE", "2024-06"),
    ("2023-09-14", "किम की ट्रेन मंगलवार तड़के व्लादिवोस्तोक पहुंची।", "मंगलवार", "DATE", "2023-09-12",
     [("तड़के", "TIME", "2023-09-12TMO")]),
    ("2023-09-14", "13 सितंबर 2023 (बुधवार) को वोस्तोचनी में मुलाकात हुई।", "13 सितंबर 2023", "DATE", "2023-09-13",
     [("बुधवार", "DATE", "2023-09-13")]),
    ("2025-01-10", "2024 के अंत में उत्तर कोरियाई सैनिक कुर्स्क पहुंचे।", "2024", "DATE", "2024"),
    ("2025-01-10", "वित्त वर्ष 2023-24 में निर्यात घटा।", "2023-24", "DATE", "2023"),
    ("2024-10-30", "1 अक्टूबर से नए नियम लागू हुए।", "1 अक्टूबर", "DATE", "2024-10-01"),
    ("2024-10-30", "अक्टूबर की शुरुआत में पहली टुकड़ी रवाना हुई।", "अक्टूबर", "DATE", "2024-10"),
    ("2024-10-30", "जून के मध्य में हुई संधि अब लागू है।", "जून", "DATE", "2024-06"),
    ("2024-10-30", "इस हफ्ते पेंटागन ने संख्या 10,000 बताई।", "इस हफ्ते", "DATE", "2024-W44"),
    ("2024-10-30", "अगले महीने अमेरिका में चुनाव हैं।", "अगले महीने", "DATE", "2024-11"),
    ("2024-10-30", "पिछले दो दशकों में ऐसा नहीं हुआ।", "पिछले दो दशकों", "DURATION", "P2DE"),
    ("2024-10-30", "यह गठबंधन 1961 की संधि की याद दिलाता है।", "1961", "DATE", "1961"),
    ("2024-10-30", "शीत युद्ध के दौर में 1950-53 का युद्ध हुआ।", "1950-53", "DATE", "1950"),
    ("2025-12-19", "18 दिसंबर को जारी रिपोर्ट में नुकसान का ब्योरा है।", "18 दिसंबर", "DATE", "2025-12-18"),
    ("2025-12-19", "कल देर रात सियोल ने आपात बैठक बुलाई।", "कल", "DATE", "2025-12-18",
     [("देर रात", "TIME", "2025-12-18TNI")]),
    ("2025-12-19", "करीब डेढ़ साल से यह तैनाती जारी है।", "डेढ़ साल", "DURATION", "P18M"),
    ("2025-12-19", "हर दो साल में यह अभ्यास होता है।", "हर दो साल", "SET", "P2Y"),
    ("2025-12-19", "सोमवार सुबह 9:30 बजे बयान जारी हुआ।", "सुबह 9:30 बजे", "TIME", "2025-12-15T09:30",
     [("सोमवार", "DATE", "2025-12-15")]),
    ("2025-12-19", "दिसंबर 2025 तक 600 सैनिक लौट आए।", "दिसंबर 2025", "DATE", "2025-12"),
    ("2025-12-19", "बीते सप्ताहांत दोनों नेताओं ने फोन पर बात की।", "बीते सप्ताहांत", "DATE", "2025-W50-WE"),
    ("2025-12-19", "नवंबर माह में मिसाइल परीक्षण हुए।", "नवंबर", "DATE", "2025-11"),
    ("2025-12-19", "साल 2026 में वार्ता का अगला दौर होगा।", "साल 2026", "DATE", "2026"),
    ("2025-12-19", "Updated: 19 Dec 2025, 10:15 AM IST", "19 Dec 2025, 10:15 AM", "TIME", "2025-12-19T10:15"),
]


def hand_written():
    # A sentence may hold more than one expression: the others follow the first, joined with "|" in each column.
    for dct, sentence, expr, ttype, value, *more in HAND:
        assert expr in sentence, sentence
        before, after = sentence.split(expr, 1)
        golds = [(expr, ttype, value)] + (more[0] if more else [])
        for e, _, _ in golds:
            assert e in sentence, (e, sentence)
        rows.append(["hand-written, varied", dct, sentence] + ["|".join(g[i] for g in golds) for i in range(3)])


for f in (hand_written, explicit_day, month_year, year, day_month, relative, weekday, ranges, duration, sets, vague, time_of_day,
          festival, heading, negatives):
    f()

out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("eval.tsv"))
with out.open("w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh, delimiter="\t", lineterminator="\n")
    w.writerow(["id", "kind", "dct", "sentence", "gold_text", "gold_type", "gold_value"])
    seen = set()
    n = 0
    for r in rows:
        r[2] = fix(r[2])
        if r[2] in seen:
            continue
        seen.add(r[2])
        n += 1
        w.writerow([n] + r)
print(f"{out}: {n} sentences, {sum(1 for r in rows if r[3])} with an expression", file=sys.stderr)
