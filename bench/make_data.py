"""Generate synthetic posts for the benchmarks (deterministic for a given seed).

    python bench/make_data.py --rows 100000 -o /tmp/posts.csv [--seed 7] [--no-label] [--length short|long|mixed]
                              [--repeat 0.3]

Each post is mixed simplified/traditional Chinese, English, pinyin, numbers, emoji, prices, phone numbers and
contact handles: 20-60 characters (``short``), 60-300 (``long``) or mostly short with a quarter up to 300
(``mixed``, the default). Every post is unique unless ``repeat`` is given: then that share of the rows repeats
an earlier advert word for word, as real feeds do (a scenario of its own, since the scorer scores each distinct
post once). ``label`` is 1 for posts generated from a selling template, 0 otherwise. The vocabulary and
templates below were written for this benchmark; they are not meant to be linguistically rich, only
realistic in length and script mix.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys

MIN_CHARS, MAX_CHARS = 20, 300
LENGTHS = {"short": (20, 60), "long": (60, 300), "mixed": (MIN_CHARS, MAX_CHARS)}

PRODUCTS = ["象牙", "犀角", "穿山甲片", "虎骨", "熊胆", "玳瑁", "麝香", "盔犀鸟头骨", "羚羊角", "豹皮",
            "象牙手镯", "犀牛角杯", "白料", "老料牌子", "xiangya", "ivory", "rhino horn", "pangolin scales",
            "tiger bone wine", "🐘牙", "犀/角", "象 牙", "i.v.o.r.y", "虎骨酒", "象牙筷子", "熊掌"]
LEGAL = ["牛角梳", "骨瓷碗", "树脂手镯", "椰壳雕件", "仿象牙摆件", "玉石吊坠", "沉香手串", "紫檀木盒",
         "resin bangle", "jade pendant", "wooden comb", "茶叶", "二手手机", "儿童自行车", "旧书"]
SELL_VERBS = ["出", "转让", "低价出", "急出", "收", "有货", "現貨", "出售", "批发", "for sale", "selling", "wts"]
NEWS = ["海关查获一批走私{p}，涉案金额巨大", "保护野生动物，拒绝购买{p}制品", "纪录片：非洲草原上的大象家族",
        "周末带孩子去动物园看犀牛和老虎", "专家提醒：网购所谓{p}多为仿品", "Customs seized {p} at the border today",
        "新闻：警方破获一起非法收购{p}案件", "today we saw elephants and rhinos at the reserve",
        "野生動物保護協會呼籲停止{p}貿易", "科普：穿山甲为什么是国家一级保护动物"]
CHAT = ["今天天气不错", "有没有人一起去爬山", "刚买的{l}质量很好", "推荐一家好吃的火锅店", "求推荐{l}",
        "这个{l}值多少钱", "周末有空吗", "哈哈哈笑死我了", "new phone who dis", "anyone selling a {l}?",
        "上班好累啊", "孩子作业太多了", "請問這個{l}在哪裡買的"]
QUALIFIERS = ["老料", "包真", "保真", "正品", "懂的来", "价格私聊", "量大从优", "可验货", "顺丰包邮", "支持当面交易",
              "老货", "old stock", "real not fake", "pm me", "dm for price", "難得好貨", "全新", "九成新"]
CONTACTS = ["加V {h}", "vx: {h}", "薇信 {h}", "微信号 {h}", "qq {q}", "扣扣 {q}", "tg @{h}", "纸飞机 @{h}",
            "whatsapp +86 {ph}", "电话 {ph}", "联系 {ph}", "私信", "wechat {h}", "line id {h}"]
EMOJI = ["🔥", "💰", "✨", "👍", "😊", "🙏", "📱", "💯", "🐘", "🦏", "🐯", "❤", "⭐", "👉", "🎁"]
FILLER = ["真的", "非常", "不错", "朋友", "自用", "闲置", "便宜", "质量", "好看", "收藏", "送人", "诚心要",
          "nice", "good", "cheap", "deal", "really", "quality", "lao", "zhen", "hao", "pianyi"]


def _handle(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) + str(rng.randint(10, 9999))


def _phone(rng: random.Random) -> str:
    return "1" + str(rng.choice([3, 5, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _price(rng: random.Random) -> str:
    value = rng.choice([rng.randint(50, 99999), round(rng.uniform(1, 500), 1)])
    return rng.choice(["¥{}", "{}元", "{}一克", "${}", "{} rmb", "价格{}", "{}块", "{}k"]).format(value)


def _amount(rng: random.Random) -> str:
    return rng.choice(["{}克", "{}g", "{}斤", "{}两", "{}kg", "{}cm", "{}公分"]).format(rng.randint(1, 500))


def _pad(rng: random.Random, text: str, target: int) -> str:
    while len(text) < target:
        text += rng.choice(["，", " ", "。", "!", " ", ""]) + rng.choice(FILLER + QUALIFIERS + EMOJI)
    return text


def _fit(rng: random.Random, text: str, length: str = "mixed") -> str:
    low, high = LENGTHS[length]
    if length == "mixed":
        target = rng.randint(low, high) if rng.random() < 0.25 else rng.randint(low, 90)
    else:
        target = rng.randint(low, high)
    text = _pad(rng, text, target)
    if len(text) > high:
        text = text[:high].strip()
    # A cut that ends on spaces is padded back to the floor of the band.
    return _pad(rng, text, low)[:high]


def trade_post(rng: random.Random, length: str = "mixed") -> str:
    parts = [rng.choice(SELL_VERBS), rng.choice(PRODUCTS)]
    for _ in range(rng.randint(1, 4)):
        parts.append(rng.choice([rng.choice(QUALIFIERS), _price(rng), _amount(rng), rng.choice(EMOJI),
                                 rng.choice(PRODUCTS)]))
    contact = rng.choice(CONTACTS).format(h=_handle(rng), q=rng.randint(10000, 999999999), ph=_phone(rng))
    parts.insert(rng.randint(1, len(parts)), contact)
    sep = rng.choice(["，", " ", "。", "，", " | ", "\n"])
    return _fit(rng, sep.join(parts), length)


def other_post(rng: random.Random, length: str = "mixed") -> str:
    if rng.random() < 0.45:
        text = rng.choice(NEWS).format(p=rng.choice(PRODUCTS))
    else:
        text = rng.choice(CHAT).format(l=rng.choice(LEGAL))
        if rng.random() < 0.4:  # legal sales with prices and contacts are the hard negatives
            text += "，" + rng.choice(SELL_VERBS) + rng.choice(LEGAL) + " " + _price(rng)
            if rng.random() < 0.5:
                text += " " + rng.choice(CONTACTS).format(h=_handle(rng), q=rng.randint(10000, 99999999),
                                                          ph=_phone(rng))
    if rng.random() < 0.5:
        text += rng.choice(EMOJI)
    return _fit(rng, text, length)


def generate(rows: int, seed: int = 7, trade_share: float = 0.35, length: str = "mixed", repeat: float = 0.0):
    """Yield (post_id, text, label) tuples: unique posts, or with ``repeat`` that share of repeated adverts."""
    rng = random.Random(seed)
    adverts: list[tuple[str, int]] = []
    seen: set[str] = set()
    for i in range(rows):
        if adverts and repeat and rng.random() < repeat:
            # Repeated adverts come from a pool of recent ones (spam waves repeat for a while).
            text, label = adverts[rng.randrange(max(0, len(adverts) - 500), len(adverts))]
        else:
            while True:
                label = 1 if rng.random() < trade_share else 0
                text = trade_post(rng, length) if label else other_post(rng, length)
                if text not in seen:
                    break
            seen.add(text)
            if label or "price" in text or "¥" in text or rng.random() < 0.2:
                adverts.append((text, label))
        yield f"p{i:08d}", text, label


def write_csv(path: str, rows: int, seed: int = 7, label: bool = True, length: str = "mixed",
              repeat: float = 0.0) -> None:
    out = sys.stdout if path == "-" else open(path, "w", newline="", encoding="utf-8")
    try:
        writer = csv.writer(out)
        writer.writerow(["post_id", "text", "label"] if label else ["post_id", "text"])
        for post_id, text, y in generate(rows, seed, length=length, repeat=repeat):
            writer.writerow([post_id, text, y] if label else [post_id, text])
    finally:
        if out is not sys.stdout:
            out.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-label", action="store_true", help="write only post_id,text")
    parser.add_argument("--length", choices=sorted(LENGTHS), default="mixed")
    parser.add_argument("--repeat", type=float, default=0.0, help="share of rows repeating an earlier advert")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    write_csv(args.output, args.rows, args.seed, label=not args.no_label, length=args.length, repeat=args.repeat)


if __name__ == "__main__":
    main()
