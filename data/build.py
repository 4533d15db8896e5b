#!/usr/bin/env python3
"""Build the labelled corpus for wildtrade_clf.

Every text in the corpus is either written for this project (data/handwritten.csv and data/written/*.csv) or
generated here from the project's own lexicons (data/lexicons/*.tsv) and template families (data/families.toml).

    python data/build.py           # checks data/families.toml, writes data/corpus.csv
    python data/build.py --stats   # also prints markdown count tables

Deterministic: each family has its own random generator seeded with SEED and the family's id, iteration is ordered
and the clock is never read, so the same files give the same bytes, and editing one family changes only its rows.
Needs Python 3.11 (tomllib) and the `opencc` package (pip install opencc) for traditional-Chinese variants.
"""
from __future__ import annotations

import csv
import io
import os
import random
import re
import sys
import tomllib
from collections import Counter

import opencc

SEED = 20261129
HERE = os.path.dirname(os.path.abspath(__file__))
FAMILIES_FILE = "families.toml"
WRITTEN_COLUMNS = ["text", "label", "kind", "lang", "family", "note"]
KINDS = {1: ["offer", "buy_request", "jargon", "code_word", "disguised"], 0: ["news", "lookalike", "legal_sale", "chat"]}
LANGS = ["zh_hans", "zh_hant", "en", "mixed"]
COLUMNS = ["id", "text", "label", "kind", "lang", "source", "family", "split"]
CONVERTERS = {"tw": opencc.OpenCC("s2tw"), "twp": opencc.OpenCC("s2twp"), "hk": opencc.OpenCC("s2hk")}
# OpenCC reads 直发 (ships directly) as 直髮 (straight hair).
TRAD_FIX = [("直髮", "直發")]
SLOT_RE = re.compile(r"\{(\w+|\d+\.\.\d+)\}")
RANGE_RE = re.compile(r"(\d+)\.\.(\d+)")
# A share of generated positives is disguised (kind `disguised`); a few negatives get the same treatment so that
# a disguise alone does not decide the label.
DISGUISE_SHARE = {1: 0.30, 0: 0.07}
SPELL_OUT_DIGITS_SHARE = 0.03  # of undisguised negatives: phone digits written as Chinese numerals
SEPARATORS = [" ", "/", "*", ".", "-", "_", "|", "、", "·", "♥", "~", "  ", "+", "#"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def read_tsv(path: str) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().removesuffix("\n").split("\n")
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        cells = line.removesuffix("\r").split("\t")
        if len(cells) != len(header):
            raise SystemExit(f"{path} line {number}: {len(cells)} fields, the header has {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


class Data:
    """The families file and the lexicons of one data directory."""

    def __init__(self, data_dir: str):
        self.dir = data_dir
        with open(os.path.join(data_dir, FAMILIES_FILE), "rb") as f:
            config = tomllib.load(f)
        self.config = config
        lex_dir = os.path.join(data_dir, "lexicons")
        self.lexicons = {name[:-4]: read_tsv(os.path.join(lex_dir, name))
                         for name in sorted(os.listdir(lex_dir)) if name.endswith(".tsv")}
        self.groups = config.get("groups", {})
        self.product_families = self.groups.get("all", [])
        self.slots = config.get("slots", {})
        self.styles = config.get("styles", {})
        self.families = config.get("family", [])

    def words(self, name: str) -> list[tuple[str, str]]:
        return [(row["word"], row["family"]) for row in self.lexicons[name]]

    def pairs(self, name: str) -> list[tuple[str, str]]:
        """A two-column table (word and its disguise, keyword and its family ...) in file order."""
        return [tuple(row.values()) for row in self.lexicons[name]]

    def expand(self, families: list[str]) -> list[str]:
        return [f for name in families for f in self.groups.get(name, [name])]


# --- checking data/families.toml --------------------------------------------------------------------------------

GENERATORS = ("handle", "phone", "qq", "emojis", "yuan_price")
FAMILY_FIELDS = {"id": str, "label": int, "kind": str, "lang": str, "families": list, "rows": int, "held_out": bool,
                 "templates": list, "style": str, "variant": str, "traditional_share": float, "slots": dict}
REQUIRED = ["id", "label", "kind", "lang", "families", "rows", "held_out"]


def check(data: Data) -> list[str]:
    """Everything wrong with data/families.toml and the lexicons it names, each message naming file, family, field."""
    where = f"data/{FAMILIES_FILE}"
    errors = []
    known = set(data.lexicons) | set(GENERATORS)

    def check_source(place: str, value) -> None:
        if isinstance(value, str) and not SLOT_RE.search(value) and value not in known:
            errors.append(f"{place}: no lexicon data/lexicons/{value}.tsv and no generator of that name")

    def check_templates(place: str, templates: list, own_slots: dict) -> None:
        for template in templates:
            for name in SLOT_RE.findall(template):
                if not RANGE_RE.fullmatch(name) and name not in own_slots and name not in data.slots:
                    errors.append(f"{place}: template {template!r} uses slot {{{name}}}, which no [slots] or "
                                  "[family.slots] entry fills")

    for name, spec in data.slots.items():
        if "zh" not in spec:
            errors.append(f"{where}: [slots.{name}]: missing field 'zh'")
        for key, value in spec.items():
            if key in ("zh", "en", "zh_hant"):
                check_source(f"{where}: [slots.{name}] field '{key}'", value)
            elif key not in ("per_family", "disguise") or not isinstance(value, bool):
                errors.append(f"{where}: [slots.{name}]: unknown field {key!r} or not true/false")
    for lex, rows in data.lexicons.items():
        bad = sorted({row["family"] for row in rows if row.get("family") not in (None, "", "none", *data.product_families)})
        if bad:
            errors.append(f"data/lexicons/{lex}.tsv: unknown product families {bad}")
    for sid, templates in data.styles.items():
        if not isinstance(templates, list) or not templates or not all(isinstance(t, str) for t in templates):
            errors.append(f"{where}: [styles] {sid}: must be a non-empty list of templates")
    seen = set()
    for number, fam in enumerate(data.families, 1):
        fid = fam.get("id", f"#{number}")
        place = f"{where}: family {fid}"
        if fid in seen:
            errors.append(f"{place}: id used twice")
        seen.add(fid)
        for field in REQUIRED:
            if field not in fam:
                errors.append(f"{place}: missing field '{field}'")
        for field, value in fam.items():
            want = FAMILY_FIELDS.get(field)
            if want is None:
                errors.append(f"{place}: unknown field '{field}'")
            elif not isinstance(value, want) or (want is int and isinstance(value, bool)):
                errors.append(f"{place}: field '{field}' must be {want.__name__}, not {value!r}")
        label, lang = fam.get("label"), fam.get("lang")
        if label not in KINDS:
            errors.append(f"{place}: field 'label' must be 0 or 1")
        elif fam.get("kind") not in KINDS[label]:
            errors.append(f"{place}: field 'kind' {fam.get('kind')!r} is not one of {KINDS[label]}")
        if lang not in LANGS:
            errors.append(f"{place}: field 'lang' {lang!r} is not one of {LANGS}")
        if (lang == "zh_hant") != ("variant" in fam) or fam.get("variant", "tw") not in ("tw", "hk"):
            errors.append(f"{place}: field 'variant' (tw or hk) is required for zh_hant families and only there")
        if (lang == "zh_hans") != ("traditional_share" in fam):
            errors.append(f"{place}: field 'traditional_share' is required for zh_hans families and only there")
        families = fam.get("families") or []
        expanded = data.expand(families)
        if not families or not (expanded == ["none"] or all(f in data.product_families for f in expanded)):
            errors.append(f"{place}: field 'families' {families!r} must be [\"none\"] or product families/groups")
        if isinstance(fam.get("rows"), int) and fam["rows"] < 1:
            errors.append(f"{place}: field 'rows' must be at least 1")
        if ("templates" in fam) == ("style" in fam):
            errors.append(f"{place}: give exactly one of 'templates' and 'style'")
        elif "style" in fam and fam["style"] not in data.styles:
            errors.append(f"{place}: field 'style' {fam['style']!r} is not in [styles]")
        own_slots = fam.get("slots", {})
        for name, value in own_slots.items():
            if isinstance(value, list):
                tags = {w.rsplit("@", 1)[1] for w in value if isinstance(w, str) and "@" in w}
                if not value or not all(isinstance(w, str) for w in value) or \
                        not tags <= {"none", *data.product_families}:
                    errors.append(f"{place}: slot '{name}': a non-empty list of words, \"word@family\" with a "
                                  "product family or none")
            else:
                check_source(f"{place}: slot '{name}'", value)
        templates = fam.get("templates") or data.styles.get(fam.get("style"), [])
        check_templates(place, templates if isinstance(templates, list) else [], own_slots)
    for spec in data.slots.values():
        for key in ("zh", "en", "zh_hant"):
            if isinstance(spec.get(key), str) and spec[key] in data.lexicons:
                check_templates(f"data/lexicons/{spec[key]}.tsv", [w for w, _ in data.words(spec[key])], {})
    return errors


# --- filling templates ------------------------------------------------------------------------------------------

class Row:
    """One row being generated: its family's random generator, language and product family, and what the slots
    picked (words that may be disguised; product families named by tagged words)."""

    def __init__(self, data: Data, rng: random.Random, lang: str, product: str, own_slots: dict):
        self.data, self.rng, self.lang, self.product, self.own_slots = data, rng, lang, product, own_slots
        self.keys: list[str] = []
        self.tags: list[str] = []

    def render(self, template: str) -> str:
        return SLOT_RE.sub(lambda m: self.fill(m.group(1)), template)

    def fill(self, name: str) -> str:
        r = self.rng
        span = RANGE_RE.fullmatch(name)
        if span:
            return str(r.randint(int(span.group(1)), int(span.group(2))))
        if name in self.own_slots:
            value = self.own_slots[name]
            entries = [tuple(w.rsplit("@", 1)) if "@" in w else (w, "") for w in value] \
                if isinstance(value, list) else self.data.words(value)
            word, tag = r.choice(entries)
            if tag:
                self.tags.append(tag)
            self.keys.append(word)
            return word
        spec = self.data.slots[name]
        source = spec.get(self.lang, spec["zh"]) if self.lang in ("en", "zh_hant") else spec["zh"]
        if source in GENERATORS:
            return getattr(self, source)()
        if source not in self.data.lexicons:
            return self.render(source)
        entries = self.data.words(source)
        if spec.get("per_family"):
            entries = [e for e in entries if e[1] == self.product]
        word = r.choice(entries)[0]
        if spec.get("disguise"):
            self.keys.append(word)
        return self.render(word)

    def handle(self) -> str:
        r = self.rng
        return r.choice(self.data.words("handle_words"))[0] + r.choice(["", "_", ""]) + \
            self.render(r.choice(self.data.words("handle_suffixes"))[0])

    def phone(self) -> str:
        """Obviously fictional mainland mobile numbers, 1[3-9]00000NNNN, that the normaliser still reads as a phone."""
        return f"1{self.rng.randint(3, 9)}00000{self.rng.randint(0, 9999):04d}"

    def qq(self) -> str:
        """Fictional QQ numbers, 90000NNNN."""
        return f"90000{self.rng.randint(0, 9999):04d}"

    def emojis(self) -> str:
        return "".join(self.fill("emoji") for _ in range(self.rng.randint(0, 2)))

    def yuan_price(self) -> str:
        r = self.rng
        n = r.choice([280, 380, 580, 880, 1200, 1680, 2800, 3800, 4500, 6800, 8800, 12000, 16800, 26000, 38000, 58000,
                      88000]) + r.choice([0, 0, 0, 100, 200, -80])
        form = r.randrange(8)
        if form == 1 and n >= 10000:
            return f"{n / 10000:.1f}w".replace(".0w", "w")
        return {0: f"¥{n}", 2: f"{n}元", 3: "价格私聊", 4: f"{r.choice([38, 45, 60, 120, 260, 380])}一克", 5: f"{n}块",
                6: f"米{n}"}.get(form, str(n))


# --- disguises and noise ----------------------------------------------------------------------------------------

def d_space(s, r, data):
    sep = r.choice(SEPARATORS)
    return sep.join(s) if r.random() < 0.7 else " ".join(s)


def d_emoji(s, r, data):
    for word, emoji in data.pairs("emoji_substitutes"):
        if word in s:
            s = s.replace(word, emoji, 1)
            if r.random() < 0.5:
                break
    return s


def _first_variant(table):
    """A disguise that respells the first word of the table found in the text (table order)."""
    def respell(s, r, data):
        variants: dict[str, list[str]] = {}
        for word, variant in data.pairs(table):
            variants.setdefault(word, []).append(variant)
        word = next((w for w in variants if w in s), None)
        return s if word is None else s.replace(word, r.choice(variants[word]))
    return respell


d_homophone = _first_variant("homophones")
d_pinyin = _first_variant("pinyin")


def d_letters(s, r, data):
    variants = {}
    for letter, variant in data.pairs("look_alike_letters"):
        variants.setdefault(letter, []).append(variant)
    return "".join(r.choice(variants[ch.lower()]) if ch.lower() in variants and r.random() < 0.45 else ch for ch in s)


def d_split(s, r, data):
    sep = r.choice([".", "-", " ", "_", "*"])
    words = s.split(" ")
    i = r.randrange(len(words))
    words[i] = sep.join(words[i])
    return " ".join(words)


def d_double(s, r, data):
    idx = [i for i, ch in enumerate(s) if ch.isalpha()]
    if not idx:
        return s
    i = r.choice(idx)
    return s[:i] + s[i] * 2 + s[i:]


def d_full_width(s, r, data):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


def d_phone(text, r, data):
    digits = r.choice(data.pairs("chinese_digits"))[0]
    return re.sub(r"\d{7,}", lambda m: "".join(digits[int(d)] for d in m.group(0)), text)


ZH_DISGUISES = [(d_space, 4), (d_emoji, 2), (d_homophone, 3), (d_pinyin, 2)]
EN_DISGUISES = [(d_letters, 3), (d_split, 3), (d_double, 1), (d_full_width, 1), (d_space, 1)]


def weighted(r, items):
    x = r.uniform(0, sum(w for _, w in items))
    for f, w in items:
        x -= w
        if x <= 0:
            return f
    return items[-1][0]


def disguise(text, keys, r, data):
    """Disguise one product or code word of the text: (new text, whether it changed, whether it became pinyin)."""
    keys = [k for k in keys if k and k in text]
    if not keys:
        return text, False, False
    k = r.choice(keys)
    for _ in range(4):
        f = weighted(r, ZH_DISGUISES if CJK.search(k) else EN_DISGUISES)
        nk = f(k, r, data)
        if nk != k:
            new = text.replace(k, nk)
            if r.random() < 0.25:
                new = d_phone(new, r, data)
            return new, True, f is d_pinyin
    return text, False, False


def noise(text, r, lang):
    x = r.random()
    if x < 0.10:
        text = text.replace("，", r.choice([" ", ",", "  ", "。"]))
    elif x < 0.16:
        tails = ["!!!", "...", " lol", " pls", "!!", " 🙏", " 👍"] if lang == "en" else \
            ["～", "!!!", "…", "~~", "。", "!!", " 🙏", " 👍", "哈", "哦"]
        text = text + r.choice(tails)
    elif x < 0.20 and lang == "en":
        text = text.lower() if r.random() < 0.7 else text.upper()
    elif x < 0.24 and lang == "zh_hans":
        text = text.replace("的", r.choice(["滴", "得", "d"]), 1) if "的" in text else text
    elif x < 0.27 and lang != "en":
        text = r.choice(["急！", "【转】", "哈喽，", "顶~ ", "重发一下 "]) + text
    text = re.sub(r"\s{3,}", "  ", text).strip()
    return re.sub(r"[，,]\s*$", "", text)


def to_trad(variant, text):
    text = CONVERTERS[variant].convert(text)
    for a, b in TRAD_FIX:
        text = text.replace(a, b)
    return text


# --- generation -------------------------------------------------------------------------------------------------

def generate_family(data: Data, fam: dict) -> list[dict]:
    """The rows of one family, from its own random generator: they depend on nothing but its record and the
    lexicons it draws from."""
    r = random.Random(f"{SEED}:{fam['id']}")
    label, kind, lang = fam["label"], fam["kind"], fam["lang"]
    products = data.expand(fam["families"])
    templates = fam.get("templates") or data.styles[fam["style"]]
    rows, seen, tries = [], set(), 0
    while len(rows) < fam["rows"] and tries < fam["rows"] * 8:
        product = products[tries % len(products)]
        tries += 1
        # A family about no product still fills the generic slots from some lexicon entry; ivory is the first.
        row = Row(data, r, lang, product if product != "none" else data.product_families[0], fam.get("slots", {}))
        text = re.sub(r"\s{2,}", " ", row.render(r.choice(templates))).strip()
        family = row.tags[0] if row.tags else product
        row_kind, row_lang = kind, lang
        if kind != "disguised" and r.random() < DISGUISE_SHARE[label]:
            text, changed, pinyin = disguise(text, row.keys, r, data)
            if changed and label == 1:
                row_kind = "disguised"
            if changed and pinyin and lang == "zh_hans":
                row_lang = "mixed"
        elif label == 0 and r.random() < SPELL_OUT_DIGITS_SHARE:
            text = d_phone(text, r, data)
        if lang == "zh_hant":
            text = to_trad(fam["variant"], text)
        elif row_lang == "zh_hans" and r.random() < fam["traditional_share"]:
            text = to_trad("twp" if r.random() < 0.6 else "hk", text)
            row_lang = "zh_hant"
        text = noise(text, r, row_lang)
        if text in seen:
            continue
        seen.add(text)
        rows.append(dict(id=f"g.{fam['id']}.{len(rows) + 1:03d}", text=text, label=label, kind=row_kind,
                         lang=row_lang, source=f"generated:{fam['id']}", family=family,
                         split="test_template" if fam["held_out"] else "train"))
    return rows


def _auto_keys(data: Data):
    """Extra keywords for hand-written positives: each family's product and code words, and the homophone and
    pinyin spellings (their family is that of the first keyword rule the spelled word contains)."""
    keys = []
    for fam in data.product_families:
        words = {w for lex in ("code_words_zh", "code_words_en", "products_zh", "products_en")
                 for w, f in data.words(lex) if f == fam}
        keys += [(k, fam) for k in sorted(words, key=lambda k: (-len(k), k))]
    rules = data.pairs("family_keywords")
    for word, variant in data.pairs("homophones") + data.pairs("pinyin"):
        fam = next((f for k, f in rules if k in word), None)
        if fam:
            keys.append((variant, fam))
    return keys + data.pairs("family_keywords_extra")


SEP_RE = re.compile(r"[\s.,/*\-_|·、♥~+#'\"“”‘’（）()]+")
UNLEET = str.maketrans({"1": "i", "0": "o", "!": "i", "@": "a", "3": "e", "$": "s", "ο": "o", "а": "a", "е": "e"})


def infer_family(data: Data, text: str, label: int) -> str:
    """Family of a hand-written row: the first keyword (data/lexicons/family_keywords.tsv, in file order) found in
    the text, as written, de-spaced or with look-alike letters undone; positives then also try _auto_keys."""
    low = text.lower()
    norm = SEP_RE.sub("", low)
    candidates = [low, norm, norm.translate(UNLEET)]
    passes = [data.pairs("family_keywords")] + ([_auto_keys(data)] if label == 1 else [])
    for keys in passes:
        for keyword, fam in keys:
            k = SEP_RE.sub("", keyword.lower())
            if k and any(k in c for c in candidates):
                return fam
    return "none"


def load_handwritten(data: Data) -> list[dict]:
    path = os.path.join(data.dir, "handwritten.csv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        records = [rec for rec in csv.DictReader(f) if rec["text"].strip()]
    return [dict(id="h%04d" % i, text=rec["text"].strip(), label=int(rec["label"]), kind=rec["kind"].strip(),
                 lang=rec["lang"].strip(), source="handwritten",
                 family=infer_family(data, rec["text"].strip(), int(rec["label"])), split="test_handwritten")
            for i, rec in enumerate(records, 1)]


def written_split(stem):
    """Split of a data/written file: ``train_*`` -> ``train``; ``test_<rest>`` -> ``test_<rest>``."""
    if stem.startswith("train_") and len(stem) > 6:
        return "train"
    if stem.startswith("test_") and len(stem) > 5:
        return stem
    raise SystemExit(f"data/written/{stem}.csv: name must be train_<name>.csv or test_<name>.csv")


def load_written(data: Data) -> list[dict]:
    """Rows of data/written/*.csv (columns text,label,kind,lang,family,note), files in name order, rows in file
    order.  ``family`` comes from the file (empty = none); the note is documentation and is not copied."""
    written_dir = os.path.join(data.dir, "written")
    rows = []
    if not os.path.isdir(written_dir):
        return rows
    for name in sorted(os.listdir(written_dir)):
        if not name.endswith(".csv"):
            continue
        stem = name[:-4]
        split = written_split(stem)
        with open(os.path.join(written_dir, name), encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != WRITTEN_COLUMNS:
                raise SystemExit(f"data/written/{name}: columns must be {','.join(WRITTEN_COLUMNS)}, not {reader.fieldnames}")
            for line, rec in enumerate(reader, 2):
                text = rec["text"].strip()
                label = int(rec["label"])
                kind, lang, fam = rec["kind"].strip(), rec["lang"].strip(), rec["family"].strip() or "none"
                if not text or label not in KINDS or kind not in KINDS[label] or lang not in LANGS or \
                        (fam not in data.product_families and not (fam == "none" and label == 0)):
                    raise SystemExit(f"data/written/{name} record {line - 1}: bad row {rec!r}")
                rows.append(dict(id="w%05d" % (len(rows) + 1), text=text, label=label, kind=kind, lang=lang,
                                 source=f"written:{stem}", family=fam, split=split))
    return rows


def build(data_dir: str = HERE) -> tuple[Data, list[dict]]:
    """Check the data files, then write data_dir/corpus.csv: hand-written rows, generated rows family by family,
    written rows.  A generated text already in the corpus is dropped (the first occurrence stays); written rows
    come last, so a new written file appends rows and leaves older ones as they were, and a written text that
    repeats an older row is an error rather than a silent drop."""
    data = Data(data_dir)
    errors = check(data)
    if errors:
        raise SystemExit("\n".join(errors))
    out, seen = [], set()
    for row in load_handwritten(data):
        if row["text"] not in seen:
            seen.add(row["text"])
            out.append(row)
    for fam in data.families:
        for row in generate_family(data, fam):
            if row["text"] not in seen:
                seen.add(row["text"])
                out.append(row)
    for row in load_written(data):
        if row["text"] in seen:
            raise SystemExit(f"{row['source']}: text already in the corpus: {row['text'][:60]!r}")
        seen.add(row["text"])
        out.append(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(out)
    with open(os.path.join(data_dir, "corpus.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return data, out


def table(rows, a, b, title):
    ca = sorted({str(x[a]) for x in rows})
    cb = sorted({str(x[b]) for x in rows})
    cnt = Counter((str(x[a]), str(x[b])) for x in rows)
    lines = [f"**{title}**", "", f"| {a} \\ {b} | " + " | ".join(cb) + " | total |", "|---" * (len(cb) + 2) + "|"]
    for va in ca:
        vals = [cnt[(va, vb)] for vb in cb]
        lines.append(f"| {va} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |")
    tot = [sum(cnt[(va, vb)] for va in ca) for vb in cb]
    lines.append("| **total** | " + " | ".join(str(v) for v in tot) + f" | {sum(tot)} |")
    return "\n".join(lines) + "\n"


def stats(data, rows):
    held = sum(fam["held_out"] for fam in data.families)
    print(f"Rows: {len(rows)}; template families: {len(data.families)} ({held} held out)\n")
    print(table(rows, "split", "label", "split × label"))
    print(table(rows, "kind", "label", "kind × label"))
    print(table(rows, "lang", "label", "lang × label"))
    print(table(rows, "family", "label", "family × label"))
    print(table(rows, "lang", "split", "lang × split"))
    written = [x for x in rows if x["source"].startswith("written:")]
    if written:
        print(f"Written files (data/written): {len(written)} rows\n")
        print(table(written, "source", "label", "written file × label"))
        for src in sorted({x["source"] for x in written}):
            sub = [x for x in written if x["source"] == src]
            print(table(sub, "kind", "lang", f"{src}: kind × lang"))


if __name__ == "__main__":
    built_data, built_rows = build()
    if "--stats" in sys.argv:
        stats(built_data, built_rows)
    else:
        print(f"wrote {os.path.join(HERE, 'corpus.csv')}: {len(built_rows)} rows")
