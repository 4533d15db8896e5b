#!/usr/bin/env python3
"""Build the labelled corpus for wildtrade_clf.

Every text in the corpus is either hand-written for this project (data/handwritten.csv and
data/written/*.csv) or generated here from lexicons and templates written for this project.

    python data/build.py           # writes data/corpus.csv
    python data/build.py --stats   # also prints markdown count tables

Deterministic: fixed seed, ordered iteration only, no clock.  Needs Python 3.11 and the
`opencc` package (pip install opencc) for traditional-Chinese variants.
"""
from __future__ import annotations

import csv
import io
import os
import random
import re
import sys
from collections import Counter

import opencc

SEED = 20261129
HERE = os.path.dirname(os.path.abspath(__file__))
HAND_PATH = os.path.join(HERE, "handwritten.csv")
WRITTEN_DIR = os.path.join(HERE, "written")
WRITTEN_COLUMNS = ["text", "label", "kind", "lang", "family", "note"]
KINDS = {1: ["offer", "buy_request", "jargon", "code_word", "disguised"], 0: ["news", "lookalike", "legal_sale", "chat"]}
LANGS = ["zh_hans", "zh_hant", "en", "mixed"]
OUT_PATH = os.path.join(HERE, "corpus.csv")
COLUMNS = ["id", "text", "label", "kind", "lang", "source", "family", "split"]

FAMILIES = ["ivory", "rhino_horn", "pangolin", "tiger", "leopard", "bear_bile", "hawksbill",
            "hornbill", "tibetan_antelope", "saiga", "musk", "totoaba", "sea_turtle", "primate",
            "parrot", "wild_game"]

CC_TW = opencc.OpenCC("s2tw")
CC_TWP = opencc.OpenCC("s2twp")
CC_HK = opencc.OpenCC("s2hk")

# ---------------------------------------------------------------------------
# Lexicons: product words per family (zh = simplified, en = English)
# ---------------------------------------------------------------------------
PROD_ZH = {
    "ivory": ["象牙手镯", "象牙筷子", "象牙印章", "象牙摆件", "原牙", "象牙牙雕", "牙料", "象牙牙牌", "象牙球",
              "象牙手串", "象牙吊坠", "象牙烟嘴", "整根象牙", "象牙雕件", "象牙把件", "象牙观音", "象牙梳子"],
    "rhino_horn": ["犀角", "犀牛角", "犀角杯", "犀角粉", "整角", "犀角片", "犀角手串", "犀角雕件", "犀牛角尖", "犀角丝"],
    "pangolin": ["穿山甲片", "甲片", "穿山甲鳞片", "鳞片", "穿山甲肉", "炮甲片", "生甲片", "整只穿山甲", "活体穿山甲"],
    "tiger": ["虎骨", "虎骨酒", "虎皮", "虎牙", "虎爪", "虎鞭", "虎骨粉", "整张虎皮", "老虎牙", "虎骨胶"],
    "leopard": ["豹皮", "雪豹皮", "云豹皮", "豹骨", "金钱豹皮", "豹牙", "雪豹标本", "豹子皮", "豹爪"],
    "bear_bile": ["熊胆", "熊胆粉", "熊掌", "野生熊胆", "熊胆汁", "黑熊胆", "熊胆囊", "干熊掌"],
    "hawksbill": ["玳瑁", "玳瑁手镯", "玳瑁眼镜", "玳瑁梳子", "玳瑁壳", "玳瑁手串", "玳瑁发簪", "玳瑁板料", "玳瑁镜框"],
    "hornbill": ["鹤顶红", "盔犀鸟头骨", "鹤顶红手串", "鹤顶红吊坠", "鹤顶红原料", "盔犀鸟头盔", "鹤顶红雕件", "鹤顶红戒面"],
    "tibetan_antelope": ["藏羚羊绒", "沙图什", "沙图什披肩", "藏羚羊皮", "藏羚羊角", "藏羚羊绒围巾", "shahtoosh披肩"],
    "saiga": ["赛加羚羊角", "羚羊角", "羚羊角片", "羚羊角粉", "整支羚羊角", "羚羊角丝", "赛加角"],
    "musk": ["麝香", "野生麝香", "麝香仁", "当门子", "整个麝香", "麝香囊", "毛壳麝香", "林麝香"],
    "totoaba": ["石首鱼胶", "金钱鳘", "金钱鳘鱼胶", "金钱鳘花胶", "黄唇鱼胶", "野生黄唇鱼肚", "石首鱼花胶", "金钱鳘公胶"],
    "sea_turtle": ["海龟", "海龟蛋", "龟甲", "海龟标本", "绿海龟", "海龟壳", "活体海龟", "海龟肉", "玳瑁海龟苗"],
    "primate": ["懒猴", "蜂猴", "小猴子", "猕猴幼崽", "金丝猴", "卷尾猴宝宝", "狨猴", "长臂猿", "倭蜂猴"],
    "parrot": ["金刚鹦鹉", "灰鹦鹉", "非洲灰", "葵花鹦鹉", "大葵花", "亚历山大鹦鹉", "红绿金刚", "蓝黄金刚", "棕榈凤头鹦鹉", "紫蓝金刚"],
    "wild_game": ["野味", "果子狸", "大鲵", "娃娃鱼", "野生甲鱼", "野生穿山甲", "野生眼镜蛇", "豪猪", "黄麂", "野生斑鸠", "野生竹鼠", "猫头鹰"],
}
PROD_EN = {
    "ivory": ["ivory bangle", "ivory chopsticks", "ivory seal", "raw tusk", "ivory carving", "carved ivory figurine",
              "ivory beads", "ivory netsuke", "ivory pendant", "elephant tusk", "ivory puzzle ball", "ivory cigarette holder"],
    "rhino_horn": ["rhino horn", "rhino horn cup", "rhino horn powder", "whole rhino horn", "rhino horn shavings",
                   "rhino horn bead bracelet", "rhino horn tip"],
    "pangolin": ["pangolin scales", "pangolin meat", "whole pangolin", "pangolin scale powder", "live pangolin"],
    "tiger": ["tiger bone", "tiger bone wine", "tiger skin", "tiger tooth", "tiger claw", "tiger pelt", "tiger bone glue"],
    "leopard": ["leopard skin", "snow leopard pelt", "clouded leopard skin", "leopard bone", "leopard claw", "leopard teeth"],
    "bear_bile": ["bear bile", "bear bile powder", "bear paw", "wild bear gall bladder", "bear gall", "dried bear paws"],
    "hawksbill": ["hawksbill shell", "tortoiseshell bangle (hawksbill)", "hawksbill glasses frames", "hawksbill comb",
                  "tortoiseshell hairpin (the real stuff)", "hawksbill plate"],
    "hornbill": ["hornbill casque", "helmeted hornbill skull", "hornbill casque carving", "hornbill ivory beads",
                 "hornbill casque pendant"],
    "tibetan_antelope": ["shahtoosh shawl", "shahtoosh", "Tibetan antelope wool", "chiru horn", "shahtoosh scarf"],
    "saiga": ["saiga horn", "saiga antelope horn", "antelope horn shavings", "saiga horn powder", "whole saiga horns"],
    "musk": ["natural musk", "musk pod", "wild musk grain", "musk deer gland", "deer musk pods"],
    "totoaba": ["totoaba maw", "totoaba swim bladder", "bahaba maw", "totoaba bladder", "dried totoaba maw"],
    "sea_turtle": ["sea turtle", "turtle eggs", "green turtle shell", "sea turtle meat", "stuffed sea turtle", "sea turtle hatchlings"],
    "primate": ["slow loris", "baby monkey", "marmoset", "capuchin baby", "baby gibbon", "macaque baby"],
    "parrot": ["African grey", "macaw", "cockatoo", "hyacinth macaw chicks", "wild-caught grey parrot", "blue and gold macaw"],
    "wild_game": ["bushmeat", "civet meat", "giant salamander", "wild softshell turtle", "wild snake meat", "porcupine meat"],
}
CODE_ZH = {
    "ivory": ["白料", "白货", "非洲料", "黄料", "果冻料", "老象", "象料", "小白料", "老白料", "大白", "白色料子", "鸡心料", "非洲黄料", "白l", "猛犸新料", "新猛犸"],
    "rhino_horn": ["黑料", "黑货", "老黑", "犀料", "大黑", "黑角", "黑色料子", "二黑", "亚洲料"],
    "pangolin": ["山甲", "川甲", "炮山甲", "甲子", "鳞片料", "山鲮片"],
    "tiger": ["大猫骨", "山君骨", "大虫酒", "王字皮", "大猫料", "虎料"],
    "leopard": ["花皮", "斑点皮", "金钱皮", "大花猫皮", "雪花皮"],
    "bear_bile": ["胆粉", "黑瞎子胆", "野胆", "金胆", "铜胆", "大狗熊胆"],
    "hawksbill": ["龟甲料", "甲料", "黄甲", "血甲", "玳料", "带帽料"],
    "hornbill": ["红料", "鸟中象牙", "一红", "顶料", "红顶", "鸟料", "盔料"],
    "tibetan_antelope": ["指环披肩", "沙图", "羊绒王", "戒指绒", "高原绒"],
    "saiga": ["羚角", "赛加", "角丝", "通天角", "羚料"],
    "musk": ["香仁", "毛壳", "元寸", "寸香", "香囊货"],
    "totoaba": ["金钱胶", "金钱肚", "墨西哥公胶", "鳘肚", "大湾胶", "金钱料"],
    "sea_turtle": ["海龟板", "大海龟", "海鳖", "海货龟"],
    "primate": ["小毛孩", "大眼萌宠", "小猴宝", "眼镜猴宝宝", "袖珍猴"],
    "parrot": ["大鸟", "无环大鸟", "灰机", "大金", "野鸟苗"],
    "wild_game": ["山货", "野货", "山珍", "土货", "野生肉", "山里货"],
}
CODE_EN = {
    "ivory": ["bone", "ox bone", "faux ivory", "old bone", "African bone", "antique bone", "white gold material",
              "mammoth (new)", "bovine bone", "cow bone"],
    "rhino_horn": ["black material", "black horn", "buffalo horn (special)", "black gold horn", "Asian horn"],
    "pangolin": ["armour scales", "scale flakes", "chuan shan jia"],
    "tiger": ["big cat bone", "striped rug", "king bone", "stripy wine"],
    "leopard": ["spotted rug", "spotty pelt", "rosette skin"],
    "bear_bile": ["gall", "black bear gall", "gold gall"],
    "hawksbill": ["real tortoise", "genuine shell", "old shell"],
    "hornbill": ["red", "golden jade", "red material"],
    "tibetan_antelope": ["ring shawl", "toosh", "king of wool"],
    "saiga": ["lingyang", "clear horn"],
    "musk": ["the real pod", "grain", "deer pod"],
    "totoaba": ["Mexican maw", "gold money maw", "big bladder"],
    "sea_turtle": ["ocean eggs", "green shell"],
    "primate": ["tiny friend", "big eyes baby"],
    "parrot": ["unbanded birds", "big birds"],
    "wild_game": ["mountain goods", "wild meat"],
}
JAR_ZH = {
    "ivory": ["牙纹清晰", "交叉纹明显", "鸡心纹", "油润", "牙心料", "宝石光", "密度高", "象牙纹路自然", "无裂", "牙皮完整"],
    "rhino_horn": ["粟米纹", "鱼子纹", "角尖料", "亚洲角", "毛孔清晰", "角底有蜂窝", "沉水", "水波纹"],
    "pangolin": ["甲片完整", "干货无杂质", "片大肉厚", "炮制过", "生片", "大片"],
    "tiger": ["骨髓孔明显", "油性足", "骨质坚硬", "带王字", "黄黑纹清楚", "腿骨"],
    "leopard": ["毛色鲜亮", "斑点清晰", "整张无破损", "皮板柔软", "铜钱斑"],
    "bear_bile": ["金胆", "铜胆", "墨胆", "胆仁饱满", "野生取胆", "苦后回甜"],
    "hawksbill": ["血斑", "花斑", "甲片厚", "透光有纹", "老甲", "黄甲", "满血斑"],
    "hornbill": ["红皮", "血线", "顶料厚", "黄肉", "红黄分明", "红皮完整"],
    "tibetan_antelope": ["能穿过戒指", "绒毛细", "手工织", "轻如羽毛", "针脚细"],
    "saiga": ["通天眼", "透明度好", "血丝", "老角", "角尖完整", "通透"],
    "musk": ["毛壳完整", "当门子多", "香气冲", "整囊", "仁多"],
    "totoaba": ["公胶", "年份胶", "厚身", "金黄透亮", "大头", "十年老胶"],
    "sea_turtle": ["甲板完整", "花纹漂亮", "活体", "蛋新鲜", "个头大"],
    "primate": ["大眼睛", "手养亲人", "刚断奶", "会握手", "很小只"],
    "parrot": ["手养", "会说话", "无脚环", "刚开食", "羽毛亮", "野生苗"],
    "wild_game": ["纯野生", "山里刚抓的", "现杀", "活的", "野生的"],
}
JAR_EN = {
    "ivory": ["cross-hatch grain", "schreger lines visible", "heavy and cold to the touch", "creamy colour", "age cracks"],
    "rhino_horn": ["fibrous grain", "dark tip", "sinks in water", "Asian type"],
    "pangolin": ["whole scales", "clean and dry", "large scales"],
    "tiger": ["marrow pores visible", "oily", "leg bone"],
    "leopard": ["full hide", "bright rosettes", "soft leather side"],
    "bear_bile": ["golden grade", "wild sourced", "bitter then sweet"],
    "hawksbill": ["nice blood spots", "thick plate", "old shell"],
    "hornbill": ["red skin intact", "solid casque", "deep colour"],
    "tibetan_antelope": ["passes through a ring", "super fine fibre", "hand woven"],
    "saiga": ["translucent", "old horn", "complete tips"],
    "musk": ["full pod", "strong scent", "lots of grain"],
    "totoaba": ["male maw", "aged 10 years", "thick"],
    "sea_turtle": ["intact shell", "fresh eggs"],
    "primate": ["hand raised", "very tame", "just weaned"],
    "parrot": ["hand fed", "talks", "no ring", "wild caught"],
    "wild_game": ["wild caught", "fresh kill", "still alive"],
}
GJ = ["包浆厚", "包浆自然", "开门老货", "品相完美", "品相一流", "老货", "老料", "原料", "料子好", "料子干净", "皮壳老",
      "传世品", "熟坑", "无裂", "微瑕", "雕工精细", "手工雕刻", "包老", "保真", "老包浆", "品相好", "油性好", "开门"]
AGE_ZH = ["清代", "民国", "老", "七八十年代", "九十年代", "禁令前", "04年前", "祖上传下来", "老一辈传下来的", "早年", "80年代", "上世纪"]
AGE_EN = ["pre-ban", "1960s", "antique", "Qing dynasty", "estate", "pre-1990", "old stock", "vintage"]
ITEM_ZH = ["手镯", "手串", "吊坠", "筷子", "印章", "戒面", "摆件", "珠子", "烟嘴", "把件"]

HOMO = [("象牙", ["象芽", "相牙", "橡牙", "象伢", "像牙"]), ("犀牛角", ["西牛角", "希牛角"]), ("犀角", ["希角", "西角", "犀jiao", "吸角"]),
        ("穿山甲", ["川山甲", "穿三甲", "穿山钾"]), ("虎骨", ["琥骨", "唬骨", "户骨"]), ("虎皮", ["琥皮", "户皮"]), ("熊胆", ["雄胆", "凶胆"]),
        ("熊掌", ["雄掌"]), ("麝香", ["射香", "社香", "涉香"]), ("玳瑁", ["代帽", "带冒", "代瑁"]), ("羚羊角", ["铃羊角", "灵羊角", "零羊角"]),
        ("鹤顶红", ["鹤顶洪", "和顶红", "贺顶红"]), ("海龟", ["海归", "海圭"]), ("鹦鹉", ["英武", "樱鹉"]), ("豹皮", ["报皮", "抱皮"]),
        ("金钱鳘", ["金钱敏", "金钱闽"]), ("藏羚羊", ["脏羚羊", "藏铃羊"]), ("懒猴", ["烂猴", "蓝猴"]), ("野味", ["也味", "野w"]),
        ("娃娃鱼", ["哇哇鱼"]), ("果子狸", ["果子梨"]), ("沙图什", ["沙兔什", "莎图什"])]
PINYIN = [("象牙", ["xiangya", "xiang ya", "XY", "xiang牙"]), ("犀牛角", ["xiniujiao", "xi牛角"]), ("犀角", ["xijiao", "XJ", "xi角"]),
          ("穿山甲", ["chuanshanjia", "csj", "chuan山甲"]), ("虎骨", ["hugu", "hu骨"]), ("虎皮", ["hupi", "hu皮"]), ("熊胆", ["xiongdan", "xiong胆"]),
          ("熊掌", ["xiongzhang"]), ("麝香", ["shexiang", "she香"]), ("玳瑁", ["daimao", "dai瑁"]), ("羚羊角", ["lingyangjiao", "ling羊角"]),
          ("鹤顶红", ["hedinghong", "HDH"]), ("海龟", ["haigui"]), ("鹦鹉", ["yingwu"]), ("豹皮", ["baopi", "bao皮"]), ("金钱鳘", ["jinqianmin"]),
          ("藏羚羊", ["zanglingyang"]), ("懒猴", ["lanhou"]), ("野味", ["yewei"]), ("娃娃鱼", ["wawayu"]), ("白料", ["bai料", "BL"]),
          ("黑料", ["hei料", "HL"]), ("沙图什", ["shatushi"]), ("甲片", ["jiapian", "jia片"]), ("果子狸", ["guozili"])]
EMOJI_MAP = [("大象", "🐘"), ("象", "🐘"), ("犀牛", "🦏"), ("犀", "🦏"), ("老虎", "🐯"), ("虎", "🐯"), ("牙", "🦷"), ("熊", "🐻"),
             ("海龟", "🐢"), ("龟", "🐢"), ("鹦鹉", "🦜"), ("猴", "🐒"), ("豹", "🐆"), ("鱼", "🐟"), ("鸟", "🐦"), ("蛇", "🐍"),
             ("羊", "🐐"), ("骨", "🦴"), ("红", "🔴"), ("黑", "⚫"), ("白", "⚪"), ("蛋", "🥚"), ("皮", "🧥"), ("甲", "🛡️")]
LEET = {"i": ["1", "!", "í"], "o": ["0", "ο", "ø"], "a": ["@", "4", "а"], "e": ["3", "е"], "s": ["$", "5"], "t": ["7", "+"],
        "l": ["1", "|"], "g": ["9"], "r": ["г"], "n": ["n"], "h": ["h"]}
CN_DIGIT = [list("零一二三四五六七八九"), list("〇壹贰叁肆伍陆柒捌玖"), list("⓪①②③④⑤⑥⑦⑧⑨"), list("洞幺两三四五六拐八勾")]

CITY_ZH = ["广州", "深圳", "福州", "昆明", "西双版纳", "南宁", "东兴", "瑞丽", "上海", "北京", "成都", "杭州", "郑州", "天津", "厦门",
           "泉州", "汕头", "莆田", "义乌", "长沙", "武汉", "哈尔滨", "芒市", "河口", "凭祥"]
CITY_EN = ["Guangzhou", "Hanoi", "Lagos", "Bangkok", "London", "Hong Kong", "Singapore", "Kuala Lumpur", "Nairobi", "Mombasa",
           "Ho Chi Minh City", "Vientiane", "Manila", "Jakarta", "Dubai", "Los Angeles", "Brussels", "Sydney"]
CITY_HANT = ["台北", "台中", "高雄", "台南", "新竹", "桃園", "香港", "九龍", "旺角", "澳門", "基隆", "屏東", "沙田", "荃灣"]
EMO = ["🔥", "✨", "💯", "👍", "🙏", "😍", "🤫", "😉", "🎁", "📦", "💰", "🈶", "⚠️", "👀", "✅", "🌟", "❗", "💎", "🤝", "😄", "👇"]

HANDLE_A = ["lao", "zhang", "wenwan", "xiao", "ah", "shop", "yun", "jin", "mumu", "ge", "jie", "baobao", "star", "mo", "fu",
            "tiantian", "liang", "chen", "wang", "lucky", "happy", "ming", "hai", "shan", "qing", "a_fei", "dong", "kk", "yuyu"]
HANDLE_B = ["88", "666", "168", "2020", "99", "_hk", "_tw", "007", "1688", "520", "_shop", "518", "365", "_gz", "_sz", "8"]
PHONE_PFX = ["1380013", "1390014", "1500015", "1880012", "1770016", "1860017", "1350019"]


class Ctx:
    def __init__(self, rng: random.Random, lang: str, fam: str, local: dict):
        self.rng = rng
        self.lang = lang
        self.fam = fam
        self.local = local
        self.keys: list[str] = []
        self.tags: list[str] = []


def handle(r):
    return r.choice(HANDLE_A) + r.choice(["", "_", ""]) + r.choice(HANDLE_B + [str(r.randint(10, 999))])


def phone(r):
    return r.choice(PHONE_PFX) + "%04d" % r.randint(0, 9999)


def qq(r):
    return str(r.randint(10_000_000, 3_999_999_999))


def contact_zh(r):
    h = handle(r)
    forms = [f"加微信{h}", f"加V:{h}", f"➕v {h}", f"vx：{h}", f"薇信 {h}", f"威信{h}", f"V❤{h}", f"wx {h}",
             f"扣扣{qq(r)}", f"QQ:{qq(r)}", f"q {qq(r)}", f"纸飞机@{h}", f"飞机 @{h}", f"tg @{h}", f"电话{phone(r)}",
             f"tel {phone(r)}", f"微信同号{phone(r)}", "私聊", "懂的私", "私信我", "看主页", "私", "滴滴我", "评论区扣1我私你",
             f"加v {h} 备注来意", f"联系方式：{phone(r)}"]
    return r.choice(forms)


def contact_hant(r):
    h = handle(r)
    forms = [f"加LINE:{h}", f"賴 {h}", "私訊", "有興趣私我", f"WhatsApp 9000 {r.randint(1000, 9999)}", "IG私訊",
             f"電話09{r.randint(10, 99)}-000-{r.randint(100, 999)}", "PM", f"Line@{h}", f"加賴{h}", "歡迎私訊詢問",
             "請PM", f"WhatsApp/Signal: 6000 {r.randint(1000, 9999)}", f"微信 {h}"]
    return r.choice(forms)


def contact_en(r):
    h = handle(r)
    forms = ["DM me", f"WhatsApp +86 {phone(r)}", f"telegram @{h}", f"WeChat: {h}", "PM for price", "DM for pics",
             f"Signal {phone(r)}", "inbox me", f"email {h}@example.com", "message me", f"whatsapp +852 9000 {r.randint(1000, 9999)}",
             "serious buyers DM", f"LINE id {h}"]
    return r.choice(forms)


def price_zh(r):
    n = r.choice([280, 380, 580, 880, 1200, 1680, 2800, 3800, 4500, 6800, 8800, 12000, 16800, 26000, 38000, 58000, 88000])
    n = n + r.choice([0, 0, 0, 100, 200, -80])
    f = r.randrange(8)
    if f == 0:
        return f"¥{n}"
    if f == 1 and n >= 10000:
        return f"{n / 10000:.1f}w".replace(".0w", "w")
    if f == 2:
        return f"{n}元"
    if f == 3:
        return "价格私聊"
    if f == 4:
        return f"{r.choice([38, 45, 60, 120, 260, 380])}一克"
    if f == 5:
        return f"{n}块"
    if f == 6:
        return f"米{n}"
    return f"{n}"


def price_hant(r):
    n = r.choice([500, 1200, 2800, 3500, 6800, 12000, 18000, 35000, 60000])
    return r.choice([f"NT${n}", f"HK${n}", f"{n}元", "價格私訊", f"{n}港紙", f"{n} 可議", "私訊報價", f"${n}"])


def price_en(r):
    n = r.choice([45, 80, 120, 250, 400, 650, 900, 1500, 2200, 3500, 6000, 12000])
    return r.choice([f"${n}", f"USD {n}", f"{n} each", "price on request", "best offer", f"£{n}", f"€{n} ono", f"${n} firm"])


def price_cheap(r, lang):
    n = r.choice([9.9, 15, 19, 29, 35, 39, 45, 59, 68, 88, 99, 128, 158, 199, 260, 299, 399, 580])
    n = int(n) if n != 9.9 else n
    if lang == "en":
        return r.choice([f"${n}", f"£{n}", f"{n} ono", f"${n} shipped"])
    if lang == "zh_hant":
        return r.choice([f"NT${n * 10 if isinstance(n, int) else 99}", f"HK${n}", f"{n}元"])
    return r.choice([f"¥{n}", f"{n}元", f"{n}块", f"{n}一个"])


def weight_zh(r):
    f = r.randrange(4)
    if f == 0:
        return f"{r.randint(3, 300)}克"
    if f == 1:
        return f"{r.randint(3, 300)}g"
    if f == 2:
        return f"{r.choice([0.5, 1.2, 1.5, 2, 3.6, 4.2, 8])}斤"
    return f"{r.randint(1, 9)}两"


def size_zh(r):
    return r.choice([f"{r.randint(3, 60)}cm", f"长{r.randint(3, 60)}公分", f"内径{r.randint(52, 64)}mm", f"{r.randint(6, 20)}mm珠子",
                     f"高{r.randint(5, 30)}厘米"])


def ship_zh(r):
    return r.choice(["包邮", "顺丰包邮", "货到付款", "支付宝/转账", "可走闲鱼", "同城面交", "全国发货", "见面交易", "可视频看货",
                     "走咸鱼担保", "快递保价", "不包邮", "发顺丰", "量大从优", "微信支付宝都行", "先款后货", "可验货"])


def ship_hant(r):
    return r.choice(["7-11取貨", "全家店到店", "可面交", "運費另計", "順豐到付", "匯款", "可議價", "蝦皮下單", "郵局寄送", "面交自取",
                     "FPS轉數快", "旺角地鐵站交收"])


def ship_en(r):
    return r.choice(["free shipping", "ships worldwide", "discreet packaging", "PayPal F&F", "cash on delivery", "local pickup",
                     "crypto ok", "tracked postage", "no returns"])


def pick_local(ctx, name):
    v = ctx.rng.choice(ctx.local[name])
    if "@" in v:
        v, tag = v.rsplit("@", 1)
        ctx.tags.append(tag)
    ctx.keys.append(v)
    return v


def slot(ctx: Ctx, name: str) -> str:
    r = ctx.rng
    if name in ctx.local:
        return pick_local(ctx, name)
    fam = ctx.fam
    en = ctx.lang == "en"
    if name in ("p", "p2", "p3"):
        v = r.choice(PROD_EN[fam] if en else PROD_ZH[fam])
        ctx.keys.append(v)
        return v
    if name == "pzh":
        v = r.choice(PROD_ZH[fam])
        ctx.keys.append(v)
        return v
    if name == "pen":
        v = r.choice(PROD_EN[fam])
        ctx.keys.append(v)
        return v
    if name == "code":
        v = r.choice(CODE_EN[fam] if en else CODE_ZH[fam])
        ctx.keys.append(v)
        return v
    if name == "codeen":
        v = r.choice(CODE_EN[fam])
        ctx.keys.append(v)
        return v
    if name == "jar":
        return r.choice(JAR_EN[fam] if en else JAR_ZH[fam])
    if name == "gj":
        return r.choice(GJ)
    if name == "age":
        return r.choice(AGE_EN if en else AGE_ZH)
    if name == "item":
        return r.choice(ITEM_ZH)
    if name == "c":
        if ctx.lang == "zh_hant":
            return contact_hant(r)
        return contact_en(r) if en else contact_zh(r)
    if name == "cz":
        return contact_zh(r)
    if name == "ce":
        return contact_en(r)
    if name == "pr":
        if ctx.lang == "zh_hant":
            return price_hant(r)
        return price_en(r) if en else price_zh(r)
    if name == "prz":
        return price_zh(r)
    if name == "prc":
        return price_cheap(r, ctx.lang)
    if name == "w":
        return f"{r.randint(5, 800)}g" if en else weight_zh(r)
    if name == "sz":
        return f"{r.randint(3, 40)}cm" if en else size_zh(r)
    if name == "sh":
        if ctx.lang == "zh_hant":
            return ship_hant(r)
        return ship_en(r) if en else ship_zh(r)
    if name == "e":
        return "".join(r.choice(EMO) for _ in range(r.randint(0, 2)))
    if name == "e1":
        return r.choice(EMO)
    if name == "city":
        if ctx.lang == "zh_hant":
            return r.choice(CITY_HANT)
        return r.choice(CITY_EN if en else CITY_ZH)
    if name == "cityen":
        return r.choice(CITY_EN)
    if name == "n":
        return str(r.randint(2, 12))
    if name == "num":
        return str(r.choice([36, 48, 120, 215, 380, 460, 1200, 3100, 5400, 12000, 33000]) + r.randint(0, 9))
    if name == "kg":
        return f"{r.randint(2, 900)}" + ("kg" if en else r.choice(["公斤", "千克", "kg"]))
    if name == "yrs":
        return r.choice(["三", "五", "六", "十", "两", "十一"]) if not en else str(r.randint(2, 12))
    if name == "year":
        return str(r.randint(2014, 2026))
    if name == "money":
        return r.choice(["一千余万元", "三百多万元", "近两亿元", "八十余万元", "五千万元"]) if not en else r.choice(
            ["$1.2 million", "$300,000", "$4 million", "£250,000"])
    if name == "q":
        return r.choice(["几件", "一批", "三件", "若干", "少量", "两根", "十来件", "一对", "一整套"]) if not en else r.choice(
            ["a few", "several", "a batch of", "two", "a pair of", "some"])
    if name == "ngo":
        return r.choice(["公益组织", "野生动物保护组织", "国际爱护动物基金会", "世界自然基金会", "野生物贸易研究组织", "大自然保护协会"])
    if name == "agency":
        return r.choice(["海关", "森林公安", "市场监管局", "海警", "边检站", "农业农村局", "林业局", "缉私局"])
    v = xslot(ctx, name)
    if v is not None:
        return v
    raise KeyError(name)


SLOT_RE = re.compile(r"\{(\w+)\}")


def render(tpl: str, ctx: Ctx) -> str:
    return SLOT_RE.sub(lambda m: slot(ctx, m.group(1)), tpl)


# ---------------------------------------------------------------------------
# Template families.  T(id, label, kind, lang, fams, n, templates, local=None, variant=None)
#   fams: product families the {p}/{code}/{jar} slots draw from (round-robin), or a single tag.
#   lang 'zh_hant' templates are written natively in traditional; variant 'tw' or 'hk'
#   picks the OpenCC config applied to the (simplified) slot fillers.
# ---------------------------------------------------------------------------
ALL = FAMILIES
TCM = ["rhino_horn", "saiga", "musk", "bear_bile", "tiger", "pangolin"]
CRAFT = ["ivory", "rhino_horn", "hawksbill", "hornbill", "tiger", "leopard"]
LIVE = ["primate", "parrot", "sea_turtle", "wild_game"]
FOOD = ["wild_game", "pangolin", "sea_turtle", "bear_bile", "totoaba"]
LIVE_ZH = ["懒猴@primate", "蜂猴@primate", "猕猴幼崽@primate", "狨猴@primate", "卷尾猴宝宝@primate", "长臂猿@primate",
           "金刚鹦鹉@parrot", "非洲灰@parrot", "葵花鹦鹉@parrot", "蓝黄金刚@parrot", "紫蓝金刚@parrot", "棕榈凤头@parrot",
           "活体海龟@sea_turtle", "小海龟苗@sea_turtle", "绿海龟@sea_turtle", "活体穿山甲@pangolin", "大鲵@wild_game", "娃娃鱼苗@wild_game",
           "果子狸@wild_game", "野生猫头鹰@wild_game", "豹猫(野生的)@leopard"]
LIVE_EN = ["slow loris@primate", "baby marmoset@primate", "capuchin baby@primate", "baby gibbon@primate", "African grey@parrot",
           "hyacinth macaw@parrot", "cockatoo@parrot", "sea turtle hatchlings@sea_turtle", "live pangolin@pangolin", "giant salamander@wild_game"]
FAMS_T: list[dict] = []


def T(fid, label, kind, lang, fams, n, tpls, local=None, variant=None):
    FAMS_T.append(dict(id=fid, label=label, kind=kind, lang=lang, fams=fams if isinstance(fams, list) else [fams],
                       n=n, tpls=tpls, local=local or {}, variant=variant))


# ----- positives: zh_hans offers -----
T("p_of01", 1, "offer", "zh_hans", ALL, 48, ["出{p}，{w}，{pr}，{c}", "{p}出售 {sz} {pr} {sh} {c}", "出个{p} {pr} {c}", "{p} 出 {pr}{e}"])
T("p_of02", 1, "offer", "zh_hans", CRAFT + ["musk", "saiga"], 44, ["自家收藏多年的{p}转让，{age}的东西，{pr}，有意{c}",
                                                                 "家里老人留下的{p}，用不上了低价出，{c}", "老爷子留下来的{p}，{age}的，现在想出掉，{c}"])
T("p_of03", 1, "offer", "zh_hans", ALL, 44, ["{e}现货{p}{e} {q} 价格美丽 {sh} {c}", "现货 {p} 数量不多先到先得 {c}", "{p}现货{q}，要的抓紧，{sh}"])
T("p_of04", 1, "offer", "zh_hans", CRAFT, 44, ["朋友托卖{p}一件，{sz}，{w}，懂行的来，{c}", "帮朋友出{p}，{sz}，{pr}，诚心要的{c}"])
T("p_of05", 1, "offer", "zh_hans", ALL, 44, ["清仓处理{p}，{pr}一件，{sh}，{c}", "低价清{p} 急用钱 {pr}就走 {c}", "急出{p}！！{pr} 不还价 {c}"])
T("p_of06", 1, "offer", "zh_hans", ALL, 44, ["大量{p}批发，{city}有货，量大价优，{c}", "长期供应{p}，一手货源，{city}发货，{c}", "{city}仓库直发{p}，批发零售 {c}"])
T("p_of07", 1, "offer", "zh_hans", CRAFT + ["totoaba"], 40, ["今晚直播上新{p}，{pr}起拍，不直播的私聊 {c}", "直播间捡漏{p}，{pr}起，错过等一年 {e}"])
T("p_of08", 1, "offer", "zh_hans", ALL, 44, ["【今日上新】{p} {sz} {w} 🔥{pr}🔥 {sh} 喜欢的私我", "【上新】{p}｜{w}｜{pr}｜{sh}", "上新啦～{p} {pr} 先到先得 {c}"])
T("p_of09", 1, "offer", "zh_hans", LIVE, 44, ["出售{p}，刚到的，活的，很健康，{pr}，{c}", "{p} 手养 亲人 {pr} 无证 懂的来 {c}",
                                               "新到一批{p}，{city}可看，{sh}，{c}"], local={"p": LIVE_ZH})
T("p_of10", 1, "offer", "zh_hans", FOOD, 40, ["{city}农家乐，今天到了{p}，新鲜的，想吃提前订，{c}", "有{p}，野生的，{pr}一斤，可以做好送上门 {c}",
                                              "老板今天进了{p}，要尝鲜的来，包厢提前订 {c}"])
T("p_of11", 1, "offer", "zh_hans", TCM, 44, ["正宗{p}，药用，{w}，{pr}，{c}", "祖传方子用的{p}，{w}起卖，{pr}，{sh}，{c}",
                                             "{p}，泡酒入药都行，{w}，{c}"])
T("p_of12", 1, "offer", "zh_hans", ALL, 40, ["有需要{p}的吗，手上还剩{q}，{c}", "谁要{p}，{pr}，{c}", "手里有{p}，谁需要找我 {c}"])
# ----- positives: buy requests -----
T("p_br01", 1, "buy_request", "zh_hans", ALL, 44, ["收{p}，{age}的优先，价格好说，{c}", "收{p} 要老的 {c}", "长期收{p}，有货的来 {c}"])
T("p_br02", 1, "buy_request", "zh_hans", ALL, 42, ["高价回收{p}、{p2}，有的私聊，{c}", "回收{p}，现金秒结，{c}"])
T("p_br03", 1, "buy_request", "zh_hans", CRAFT + ["tibetan_antelope"], 42, ["求购{p}一件，送礼用，预算{pr}左右，有的滴滴我",
                                                                           "想买个{p}送领导，有靠谱渠道的推荐下，{c}"])
T("p_br04", 1, "buy_request", "zh_hans", CRAFT, 40, ["长期收老{p}，{city}可上门，现金结算 {c}", "{city}上门收{p}，大小都要 {c}"])
T("p_br05", 1, "buy_request", "zh_hans", ALL, 42, ["有没有人出{p}的？要正的，别拿假货糊弄我，{c}", "有{p}的吗？想要一个，价格好商量",
                                                  "哪里能买到{p}啊，求个靠谱卖家"])
T("p_br06", 1, "buy_request", "zh_hans", TCM, 42, ["家里老人病了，求一点{p}，{w}就够，谁有门路{c}", "急求{p}入药，{w}左右，能发{city}的联系我"])
T("p_br07", 1, "buy_request", "zh_hans", ["primate", "parrot", "sea_turtle"], 40, ["想养只{p}，有渠道的朋友私我，价格可以商量",
                                                                                    "求一只{p}，不要证的也行，{city}附近最好"], local={"p": LIVE_ZH})
# ----- positives: jargon -----
T("p_jg01", 1, "jargon", "zh_hans", ALL, 44, ["{age}{p}，{jar}，{gj}，{sz}，{pr}，{c}", "{p} {jar} {gj} {pr}"])
T("p_jg02", 1, "jargon", "zh_hans", CRAFT, 44, ["开门老货！{p}，{jar}，品相一流，懂的来 {c}", "{p}开门到代，{jar}，{gj}，{c}"])
T("p_jg03", 1, "jargon", "zh_hans", CRAFT + ["saiga"], 44, ["{p}原料，{w}，{jar}，料子干净，适合做{item}，{c}",
                                                            "{p}边角料，{w}，可做{item}，{jar}，{pr}"])
T("p_jg04", 1, "jargon", "zh_hans", ALL, 42, ["老{p}，{age}，{jar}，包浆自然，看上的{c}", "{age}的{p}，{jar}，盘得很透了 {c}"])
T("p_jg05", 1, "jargon", "zh_hans", CRAFT + ["musk", "totoaba", "bear_bile"], 42, ["藏家出一件{p}，{jar}，{gj}，不议价，{c}",
                                                                                   "私藏{p}，{jar}，{gj}，只给懂的人 {c}"])
T("p_jg06", 1, "jargon", "zh_hans", CRAFT, 40, ["收开门{p}，要{jar}的，新料勿扰，{c}", "只收{jar}的{p}，仿品勿扰 {c}"])
# ----- positives: code words -----
T("p_cw01", 1, "code_word", "zh_hans", ALL, 44, ["出一批{code}，{w}，{pr}，懂的来 {c}", "{code}出，{w}，懂的私", "有{code}，{pr}，懂的来"])
T("p_cw02", 1, "code_word", "zh_hans", ALL, 44, ["{code}到货了，{q}，{sh}，{c}", "新到{code}，{q}，老客户优先 {c}"])
T("p_cw03", 1, "code_word", "zh_hans", ALL, 42, ["收{code}，多少都要，{c}", "收{code}，价高，{c}", "常年收{code}，懂行的联系"])
T("p_cw04", 1, "code_word", "zh_hans", ["hornbill", "rhino_horn", "ivory"], 36,
  ["出{col}料，{w}，一红二黑三白，懂的私 {c}", "一红二黑三白都有，今天主推{col}，{pr}", "{col}的到了 一红二黑三白 你懂 {c}"],
  local={"col": ["红@hornbill", "黑@rhino_horn", "白@ivory"]})
T("p_cw05", 1, "code_word", "zh_hans", ["ivory", "rhino_horn", "hornbill", "hawksbill"], 44,
  ["{code}{item} {sz} {pr} 看上的私 {c}", "{code}做的{item}，{sz}，{c}"])
T("p_cw06", 1, "code_word", "zh_hans", ["ivory"], 36,
  ["猛犸象牙（你懂的）{item}，纹路跟新料一样，{pr}，{c}", "“猛犸”{item}，懂的都懂，不是化石那种 {c}", "猛犸{item} 新料 白 {pr} 私"],
  local={})
T("p_cw07", 1, "code_word", "zh_hans", ALL, 42, ["{code}，之前那个词被屏蔽了，换个叫法，老客户懂 {c}", "以后统一叫{code}，别打原名，{c}"])
T("p_cw08", 1, "code_word", "zh_hans", ["hornbill"], 36, ["鸟中象牙 {w} {pr} {c}", "出鸟中象牙{item}，{jar2}，{c}"],
  local={"jar2": ["红皮完整", "血线清楚", "顶料厚"]})
# ----- positives: dedicated emoji/disguise families -----
T("p_dg01", 1, "disguised", "zh_hans", ["ivory", "rhino_horn", "tiger", "sea_turtle", "parrot"], 40,
  ["{emo}{item} 出 💰私 {c}", "有{emo} {item}，{pr}，🤫懂的来", "{emo}🦷 {w} {c}"],
  local={"emo": ["🐘@ivory", "🐘🦷@ivory", "🦏@rhino_horn", "🦏角@rhino_horn", "🐯骨@tiger", "🐯🦴@tiger", "🐢甲@sea_turtle",
                 "🦜@parrot", "⚪料@ivory", "⚫料@rhino_horn"]})
T("p_dg02", 1, "disguised", "zh_hans", ALL, 40, ["{dp} {pr} {c}", "出 {dp}，{w}，懂的来", "收 {dp} 私"],
  local={"dp": ["象.牙@ivory", "犀/角@rhino_horn", "虎 骨@tiger", "穿-山-甲@pangolin", "熊*胆@bear_bile", "玳 瑁@hawksbill",
                "鹤.顶.红@hornbill", "麝|香@musk", "羚 羊 角@saiga", "金 钱 鳘@totoaba", "海/龟/蛋@sea_turtle", "懒~猴@primate",
                "非.洲.灰@parrot", "野.味@wild_game", "沙 图 什@tibetan_antelope", "豹*皮@leopard"]})
# ----- positives: English -----
T("p_en01", 1, "offer", "en", ALL, 44, ["Selling {p}, {sz}, {pr}. {sh}. {c}", "{p} for sale {pr} {c}", "FS: {p}, {pr}, {sh}"])
T("p_en02", 1, "offer", "en", CRAFT + ["tibetan_antelope"], 40, ["Genuine {p} for sale, inherited from my grandfather. {pr} {c}",
                                                                 "Estate piece: {p}, {age}, {pr}. {c}"])
T("p_en03", 1, "offer", "en", ALL, 40, ["Have {q} {p} available, {city} pickup or {sh}. Serious buyers only, {c}",
                                        "Got {p} in stock in {city}, {sh}, {c}"])
T("p_en04", 1, "buy_request", "en", ALL, 42, ["WTB {p}, paying cash, {c}", "Looking to buy {p}, any condition. {c}",
                                              "ISO {p}, will pay well, {c}"])
T("p_en05", 1, "jargon", "en", CRAFT, 40, ["Antique {p}, {jar}, lovely patina, {age}. {pr}. {c}", "{age} {p}, {jar}, {pr}"])
T("p_en06", 1, "code_word", "en", ["ivory", "rhino_horn", "hornbill", "hawksbill"], 42,
  ["Old {code} bangle, {jar}, heavy, you know what it is. {pr} {c}", "'{code}' carving, do your own research ;) {pr}, {sh}",
   "{code} netsuke, {jar}, {age}, {pr}"])
T("p_en07", 1, "offer", "en", ["primate", "parrot", "sea_turtle"], 40, ["{p} for sale, hand-raised, very tame, no papers, {pr}, {c}",
                                                                        "{p} available now, {city}, {c}"], local={"p": LIVE_EN})
T("p_en08", 1, "offer", "en", TCM + ["totoaba"], 40, ["Real {p}, {w}, for medicine, {pr}, {sh}", "Pure {p} {w} {pr} {c}"])
# ----- positives: traditional (native TW / HK) -----
T("p_tw01", 1, "offer", "zh_hant", ALL, 42, ["出清{p}，{sz}，{pr}，有興趣私訊 {c}", "{p}釋出，{pr}，{sh}，{c}"], variant="tw")
T("p_tw02", 1, "offer", "zh_hant", CRAFT + ["musk"], 40, ["家中長輩收藏的{p}，現在用不到了，誠可議，{c}", "阿公留下的{p}，{age}的，想出清 {c}"], variant="tw")
T("p_hk01", 1, "offer", "zh_hant", ALL, 40, ["有{p}放，{pr}，唔講價，{c}", "{p}，靚貨，有意PM {c}", "放{p}，{city}交收，{c}"], variant="hk")
T("p_tw03", 1, "buy_request", "zh_hant", ALL, 40, ["收購{p}，價格好談，{c}", "徵{p}，有的私訊我，{city}面交"], variant="tw")
T("p_tw04", 1, "jargon", "zh_hant", CRAFT, 40, ["老件{p}，{jar}，包漿厚實，開門貨，{c}", "{age}{p}，{jar}，品相好，{pr}"], variant="tw")
T("p_hk02", 1, "code_word", "zh_hant", ALL, 40, ["有啲{code}，懂嘅PM，{c}", "{code}到咗，{pr}，{c}"], variant="hk")
# ----- positives: mixed -----
T("p_mx01", 1, "offer", "mixed", ALL, 42, ["{p} 出 {prz} real货 dm or {cz}", "{p} available now, {prz}, 加v {h}"], local={"h": [
    "lao88", "ivy_shop", "kk168", "mumu2020", "star_hk"]})
T("p_mx02", 1, "offer", "mixed", ALL, 40, ["new arrival {p}!! {sz} {prz} 包邮 {cz}", "{p} in stock，{prz}，ship to {cityen}"])
T("p_mx03", 1, "buy_request", "mixed", ALL, 40, ["收 {p} any size，cash，{cz}", "WTB {p} 要老的 {cz}"])
T("p_mx04", 1, "code_word", "mixed", ALL, 40, ["{code} available now 懂的私 {cz}", "{code} {codeen} 都有 dm"])

# ----- negatives: news (zh) -----
T("n_nw01", 0, "news", "zh_hans", ALL, 50, ["{city}海关查获一批走私{p}，重{kg}，案件正在进一步侦办中", "{city}{agency}截获{p}{kg}，嫌疑人已被控制",
                                            "【通报】{agency}在{city}查获{p}，涉案金额{money}"])
T("n_nw02", 0, "news", "zh_hans", ALL, 50, ["男子网上出售{p}被判刑{yrs}年，法院提醒：交易{p}违法", "女子朋友圈卖{p}，被判有期徒刑{yrs}年",
                                            "{city}一男子在二手平台收购{p}，一审获刑{yrs}年"])
T("n_nw03", 0, "news", "zh_hans", ALL, 46, ["【提醒】国家禁止{p}交易，发现有人出售请拨打举报电话", "提醒：购买{p}同样违法，看到出售信息请举报",
                                            "看到有人卖{p}？截图举报，保护野生动物人人有责"])
T("n_nw04", 0, "news", "zh_hans", ALL, 46, ["平台联合{ngo}开展打击网络野生动物交易专项行动，下架{p}相关信息{num}条",
                                            "某社交平台发布公告：封禁出售{p}的账号{num}个，欢迎用户举报"])
T("n_nw05", 0, "news", "zh_hans", ALL, 46, ["科普｜为什么不要买{p}？每一件背后都是一条生命", "{p}到底有没有药用价值？专家说了实话",
                                            "涨知识：{p}的贸易早已被禁止，别再被忽悠了"])
T("n_nw06", 0, "news", "zh_hans", ["ivory"], 36, ["{year}年起我国全面停止商业性加工销售象牙及制品，违者将被追责",
                                                  "象牙禁贸{n}周年，{city}集中销毁罚没象牙{kg}"])
T("n_nw07", 0, "news", "zh_hans", ALL, 46, ["{city}森林公安破获一起非法收购出售{p}案，涉案金额{money}", "{city}警方打掉一个网上贩卖{p}的团伙，抓获{n}人"])
T("n_nw08", 0, "news", "zh_hans", ALL, 44, ["报告显示：网上发现{num}条野生动物制品广告，{p}占比最高", "监测报告：{p}的网络交易转向私密群聊"])
T("n_nw09", 0, "news", "zh_hans", ALL, 46, ["警方提醒：一些卖家用“{code}”等暗语代指{p}，请勿购买", "揭秘暗语：“{code}”其实就是{p}，看到请举报",
                                            "调查发现，不法商贩把{p}叫做“{code}”来躲避审核"])
T("n_nw10", 0, "news", "zh_hans", ALL, 44, ["拒绝{p}，没有买卖就没有杀害 #保护野生动物#", "我承诺：不买{p}、不吃野味、不养野生动物 🙏",
                                            "转发：没有买卖就没有杀害，{p}不是艺术品"])
T("n_nw11", 0, "news", "zh_hans", ["hornbill", "rhino_horn", "ivory"], 34, ["所谓“一红二黑三白”，分别指鹤顶红、犀角和象牙，全部禁止交易",
                                                                          "记者暗访发现，有人用“一红二黑三白”代指{p}，{agency}已介入"])
T("n_en_nw1", 0, "news", "en", ALL, 46, ["Customs officers seized {q} {p} at {city} airport", "Police in {city} arrest {n} over online {p} trade",
                                         "{kg} of {p} seized in {city}, the largest haul this year"])
T("n_en_nw2", 0, "news", "en", ALL, 44, ["Man jailed for {yrs} years for selling {p} online", "Court fines dealer {money} for trading {p}"])
T("n_en_nw3", 0, "news", "en", ALL, 44, ["Report: {num} online ads for {p} found in six weeks", "NGO study finds sellers call {p} '{code}' to dodge filters"])
T("n_en_nw4", 0, "news", "en", ALL, 44, ["Please don't buy {p}. Every piece means a dead animal. #EndWildlifeTrade",
                                         "Platform removes {num} listings for {p} after conservation group report",
                                         "Reminder: buying {p} is illegal. Report suspicious posts."])
T("n_tw_nw1", 0, "news", "zh_hant", ALL, 44, ["海關查獲走私{p}，市值約{money}，全案移送地檢署", "{city}警方破獲網路販售{p}案，逮捕{n}人"], variant="tw")
T("n_hk_nw1", 0, "news", "zh_hant", ALL, 42, ["香港海關喺機場檢獲{p}，一名男子被捕", "漁護署提醒市民：{p}未經許可不得進出口，違者最高可判監十年"], variant="hk")
T("n_mx_nw1", 0, "news", "mixed", ALL, 40, ["#WildlifeCrime {city}海关 seized {pen} today，重{kg}", "新闻：{pen}（{pzh}）走私案宣判 jail {yrs} years"])

# ----- negatives: lookalikes -----
T("n_lk01", 0, "lookalike", "zh_hans", ["ivory"], 70, ["{x}象牙白色，{sz}，{prc}，{sh}，{c}", "出{x}，颜色是象牙白，九成新，{prc}",
                                                       "象牙白{x}，百搭，{sh} {e}", "求推荐象牙白的{x}，装修用"],
  local={"x": ["瓷砖", "衬衫", "墙漆", "烤漆柜门", "沙发", "连衣裙", "针织衫", "书桌", "婚纱", "床头柜", "地板", "窗帘", "卫衣", "电竞椅",
               "冰箱", "键盘", "手机壳", "大衣"]})
T("n_lk02", 0, "lookalike", "zh_hans", ["ivory"], 60, ["象牙果手串，植物果实做的，不是真象牙哈，{pr}，{c}", "天然象牙果雕件 {sz} 环保材料 {sh}",
                                                       "象牙果（tagua）{x}，手感像象牙，{pr}，{sh}", "象牙果{x} 植物象牙 {pr} {c}"],
  local={"x": ["手串", "吊坠", "小摆件", "纽扣", "珠子", "把件"]})
T("n_lk03", 0, "lookalike", "zh_hans", ["ivory", "rhino_horn", "hawksbill", "hornbill"], 60,
  ["树脂仿{x}摆件，家里装饰用，{prc}，{sh}", "仿{x}工艺品，树脂做的，拍戏道具，{prc}", "{x}造型树脂杯，假的，别问真不真 {sh}"],
  local={"x": ["象牙@ivory", "犀角@rhino_horn", "玳瑁@hawksbill", "鹤顶红@hornbill"]})
T("n_lk04", 0, "lookalike", "zh_hans", ["rhino_horn"], 66, ["{x}，{sz}，纯手工，{pr} {sh} {c}", "正宗{x}，{gj}，{pr}，{c}",
                                                            "{x}开门到代，{gj}，{pr}，懂的来"],
  local={"x": ["牦牛角梳@rhino_horn", "牛角梳@rhino_horn", "水牛角手串@rhino_horn", "羊角摆件@saiga", "牦牛角手镯@rhino_horn",
               "牛角筷子@rhino_horn", "牦牛骨手串@tiger", "牛骨印章@ivory", "骆驼骨雕件@ivory", "鹿角摆件@saiga"]})
T("n_lk05", 0, "lookalike", "zh_hans", ["ivory"], 50, ["{x}，{prc}，{sh}", "新入手的{x}，白得发亮 😍", "出{x}，全新未拆，{prc}，{c}"],
  local={"x": ["骨瓷餐具套装", "骨瓷咖啡杯", "骨瓷碗碟", "唐山骨瓷茶具", "骨瓷马克杯"]})
T("n_lk06", 0, "lookalike", "zh_hans", ["tiger"], 66, ["今天做了{x}，{adj}", "{x}，{pr}一份，{sh}", "推荐一家{x}做得超好吃的店 {e}", "{x}怎么做才好吃？求教"],
  local={"x": ["虎皮青椒@tiger", "虎皮蛋糕@tiger", "虎皮凤爪@tiger", "熊掌豆腐@bear_bile", "龟苓膏@sea_turtle", "猴头菇炖鸡@primate",
               "娃娃菜@wild_game", "虎皮鸡蛋@tiger", "豹纹蛋糕@leopard", "熊猫饼干@none"],
         "adj": ["超下饭", "一家人都说好吃", "失败了哈哈", "有点咸", "第一次做还不错"]})
T("n_lk07", 0, "lookalike", "zh_hans", ["pangolin"], 60, ["{city}地铁{n}号线“穿山甲”盾构机今日始发", "巨型盾构机“穿山甲号”顺利贯通，工人们欢呼",
                                                          "二手盾构机出售，穿山甲系列，{pr}，{c}", "我们工地的穿山甲（盾构机）今天又掘进了{n}十米"])
T("n_lk08", 0, "lookalike", "zh_hans", ["hawksbill"], 66, ["家里{x}生了{n}只，找好人家，{c}", "我家{x}今天又拆家了😂", "{x}好看吗？刚接回家 {e}",
                                                           "{x}幼猫出，疫苗已打，{pr}，{city}自提"],
  local={"x": ["玳瑁猫@hawksbill", "虎斑猫@tiger", "孟加拉豹猫@leopard", "玳瑁色小猫@hawksbill", "虎斑橘猫@tiger", "三花玳瑁@hawksbill"]})
T("n_lk09", 0, "lookalike", "zh_hans", ["none"], 45, ["{x}", "{x} {e}"],
  local={"x": ["回国三年了，我们这些海龟找工作也不容易@sea_turtle", "象牙塔里待久了，出来才知道社会多难@ivory",
               "虎牌保温杯用了五年还很保温@tiger", "Rhino犀牛建模软件有人会用吗，求教程@rhino_horn", "科特迪瓦以前叫象牙海岸@ivory",
               "金钱豹自助餐以前真的好吃@leopard", "熊出没大电影带娃看了@bear_bile", "老虎机在澳门才合法吧@tiger",
               "这款鞋子是犀牛牌的，很耐穿@rhino_horn", "同事是海龟，英语超好@sea_turtle", "笑起来有两颗小虎牙好可爱@tiger",
               "老虎钳借我用一下@tiger", "猴年马月才能放假@primate", "熊掌号已经关了吗@bear_bile", "我的象牙塔时代结束了@ivory",
               "虎头鞋是外婆做的@tiger", "虎口疼是怎么回事@tiger", "麝香保心丸老人家常备@musk", "鹦鹉螺化石真漂亮@parrot",
               "熊胆草？没听过这种植物@bear_bile", "羚羊挂角，无迹可求，这句诗真妙@saiga"]})
T("n_lk10", 0, "lookalike", "zh_hans", ["hornbill"], 60, ["{show}里那杯鹤顶红，{adj}", "小说里皇后赐了一壶鹤顶红，太狠了",
                                                          "鹤顶红到底是什么毒？看{show}看得好奇", "{show}第{n}集，鹤顶红那段看哭了"],
  local={"show": ["甄嬛传", "武侠剧", "宫斗剧", "如懿传", "古装剧", "金庸小说"], "adj": ["太吓人", "演技炸裂", "我笑死", "名场面"]})
T("n_lk11", 0, "lookalike", "zh_hans", ["none"], 66, ["{x}毛绒玩具 {sz} {prc} 包邮", "{x}印花T恤，{prc}，{sh}，{c}", "{x}冰箱贴，{prc}三个",
                                                      "给娃买的{x}公仔，{adj}"],
  local={"x": ["穿山甲@pangolin", "犀牛@rhino_horn", "大象@ivory", "老虎@tiger", "雪豹@leopard", "海龟@sea_turtle", "藏羚羊@tibetan_antelope",
               "金丝猴@primate", "鹦鹉@parrot", "黑熊@bear_bile", "犀鸟@hornbill"], "adj": ["超可爱", "娃爱不释手", "手感很好"]})
T("n_lk12", 0, "lookalike", "zh_hans", ["none"], 66, ["今天带娃去动物园看了{a}，{adj}", "博物馆的{ex}展柜，讲解很棒", "{city}博物馆展出{ex}，工艺太绝了",
                                                      "野生动物园的{a}好大一只"],
  local={"a": ["大象@ivory", "犀牛@rhino_horn", "老虎@tiger", "雪豹@leopard", "黑熊@bear_bile", "金丝猴@primate", "金刚鹦鹉@parrot", "海龟@sea_turtle"],
         "ex": ["清代象牙雕刻@ivory", "犀角杯@rhino_horn", "玳瑁首饰@hawksbill", "鹤顶红雕件@hornbill", "穿山甲标本@pangolin"],
         "adj": ["娃开心坏了", "好可爱", "排队两小时", "天气太热动物都躲着"]})
T("n_lk13", 0, "lookalike", "zh_hans", ["none"], 56, ["推荐纪录片《{doc}》，{adj}", "看完《{doc}》，再也不想碰{p}了", "《{doc}》拍得太好了 {e}"],
  local={"doc": ["可可西里@tibetan_antelope", "我们的星球@none", "地球脉动@none", "穿山甲的秘密@pangolin", "犀牛的最后一口气@rhino_horn",
                 "象群北迁@ivory", "雪豹@leopard"], "adj": ["看哭了", "豆瓣9分", "画面美", "很震撼"], "p": ["象牙@ivory", "犀角@rhino_horn", "野味@wild_game"]})
T("n_lk14", 0, "lookalike", "zh_hans", ["tibetan_antelope"], 60, ["{x}，{pr}，{sh}，{c}", "正宗{x}，{gj}，{pr}", "出{x}，{pr}，懂的来"],
  local={"x": ["羊绒披肩@tibetan_antelope", "羊毛围巾@tibetan_antelope", "山羊绒指环披肩@tibetan_antelope", "白麝香香水@musk",
               "人工麝香@musk", "麝香味沐浴露@musk", "羚羊牌二手车@saiga", "鳕鱼胶@totoaba", "巴西鱼胶@totoaba", "鮸鱼花胶@totoaba"]})
T("n_lk15", 0, "lookalike", "en", ["none"], 66, ["{x}, {prc}, {sh}", "Selling {x}, {prc}, DM", "{x} - like new, {prc}"],
  local={"x": ["ivory white wedding dress@ivory", "tagua nut 'vegetable ivory' beads@ivory", "faux fur leopard print coat@leopard",
               "ox bone comb, handmade@ivory", "bone china teacup set@ivory", "Rhino 3D license@rhino_horn", "Tiger Balm (big jar)@tiger",
               "tortoiseshell acetate glasses@hawksbill", "resin rhino statue@rhino_horn", "ivory colour sofa@ivory",
               "yak horn comb@rhino_horn", "pangolin plush toy@pangolin", "tiger print hoodie@tiger", "turtle sandpit@sea_turtle",
               "cashmere ring shawl@tibetan_antelope", "musk perfume oil (synthetic)@musk"]})
T("n_lk16", 0, "lookalike", "en", ["none"], 42, ["{x}", "{x} {e}"],
  local={"x": ["Our tortoiseshell cat just knocked the plant over again@hawksbill", "Ivory Coast beat us again, what a match@ivory",
               "Saw the rhinos at the zoo today, huge!@rhino_horn", "Repainted the hallway in ivory, looks so clean@ivory",
               "Anyone watched the pangolin documentary? so sad@pangolin", "Tiger prawns on the grill tonight@tiger",
               "The tiger at the sanctuary was asleep the whole time lol@tiger", "My parrot learned to say hello!! (budgie)@parrot",
               "Leopard print is back this season apparently@leopard", "bone china mugs are overrated tbh@ivory",
               "Bought a musk-scented candle, smells like grandma's drawer@musk", "monkey bread recipe anyone?@primate",
               "the sea turtle hatchlings release at the beach was magical@sea_turtle", "Museum has a whole room of old ivory carvings, behind glass@ivory"]})
T("n_tw_lk1", 0, "lookalike", "zh_hant", ["none"], 60, ["{x}，{prc}，{sh}", "{x}出清，九成新，有興趣私訊", "{x} 求推薦 {e}"],
  local={"x": ["象牙白磁磚@ivory", "玳瑁色鏡框(板材)@hawksbill", "虎斑貓送養@tiger", "龜苓膏@sea_turtle", "穿山甲玩偶@pangolin",
               "象牙白沙發@ivory", "豹紋洋裝@leopard", "牛角梳@rhino_horn", "虎牌電子鍋@tiger", "海龜造型抱枕@sea_turtle",
               "象牙果手鍊@ivory", "骨瓷杯組@ivory"]}, variant="tw")
T("n_hk_lk1", 0, "lookalike", "zh_hant", ["none"], 36, ["{x}", "{x}，{adj}"],
  local={"x": ["今日去海洋公園睇熊貓@none", "屋企隻玳瑁貓又打爛嘢@hawksbill", "虎牌暖水壺用咗十年@tiger", "象牙白色嘅梳化好難清潔@ivory",
               "睇咗紀錄片講穿山甲，好慘@pangolin", "老虎蝦大特價@tiger", "鶴頂紅呢種毒藥係咪真係存在@hornbill"],
         "adj": ["好正", "笑死", "有冇人同感", "唉"]}, variant="hk")

# ----- negatives: legal sales, same selling style -----
LP = ["蜜蜡手串", "老蜜蜡", "沉香手串", "和田玉手镯", "和田玉籽料", "小叶紫檀手串", "文玩核桃", "南红吊坠", "翡翠手镯", "琥珀吊坠", "星月菩提",
      "金刚菩提", "绿松石原矿", "海南黄花梨手串", "橄榄核雕", "紫檀筷子", "黄龙玉摆件", "碧玺手串", "玛瑙手镯", "凤眼菩提", "崖柏手串",
      "血珀手串", "莲花菩提", "和田玉印章", "翡翠吊坠", "蜜蜡原石", "沉香摆件", "南红原石", "绿松石手串", "黄花梨笔筒", "寿山石印章", "鸡血石印章"]
LP_EN = ["amber bead bracelet", "jade bangle", "agarwood bracelet", "sandalwood mala", "bodhi seed bracelet", "turquoise nugget",
         "carved walnuts", "hetian jade pendant", "jadeite bangle", "rosewood beads", "olive pit carving", "red agate pendant"]
LJ = ["包浆厚", "油性足", "纹路清晰", "开门老货", "品相完美", "原料", "料子好", "老料", "皮色自然", "满蜜", "沉水", "高密", "无裂无棉",
      "肉质细腻", "盘玩多年", "手感温润", "玻璃种", "冰种", "羊脂白", "鸡油黄", "满天星", "一年包浆", "雕工精细", "品相好"]
LEGAL = dict(lp=LP, lj=LJ)
T("n_ls01", 0, "legal_sale", "zh_hans", ["none"], 60, ["出{lp}，{lj}，{sz}，{pr}，{c}", "{lp}出售 {sz} {pr} {sh} {c}", "出个{lp} {pr} {c}"], local=LEGAL)
T("n_ls02", 0, "legal_sale", "zh_hans", ["none"], 56, ["自家收藏多年的{lp}转让，{age}的东西，{pr}，有意{c}", "家里老人留下的{lp}，用不上了低价出，{c}"], local=LEGAL)
T("n_ls03", 0, "legal_sale", "zh_hans", ["none"], 56, ["收{lp}，{lj}的优先，价格好说，{c}", "高价回收{lp}，有的私聊，{c}", "长期收{lp}，{city}可上门"], local=LEGAL)
T("n_ls04", 0, "legal_sale", "zh_hans", ["none"], 60, ["开门老货！{lp}，{lj}，品相一流，懂的来 {c}", "{age}{lp}，{lj}，{gj}，{pr}，{c}",
                                                       "{lp}原料，{w}，{lj}，适合做{item}，{c}"], local=LEGAL)
T("n_ls05", 0, "legal_sale", "zh_hans", ["none"], 56, ["【今日上新】{lp} {sz} {w} 🔥{pr}🔥 {sh} 喜欢的私我", "今晚直播上新{lp}，{pr}起拍，不直播的私聊 {c}"], local=LEGAL)
T("n_ls06", 0, "legal_sale", "zh_hans", ["none"], 64, ["{pet}幼崽出售，疫苗已打，{pr}，{city}可自提，{c}", "家养{pet}，{pet2}，{pr}，{c}",
                                                       "{pet}找新家，{pet2}，{c}"],
  local={"pet": ["英短@none", "布偶猫@none", "金毛@none", "柯基@none", "虎皮鹦鹉@parrot", "玄凤鹦鹉@parrot", "牡丹鹦鹉@parrot", "巴西龟@sea_turtle",
                 "孟加拉豹猫@leopard", "虎斑猫@tiger", "玳瑁猫@hawksbill", "仓鼠@none", "龙猫@none", "柴犬@none", "草龟@sea_turtle", "鹩哥(人工繁育有证)@parrot"],
         "pet2": ["手养亲人", "有证件", "血统清楚", "已驱虫", "会握手", "脚环齐全", "健康包退"]})
T("n_ls07", 0, "legal_sale", "zh_hans", ["none"], 56, ["{sea} 新鲜到货 {pr}/斤 {sh}", "{sea}，{prz}一斤，{c}", "今天到了{sea}，要的抓紧 {c}"],
  local={"sea": ["鳕鱼胶@totoaba", "鮸鱼花胶@totoaba", "大闸蟹@none", "基围虾@none", "养殖大黄鱼@totoaba", "海参@none", "鲍鱼@none", "养殖甲鱼@wild_game",
                 "生蚝@none", "小龙虾@none", "巴西鱼胶@totoaba", "黄花鱼@totoaba"]})
T("n_ls08", 0, "legal_sale", "zh_hans", ["none"], 50, ["今年新茶{tea}，{pr}/斤，{c}", "{tea}到了，{sh}，{c}", "出{tea}，{gj}，{pr}"],
  local={"tea": ["太平猴魁@primate", "大红袍@none", "铁观音@none", "普洱@none", "西湖龙井@none", "老白茶@none", "猴魁@primate", "金骏眉@none"]})
T("n_ls09", 0, "legal_sale", "zh_hans", ["none"], 50, ["闲置{x}出，{cond}，{prc}，{sh}", "出闲置{x}，{cond}，{c}"],
  local={"x": ["iPhone 13", "自行车", "婴儿车", "二手书", "机械键盘", "相机镜头", "电饭煲", "吉他", "滑板", "空气炸锅", "显示器"],
         "cond": ["九成新", "几乎全新", "有使用痕迹", "功能完好", "箱说全"]})
T("n_ls10", 0, "legal_sale", "zh_hans", ["none"], 50, ["{cc}代购 {cos}，{prc}，{c}", "{cc}直邮{cos}，正品保证，{sh}"],
  local={"cc": ["日本", "韩国", "澳洲", "香港", "泰国"], "cos": ["面霜", "防晒", "精华液", "口红", "奶粉", "保健品", "鱼油", "面膜"]})
T("n_ls11", 0, "legal_sale", "zh_hans", ["none"], 60, ["正宗{herb}，药用，{w}，{pr}，{c}", "{herb}，泡酒入药都行，{w}，{c}", "祖传方子用的{herb}，{w}起卖，{sh}"],
  local={"herb": ["人参@none", "冬虫夏草@none", "三七@none", "枸杞@none", "西洋参@none", "阿胶@none", "人工养殖鹿茸@none", "人工麝香@musk",
                  "体外培育牛黄@none", "灵芝@none", "天麻@none", "石斛@none"]})
T("n_ls12", 0, "legal_sale", "zh_hans", ["none"], 50, ["求购{lp}一件，送礼用，预算{pr}左右，有的滴滴我", "有没有人出{lp}的？要正的，{c}"], local=LEGAL)
T("n_ls13", 0, "legal_sale", "zh_hans", ["none"], 50, ["大量{lp}批发，{city}有货，量大价优，{c}", "长期供应{lp}，一手货源，{c}"], local=LEGAL)
T("n_ls14", 0, "legal_sale", "zh_hans", ["none"], 56, ["出一批{lc}，{w}，{pr}，懂的来 {c}", "{lc}到货了，{sh}，{c}", "收{lc}，多少都要"],
  local={"lc": ["和田玉白料@ivory", "翡翠果冻料@ivory", "黄龙玉黄料@ivory", "南红柿子红料@hornbill", "蜜蜡鸡油黄@none", "血珀原料@none",
                "黑曜石黑料@rhino_horn", "墨玉黑料@rhino_horn", "琥珀果冻料@ivory", "南红红料@hornbill", "砗磲白料@ivory"]})
T("n_ls15", 0, "legal_sale", "zh_hans", ["none"], 50, ["{farm}养殖场直销，有养殖证，{pr}，{c}", "人工养殖{farm}，手续齐全，{sh}"],
  local={"farm": ["甲鱼@wild_game", "牛蛙@none", "鸵鸟@none", "肉鸽@none", "黑山羊@none", "土鸡@none", "梅花鹿(有证)@none", "竹鸡@none", "鳄龟@sea_turtle"]})
T("n_ls16", 0, "legal_sale", "en", ["none"], 56, ["Selling {lpe}, {pr}, {sh}, {c}", "{lpe} for sale, genuine, {pr}", "Antique {lpe}, lovely patina, {pr}. {c}",
                                                  "WTB {lpe}, {c}"], local={"lpe": LP_EN})
T("n_ls17", 0, "legal_sale", "en", ["none"], 50, ["{x} for sale, {prc}, {c}", "Rehoming our {x}, {prc}, {sh}"],
  local={"x": ["budgie pair@parrot", "cockatiel (captive bred, ringed)@parrot", "bengal kitten@leopard", "tortoiseshell kitten@hawksbill",
               "corn snake@none", "labrador puppies@none", "red-eared slider@sea_turtle", "second-hand bike@none", "vintage camera@none"]})
T("n_tw_ls1", 0, "legal_sale", "zh_hant", ["none"], 56, ["出清{lp}，{sz}，{pr}，有興趣私訊 {c}", "家中長輩收藏的{lp}，現在用不到了，誠可議，{c}",
                                                         "收購{lp}，價格好談，{c}"], local=LEGAL, variant="tw")
T("n_hk_ls1", 0, "legal_sale", "zh_hant", ["none"], 50, ["有{lp}放，{pr}，唔講價，{c}", "{lp}，靚貨，有意PM {c}"], local=LEGAL, variant="hk")
T("n_mx_ls1", 0, "legal_sale", "mixed", ["none"], 50, ["{lp} 出 {prz} real货 dm or {cz}", "new arrival {lp}!! {sz} {prz} 包邮 {cz}",
                                                       "收 {lp} any size，cash，{cz}"], local=LEGAL)
T("n_mx_ls2", 0, "legal_sale", "mixed", ["none"], 44, ["日本代购 {x}，{prz}，DM or {cz}", "{x} 正品 {prz} free shipping"],
  local={"x": ["SK-II", "Shiseido防晒", "Sulwhasoo面霜", "Dyson吹风机", "Switch游戏机", "AirPods"]})

# ----- negatives: chat -----
T("n_ch01", 0, "chat", "zh_hans", ["none"], 60, ["今天{wea}，{plan}", "{wea}，{plan} {e}", "又是{wea}的一天，{plan}"],
  local={"wea": ["好热", "下雨了", "降温了", "阳光超好", "雾霾好重", "台风要来"], "plan": ["在家躺着", "去爬山", "点了外卖", "约了朋友吃火锅",
                                                                                   "加班到十点", "带娃去公园", "准备考试"]})
T("n_ch02", 0, "chat", "zh_hans", ["none"], 60, ["今天在{pl}看到一只{a}，好可爱", "{pl}有只{a}一直跟着我走 😂", "小区里的{a}又胖了"],
  local={"pl": ["公园", "小区楼下", "学校门口", "湖边", "山上"], "a": ["流浪猫", "松鼠", "喜鹊", "小狗", "刺猬", "白鹭", "野鸭", "橘猫"]})
T("n_ch03", 0, "chat", "zh_hans", ["none"], 56, ["去{city}玩了{n}天，推荐{food}", "{city}的{food}真的名不虚传", "求推荐{city}好吃的，除了{food}"],
  local={"food": ["肠粉", "过桥米线", "烤鸭", "火锅", "沙茶面", "牛肉粉", "生煎", "热干面"]})
T("n_ch04", 0, "chat", "zh_hans", ["none"], 56, ["{w1}，{w2}", "今天{w1}，{w2}"],
  local={"w1": ["老板又开会", "项目终于上线了", "周报写不完", "面试过了", "年终奖发了"], "w2": ["累死", "开心", "想辞职", "晚上庆祝一下", "求安慰"]})
T("n_ch05", 0, "chat", "zh_hans", ["none"], 56, ["有人知道{qq}吗", "请问{qq}？在线等", "{qq}，求解答"],
  local={"qq": ["附近哪里有修手机的", "象棋残局怎么解", "考研报哪个学校好", "小孩发烧吃什么药", "大象一天吃多少东西@ivory",
                "犀牛为什么会有角@rhino_horn", "熊猫为什么吃竹子", "穿山甲是不是吃蚂蚁的@pangolin", "鹦鹉能活多久@parrot",
                "海龟怎么知道回到出生的海滩@sea_turtle", "老虎和狮子谁厉害@tiger"]})
T("n_ch06", 0, "chat", "zh_hans", ["none"], 50, ["娃今天画了一只{a}，说是送给我的🥹", "儿子问我{a}是不是快灭绝了，我该怎么回答", "绘本里的{a}画得好萌"],
  local={"a": ["大象@ivory", "犀牛@rhino_horn", "老虎@tiger", "穿山甲@pangolin", "雪豹@leopard", "海龟@sea_turtle", "金丝猴@primate", "藏羚羊@tibetan_antelope"]})
T("n_ch07", 0, "chat", "en", ["none"], 45, ["{x}", "{x} {e}"],
  local={"x": ["Rainy again, staying in with tea", "Anyone know a good dentist in town?", "Finally finished my thesis draft!!",
               "Traffic was insane this morning", "Made dumplings with mum today", "Our dog ate my sock again",
               "Going hiking this weekend, any tips?", "Just watched the elephant herd video, so cute@ivory",
               "Kids loved the tiger enclosure@tiger", "My son wants a parrot, I said maybe a budgie first@parrot",
               "Coffee machine at work broke, send help", "Does anyone have the notes from Tuesday?", "Happy birthday to my little bro!"]})
T("n_ch08", 0, "chat", "zh_hant", ["none"], 45, ["{x}", "{x} {e}"],
  local={"x": ["今天好熱喔，想吃剉冰", "下班了終於，累死", "有人推薦台中好吃的嗎", "週末要去墾丁玩", "颱風假有沒有", "貓咪今天又吐毛球了",
               "今日好凍，食火鍋啱晒", "搭地鐵搭到頭暈", "媽媽煮的滷肉飯最好吃", "動物園的大象寶寶好可愛@ivory", "小朋友問我穿山甲吃什麼@pangolin",
               "考試考完了，放假囉"]}, variant="tw")
T("n_ch09", 0, "chat", "mixed", ["none"], 40, ["{x}", "{x} {e}"],
  local={"x": ["今天meeting开了三个小时 so tired", "周末去hiking吗", "这个deadline真的赶不上了", "终于拿到offer了！！",
               "有人一起打badminton吗", "my cat今天又拆家", "去zoo看了elephant，娃超开心@ivory", "这家brunch不错 推荐",
               "wifi又断了 无语", "明天presentation好紧张"]})
T("n_ch10", 0, "chat", "zh_hans", ["none"], 40, ["{x}", "{x}{e}"],
  local={"x": ["晚饭吃啥", "好想放假啊", "新买的鞋子好看吗", "这周末谁有空打球", "明天几点集合", "快递终于到了", "今天的晚霞绝了",
               "刚跑完五公里", "孩子终于睡了", "妈妈包的饺子yyds", "地铁又挤爆了", "谁有充电宝借一下"]})


# ----- second batch of families -----
T("p_mx05", 1, "jargon", "mixed", CRAFT, 40, ["old {p}，{jar}，patina很好，{prz}，{cz}", "{age} {p} 包浆 super nice，{jar}，dm"])
T("p_of13", 1, "offer", "zh_hans", ALL, 40, ["{city}现货{p}，{sh}，{pr}，要的赶紧，晚了就没了 {c}", "有{p}要的吗？{w}，{pr}，就一件 {e}"])
T("n_mx_lk1", 0, "lookalike", "mixed", ["none"], 48, ["{x} {prc} 包邮 {cz}", "出 {x}，like new，{prc}", "{x} 有人要吗 {prc}"],
  local={"x": ["ivory white 沙发@ivory", "象牙果 tagua 手串 not real ivory@ivory", "bone china 骨瓷杯@ivory", "yak horn 牦牛角梳@rhino_horn",
               "leopard print 豹纹外套@leopard", "tortoiseshell 玳瑁色 墨镜@hawksbill", "tiger 虎牌 保温杯@tiger", "rhino 犀牛 公仔@rhino_horn",
               "parrot 鹦鹉 抱枕@parrot", "panda 熊猫 stickers@none", "resin 树脂仿象牙 statue@ivory"]})
T("n_mx_lk2", 0, "lookalike", "mixed", ["none"], 40, ["今天去zoo看了{a}，{adj}", "weekend 带娃看{a}，{adj}", "{a} documentary 看哭了"],
  local={"a": ["rhino 犀牛@rhino_horn", "elephants 大象@ivory", "tiger 老虎@tiger", "snow leopard 雪豹@leopard", "pangolin 穿山甲@pangolin",
               "sea turtle 海龟@sea_turtle", "macaw 金刚鹦鹉@parrot", "golden monkey 金丝猴@primate"], "adj": ["so cute", "超震撼", "娃 super happy", "太热了 lol"]})
T("n_en_lk3", 0, "lookalike", "en", ["none"], 48, ["{x}, {prc}, {sh}", "Vintage {x}, good condition, {prc}. {c}", "{x} - not real, just for decoration. {prc}"],
  local={"x": ["French ivory (celluloid) dresser set@ivory", "resin netsuke replica@ivory", "ivory-coloured piano keys (plastic)@ivory",
               "faux tortoiseshell hair clip@hawksbill", "tiger-eye stone bracelet@tiger", "horn-effect resin cup@rhino_horn",
               "acetate tortoiseshell frames@hawksbill", "plush snow leopard@leopard", "bone-handle cutlery (cattle bone)@ivory",
               "musk stick sweets@musk", "antelope-print rug (synthetic)@saiga"]})
T("n_ls18", 0, "legal_sale", "zh_hans", ["none"], 56, ["朋友托卖{lp}一件，{sz}，{lj}，懂行的来，{c}", "帮朋友出{lp}，{lj}，{pr}，诚心要的{c}"], local=LEGAL)
T("n_ls19", 0, "legal_sale", "mixed", ["none"], 44, ["{pet} {kid} available，{prz}，{cz}", "出 {pet} {kid}，vaccinated，{cz}"],
  local={"pet": ["英短", "布偶", "柯基", "golden retriever", "虎皮鹦鹉 budgie@parrot", "bengal 豹猫@leopard", "玄凤 cockatiel@parrot"],
         "kid": ["baby", "kitten", "puppy", "宝宝"]})
T("n_tw_ls2", 0, "legal_sale", "zh_hant", ["none"], 50, ["出清{x}，{pr}，{sh}", "{x}，自家的，{pr}，歡迎私訊", "團購{x}，{sh}，{c}"],
  local={"x": ["烏魚子", "阿里山高山茶", "柴犬幼犬", "鱈魚膠@totoaba", "花膠(鮸魚)@totoaba", "鳳梨酥", "二手機車", "蜜蠟手珠",
               "沉香手珠", "紫檀佛珠", "虎皮鸚鵡@parrot", "玳瑁貓@hawksbill"]}, variant="tw")
T("n_ls20", 0, "legal_sale", "zh_hans", ["none"], 56, ["清仓处理{lp}，{pr}一件，{sh}，{c}", "低价清{lp} 急用钱 {pr}就走 {c}", "急出{lp}！！{pr} 不还价 {c}"], local=LEGAL)
T("n_ls21", 0, "legal_sale", "zh_hans", ["none"], 48, ["家里老人病了，求一点{herb}，{w}就够，谁有门路{c}", "急求{herb}入药，能发{city}的联系我"],
  local={"herb": ["冬虫夏草", "野山参", "藏红花", "川贝", "铁皮石斛", "人工麝香@musk", "体外培育熊胆粉替代品@bear_bile", "三七粉"]})
T("n_ls22", 0, "legal_sale", "zh_hans", ["none"], 42, ["{lc}，之前那个链接被下架了，重新发，老客户懂 {c}", "{lc}又上架了，上次被误判下架，{c}"],
  local={"lc": ["和田玉白料@ivory", "翡翠果冻料@ivory", "墨玉黑料@rhino_horn", "南红红料@hornbill", "蜜蜡原料@none", "绿松石原矿@none"]})
T("n_nw12", 0, "news", "zh_hans", ["none"], 50, ["{city}救助一只受伤的{a}，治疗后已放归自然", "好消息！{city}红外相机拍到野生{a}", "{city}村民发现{a}，主动联系林业部门"],
  local={"a": ["穿山甲@pangolin", "大鲵@wild_game", "海龟@sea_turtle", "蜂猴@primate", "盔犀鸟@hornbill", "云豹@leopard", "黑熊@bear_bile",
               "林麝@musk", "雪豹@leopard", "绿海龟@sea_turtle"]})
T("n_nw13", 0, "news", "zh_hans", ["none"], 40, ["【平台公告】联合{ngo}，即日起严查{p}等违禁野生动物制品信息", "{ngo}：发现疑似{p}交易信息，可一键举报"],
  local={"p": ["象牙@ivory", "犀角@rhino_horn", "穿山甲片@pangolin", "虎骨@tiger", "鹤顶红@hornbill", "玳瑁@hawksbill", "熊胆@bear_bile", "麝香@musk"]})
T("n_ch11", 0, "chat", "zh_hans", ["none"], 50, ["{x}", "{x}{e}"],
  local={"x": ["今天终于把驾照考过了", "我妈又催婚了", "猫主子今天不理我", "楼下新开了家奶茶店", "周末去看大象了，好多人@ivory",
               "娃问犀牛角是不是骨头做的，我也答不上来@rhino_horn", "体检报告出来了还好", "学校开运动会了", "羽毛球馆订不到",
               "朋友圈都在晒年终奖", "回老家的票抢到了", "这雨下得没完了"]})
T("n_ch12", 0, "chat", "en", ["none"], 42, ["{x}", "{x} {e}"],
  local={"x": ["Can't believe it's Monday again", "Best pho in town? asking for a friend", "Exam results tomorrow, wish me luck",
               "New puppy chewed the sofa lol", "Trying to learn Mandarin, tones are killing me", "Grandma's 90th today!",
               "The bus was 40 minutes late", "Movie night, any recs?", "Saw a documentary about rhinos, heartbreaking@rhino_horn",
               "Painted my nails ivory, love it@ivory"]})


# ----- third batch -----
T("p_of14", 1, "offer", "zh_hans", ["ivory", "ivory", "rhino_horn", "hornbill"], 44, ["支持验货，{p}，假一赔十，{pr}，{c}", "{p}，可送检，保真，{sh}，{c}",
                                                                                      "保真{p}，{jar}，不真包退，{pr}"])
T("p_of15", 1, "offer", "zh_hans", ["wild_game"], 40, ["{city}土菜馆，{wg}到货，老顾客提前预订 {c}", "今晚{wg}，{pr}一桌，包厢有限 {c}", "{wg}，现杀现做，{city}附近可送"],
  local={"wg": ["果子狸@wild_game", "穿山甲@pangolin", "娃娃鱼@wild_game", "野生甲鱼@wild_game", "竹鼠@wild_game", "黄麂@wild_game",
                "斑鸠@wild_game", "野生蛇@wild_game", "熊掌@bear_bile", "海龟肉@sea_turtle", "野猪獾@wild_game"]})
T("p_en09", 1, "offer", "en", ["ivory", "ivory", "rhino_horn", "hawksbill", "hornbill"], 44,
  ["VINTAGE {P} CARVED ASIAN FIGURE {sz} RARE", "Old {p} lot x{n}, estate clearance, {pr}, {sh}", "{p} - house clearance find, {age}, {pr} or offers"],
  local={"P": ["IVORY@ivory", "TUSK@ivory", "RHINO HORN@rhino_horn", "TORTOISESHELL@hawksbill", "HORNBILL@hornbill", "BONE (IVORY?)@ivory"]})
T("p_en10", 1, "buy_request", "en", ALL, 40, ["Paying top dollar for {p}, {city} area, {c}", "Buyer for {p} here, quick cash, no questions, {c}"])
T("p_mx06", 1, "offer", "mixed", ALL, 42, ["{pzh} / {pen} {prz} 包邮 worldwide {cz}", "{pen}（{pzh}）现货，{prz}，dm me"])
T("n_ls23", 0, "legal_sale", "zh_hans", ["none"], 50, ["支持验货，{lp}，假一赔十，{pr}，{c}", "{lp}，可送检，保真，{sh}，{c}", "保真{lp}，{lj}，不真包退，{pr}"], local=LEGAL)
T("n_en_ls3", 0, "legal_sale", "en", ["none"], 50, ["VINTAGE {X} CARVED ASIAN FIGURE {sz} RARE", "Old {lpe} lot x{n}, estate clearance, {pr}, {sh}",
                                                    "{lpe} - house clearance find, {age}, {pr} or offers"],
  local={"X": ["JADE", "BOXWOOD", "SOAPSTONE", "ROSEWOOD", "RESIN", "BRONZE", "CELADON"], "lpe": LP_EN})
T("n_en_nw5", 0, "news", "en", ["none"], 44, ["{city} zoo welcomes a baby {a}, keepers say mum and calf are doing well", "Rangers in {cityen} rescue an injured {a}",
                                              "Good news: {a} numbers are slowly recovering thanks to anti-poaching patrols"],
  local={"a": ["elephant@ivory", "rhino@rhino_horn", "pangolin@pangolin", "tiger@tiger", "snow leopard@leopard", "sea turtle@sea_turtle",
               "hornbill@hornbill", "gibbon@primate", "grey parrot@parrot"], "city": CITY_EN})
T("n_en_ch3", 0, "chat", "en", ["none"], 42, ["{x}", "{x} {e}"],
  local={"x": ["Power cut again lol", "Who's up for badminton Thursday?", "Cooked curry for 10 people, never again", "Lost my keys for the third time this week",
               "Kid's first day at school, I cried more than she did", "Rain finally stopped", "Train strike tomorrow, working from home",
               "Bought a plant, named it Steve", "The elephant documentary on tonight is so good@ivory", "Can we talk about the tiger in that film? amazing CGI@tiger"]})
T("n_mx_nw2", 0, "news", "mixed", ALL, 40, ["{pzh}走私案 update：{cityen} court jailed {n} people", "Breaking：{city}海关查获 {pen}，{kg}"])

T("n_lk18", 0, "lookalike", "zh_hans", ["rhino_horn"], 50, ["{x}，{lj}，{pr}，{sh}", "藏区带回来的{x}，{gj}，{c}", "收{x}，老的优先，{c}"],
  local={"x": ["牦牛角梳子@rhino_horn", "牦牛角手串@rhino_horn", "水牛角印章@rhino_horn", "牛角杯@rhino_horn", "羊角梳@saiga", "牦牛骨雕件@tiger",
               "牛骨手镯@ivory", "骆驼骨筷子@ivory", "鹿角把件@saiga", "猛犸象牙化石标本(有来源证明)@ivory"], "lj": LJ})

# ===========================================================================
# v3 (fourth batch): style-mirrored families for variety of phrasing.
# Each STYLE is a set of 3-5 structurally different templates written in one
# register (listing title, WeChat moments, forum post, Q&A, auction, live
# stream, group relay, reseller list, price list, reply to buyer, origin story,
# complaint, shipping note ...).  Every style is instantiated twice per product
# group: once with protected products ({p}/{code}/{jar} from the family
# lexicons, label 1) and once with legal or look-alike products (the same slots
# overridden by local legal lexicons, label 0).  The selling frame, verbs,
# prices, shipping and contact lines are shared, so only the product words
# and their context separate the labels.
# ===========================================================================

V3_START = len(FAMS_T)  # families defined from here on are the v3 batch

# --- broader product lexicons for the protected families (appended) ---
for _f, _ws in {
    "ivory": ["象牙貔貅", "象牙笔筒", "象牙扇骨", "象牙麻将", "象牙鼻烟壶", "象牙佛珠", "象牙耳钉", "象牙章料", "象牙镇纸",
              "象牙发簪", "象牙戒指", "象牙挖耳勺", "象牙平安扣", "象牙念珠", "象牙刀柄", "象牙算盘珠", "象牙碎料", "象牙尖"],
    "rhino_horn": ["犀角碗", "犀角戒指", "犀角珠子", "犀角杯料", "犀角挂件", "犀角碎料", "犀角刨花", "犀角小杯", "犀角扳指"],
    "pangolin": ["穿山甲甲片粉", "炮山甲粉", "甲片碎", "穿山甲干货", "冻穿山甲"],
    "tiger": ["虎牙项链", "虎爪吊坠", "虎皮褥子", "虎骨膏", "虎头骨", "虎骨酒(老窖)", "虎须"],
    "leopard": ["豹牙项链", "雪豹皮褥子", "豹皮坐垫", "豹骨酒", "云豹标本", "豹皮帽子"],
    "bear_bile": ["熊胆酒", "熊胆胶囊", "熊胆原粉", "熊胆干", "熊掌干货", "熊胆仁"],
    "hawksbill": ["玳瑁扇子", "玳瑁烟盒", "玳瑁戒指", "玳瑁耳环", "玳瑁手串(老料)", "玳瑁整甲", "玳瑁标本", "玳瑁发梳"],
    "hornbill": ["鹤顶红珠子", "鹤顶红扳指", "鹤顶红挂件", "鹤顶红耳坠", "鹤顶红平安扣", "盔犀鸟头胄"],
    "tibetan_antelope": ["沙图什围巾", "藏羚羊绒披肩", "藏羚羊头骨", "沙图什(戒指披肩)"],
    "saiga": ["羚羊角尖", "羚羊角镑片", "赛加羚羊角整支", "羚羊角挂件"],
    "musk": ["麝香颗粒", "林麝麝香", "马麝香", "整颗麝香囊", "野生麝香仁"],
    "totoaba": ["金钱鳘干肚", "金钱鳘胶(大)", "石首鱼鱼鳔", "野生黄唇胶"],
    "sea_turtle": ["海龟甲片", "海龟板", "绿海龟标本", "海龟油", "海龟幼崽"],
    "primate": ["懒猴宝宝", "蜂猴幼崽", "金丝猴幼崽", "小猕猴", "熊猴幼崽"],
    "parrot": ["野生非洲灰", "无环大葵花", "紫蓝金刚幼鸟", "红绿金刚雏鸟", "琉璃金刚苗", "凤头鹦鹉(野生)"],
    "wild_game": ["野生娃娃鱼", "野生果子狸", "野生猫头鹰", "野生穿山甲汤料", "野生蟒蛇", "野生红隼"],
}.items():
    PROD_ZH[_f] = PROD_ZH[_f] + [w for w in _ws if w not in PROD_ZH[_f]]
for _f, _ws in {
    "ivory": ["ivory brush pot", "ivory snuff bottle", "ivory mahjong set", "ivory prayer beads", "ivory hairpin", "ivory scraps",
              "tusk tip", "ivory letter opener", "ivory fan", "ivory tiles"],
    "rhino_horn": ["rhino horn bowl", "rhino horn ring", "rhino horn beads", "rhino horn chips", "rhino horn libation cup"],
    "pangolin": ["dried pangolin scales", "frozen pangolin", "pangolin scale flakes"],
    "tiger": ["tiger tooth necklace", "tiger claw pendant", "tiger skull", "tiger bone paste", "tiger whiskers"],
    "leopard": ["leopard pelt rug", "leopard tooth necklace", "snow leopard rug", "leopard skin hat"],
    "bear_bile": ["bear bile capsules", "bear bile wine", "dried bear gall bladder"],
    "hawksbill": ["hawksbill cigarette case", "hawksbill ring", "tortoiseshell fan (genuine hawksbill)", "whole hawksbill carapace"],
    "hornbill": ["hornbill casque beads", "hornbill thumb ring", "hornbill earrings"],
    "tibetan_antelope": ["shahtoosh wrap", "chiru wool scarf"],
    "saiga": ["saiga horn tips", "saiga horn slices"],
    "musk": ["musk grains", "whole musk pod", "wild musk deer pod"],
    "totoaba": ["totoaba bladder (large)", "aged totoaba maw"],
    "sea_turtle": ["turtle shell plates", "sea turtle oil", "green turtle hatchlings"],
    "primate": ["baby slow loris", "pygmy loris", "baby macaque"],
    "parrot": ["wild grey parrot chicks", "unringed macaw", "palm cockatoo"],
    "wild_game": ["wild civet", "wild owl", "python meat"],
}.items():
    PROD_EN[_f] = PROD_EN[_f] + [w for w in _ws if w not in PROD_EN[_f]]
LIVE_ZH += ["懒猴宝宝@primate", "蜂猴幼崽@primate", "熊猴幼崽@primate", "野生非洲灰@parrot", "无环大葵花@parrot", "红绿金刚雏鸟@parrot",
            "琉璃金刚苗@parrot", "海龟幼崽@sea_turtle", "玳瑁苗@hawksbill", "野生猫头鹰@wild_game", "野生红隼@wild_game", "娃娃鱼@wild_game"]
LIVE_EN += ["pygmy loris@primate", "baby macaque@primate", "wild grey parrot chicks@parrot", "unringed macaw@parrot",
            "green turtle hatchlings@sea_turtle", "wild owl@wild_game"]

# --- legal / look-alike mirror lexicons ---
LEG_CRAFT = LP + ["核桃手串", "橄榄核手串", "椰壳手串", "金丝楠木摆件", "乌木手串", "菩提根手串", "黑檀手串", "紫砂壶", "铜香炉",
                  "老银手镯", "景泰蓝花瓶", "德化白瓷观音@ivory", "黄杨木雕", "岫玉手镯", "独山玉摆件", "田黄冻石印章", "青金石手串",
                  "牦牛角手串@rhino_horn", "水牛角梳@rhino_horn", "牛骨雕件@ivory", "骆驼骨筷子@ivory", "养殖鹿角把件@saiga", "羊角梳@saiga",
                  "牛角杯@rhino_horn", "牦牛骨手串@tiger", "鹿角扳指@saiga", "牛骨印章@ivory"]
LOOK_CRAFT = ["树脂仿象牙摆件@ivory", "树脂仿犀角杯@rhino_horn", "亚克力玳瑁纹发夹@hawksbill", "醋酸板材玳瑁色镜框@hawksbill",
              "象牙果手串@ivory", "象牙果雕件@ivory", "塑料仿牙筷子@ivory", "3D打印象牙色模型@ivory", "木雕大象摆件@ivory",
              "树脂犀牛摆件@rhino_horn", "铜老虎摆件@tiger", "豹纹丝巾@leopard", "人造皮草豹纹大衣@leopard", "仿玳瑁眼镜@hawksbill",
              "虎头纹印花抱枕@tiger", "穿山甲毛绒公仔@pangolin", "海龟造型香薰@sea_turtle", "犀牛模型(合金)@rhino_horn",
              "鹤顶红色南红珠@hornbill", "仿鹤顶红树脂吊坠@hornbill", "骨瓷餐具@ivory", "象牙白瓷砖@ivory", "老虎画(印刷品)@tiger",
              "雪豹版画@leopard", "大象陶瓷存钱罐@ivory", "虎皮纹地毯(化纤)@tiger", "牦牛角梳@rhino_horn"]
LEG_TCM = ["人参", "人工养殖鹿茸", "人工麝香@musk", "体外培育牛黄", "猪胆粉@bear_bile", "山羊角@saiga", "水牛角粉@rhino_horn",
           "阿胶", "枸杞", "黄芪", "当归", "三七粉", "陈皮", "西洋参", "灵芝孢子粉", "天麻", "铁皮石斛", "冬虫夏草", "川贝",
           "牛骨粉@tiger", "熊胆草(植物)@bear_bile", "鸡内金", "蒲公英", "酸枣仁", "茯苓"]
LEG_PET = ["英短幼猫", "布偶猫", "柯基", "柴犬", "金毛幼犬", "虎皮鹦鹉@parrot", "玄凤鹦鹉@parrot", "牡丹鹦鹉@parrot", "巴西龟@sea_turtle",
           "草龟@sea_turtle", "仓鼠", "龙猫", "荷兰猪", "垂耳兔", "锦鲤", "孔雀鱼", "豹纹守宫@leopard", "玉米蛇", "虎斑猫@tiger",
           "孟加拉豹猫(家猫)@leopard", "玳瑁猫@hawksbill", "文鸟", "蓝猫", "边牧"]
LEG_FOOD = ["养殖甲鱼@wild_game", "牛蛙", "小龙虾", "大闸蟹", "鳕鱼胶@totoaba", "鮸鱼胶@totoaba", "海参", "鲍鱼", "土鸡", "黑山羊肉",
            "兔肉", "龟苓膏@sea_turtle", "虎皮凤爪@tiger", "熊掌豆腐@bear_bile", "猴头菇@primate", "鹅肝", "花胶(鳕鱼)@totoaba",
            "养殖黄鳝", "腊肉", "土猪肉", "养殖大黄鱼@totoaba", "菌菇礼盒", "农家腊鸭", "竹荪"]
LEG_JAR = {"craft": LJ, "look": ["做工精细", "颜色正", "手感不错", "很逼真", "全新", "九成新", "轻微使用痕迹", "质感好", "好看不贵"],
           "tcm": ["干货无杂质", "正品", "有检测报告", "药店同款", "颗粒饱满", "晒干的", "有批号", "品质好"],
           "live": ["手养亲人", "疫苗齐全", "已驱虫", "血统清楚", "健康包退", "脚环齐全", "性格好", "会上厕所"],
           "food": ["新鲜", "现杀", "冷链发货", "农家自养", "个头大", "有检疫证", "肉质好", "没有添加"]}
LEG_CODE = ["和田玉白料@ivory", "墨玉黑料@rhino_horn", "南红红料@hornbill", "黄龙玉黄料@ivory", "蜜蜡果冻料@ivory", "黑曜石黑料@rhino_horn",
            "白玉籽料@ivory", "红纹石料@hornbill", "黑檀料@rhino_horn", "白水晶料@ivory", "翡翠白底料@ivory", "战国红红料@hornbill"]
LEG_EN = LP_EN + ["bone china cups@ivory", "yak horn comb@rhino_horn", "water buffalo horn cup@rhino_horn", "camel bone beads@ivory",
                  "tagua nut carving@ivory", "resin netsuke (replica)@ivory", "acetate tortoiseshell frames@hawksbill", "cattle bone bangle@ivory",
                  "antler pendant (farmed deer)@saiga", "celluloid dresser set@ivory", "boxwood carving", "soapstone seal", "brass tiger figure@tiger",
                  "faux leopard throw@leopard", "shed antler knife handle@saiga"]
LEG_EN_PET = ["budgie@parrot", "cockatiel (captive bred, ringed)@parrot", "corn snake", "leopard gecko@leopard", "bengal kitten@leopard",
              "red-eared slider@sea_turtle", "guinea pig", "labrador puppy", "tortoiseshell kitten@hawksbill", "rabbit"]
LEG_EN_TCM = ["ginseng", "goji berries", "farmed deer antler velvet", "synthetic musk@musk", "water buffalo horn powder@rhino_horn",
              "astragalus root", "reishi spores", "cordyceps (cultivated)", "dried tangerine peel"]
LEG_EN_FOOD = ["farmed softshell turtle@wild_game", "cod maw@totoaba", "croaker maw (farmed)@totoaba", "bullfrog", "crayfish",
               "sea cucumber", "abalone", "free-range chicken", "goat meat"]

XLEX_ZH = {
    "sv": ["出", "转", "让", "清", "甩", "匀", "放", "转让", "出掉", "低价出", "忍痛出", "割爱", "匀一点", "便宜甩"],
    "bv": ["收", "求", "蹲", "求购", "想收", "诚收", "高价收", "回收", "求一个", "蹲一个"],
    "qty": ["一件", "两件", "一只", "一对", "一小包", "半斤", "一批", "几件", "三五件", "就这一个", "最后两件", "一盒", "少量"],
    "qa": ["品相好", "状态好", "实物比图好看", "细节见图", "看图说话", "质量没问题", "个头大", "颜色正", "品质好", "货真价实",
           "小瑕疵不影响", "正品"],
    "ori": ["老家拆迁翻出来的", "朋友从{city}带回来的", "早年在{city}收的", "师傅手里流出来的", "藏家割爱", "外婆的嫁妆",
            "老爸年轻时跑船带回来的", "之前开店剩下的", "搬家清出来的", "别人抵债给我的", "出国工作时买的", "爷爷那辈传下来的"],
    "sh2": ["顺丰到付", "包邮(偏远除外)", "同城可面交", "先付定金", "走平台担保", "支付宝转账", "微信转账", "拍下改价", "当天发货",
            "次日发", "可货到付款", "不退不换", "收到不满意可退", "只走同城"],
    "tm": ["今天", "刚刚", "周末", "今晚八点", "这两天", "月底前", "明早"],
    "rep": ["亲，", "在的，", "您好，", "老板好，", "回楼上，", "回复私信的朋友：", "@楼上 ", "宝子，"],
    "em": ["🔥", "✨", "💰", "📦", "👇", "🤫", "😉", "✅", "🙏", "💎", "🈶", "⭐", "👀", "🧧"],
}
XLEX_EN = {
    "sv": ["selling", "letting go of", "clearing out", "parting with", "offloading", "rehoming"],
    "bv": ["buying", "looking for", "WTB", "ISO", "want", "after"],
    "qty": ["one", "a pair of", "a few", "two", "a small lot of", "last one", "a box of"],
    "qa": ["great condition", "as pictured", "good quality", "nice colour", "healthy", "genuine", "see photos"],
    "ori": ["from my late uncle's estate", "found in grandma's attic", "brought back from {city} years ago", "bought on a trip to {city}",
            "part of a house clearance", "left over from my shop", "a gift from a sailor friend"],
    "sh2": ["tracked shipping", "cash on pickup", "PayPal G&S", "bank transfer", "ships next day", "no returns", "local pickup only"],
    "tm": ["today", "this weekend", "tonight", "right now", "by Friday"],
    "rep": ["Hi,", "Replying to DMs:", "@buyer", "Thanks for asking,", "Yes,"],
    "em": ["🔥", "✨", "📦", "👀", "✅", "💰", "🙏"],
}
XLEX_HANT = {
    "sv": ["出清", "釋出", "讓", "放", "割愛", "轉讓", "便宜賣"],
    "bv": ["徵", "收", "求", "收購", "誠徵"],
    "sh2": ["7-11賣貨便", "全家店到店", "面交", "郵局寄", "轉數快", "順豐到付", "匯款"],
    "rep": ["您好，", "已私訊，", "回覆樓上，", "哈囉，", "老闆你好，"],
}


def xslot(ctx, name):
    if ctx.lang == "en":
        lx = XLEX_EN
    elif ctx.lang == "zh_hant" and name in XLEX_HANT:
        lx = XLEX_HANT
    else:
        lx = XLEX_ZH
    if name in lx:
        return render(ctx.rng.choice(lx[name]), ctx)
    return None


LIVE_JAR = ["手养亲人", "刚断奶", "大眼睛", "会说话", "无脚环", "野生苗", "很小只", "刚开食", "活泼", "不怕人"]
LIVE_JAR_EN = ["hand raised", "very tame", "just weaned", "no ring", "wild caught", "tiny"]
GROUPS = {"craft": CRAFT, "tcm": TCM, "live": LIVE, "food": FOOD}
MIRROR = {  # group -> (local overrides for the legal twin, negative kind)
    "craft": (dict(p=LEG_CRAFT, p2=LEG_CRAFT, p3=LEG_CRAFT, jar=LEG_JAR["craft"], code=LEG_CODE), "legal_sale"),
    "look": (dict(p=LOOK_CRAFT, p2=LOOK_CRAFT, p3=LOOK_CRAFT, jar=LEG_JAR["look"], code=LEG_CODE), "lookalike"),
    "tcm": (dict(p=LEG_TCM, p2=LEG_TCM, p3=LEG_TCM, jar=LEG_JAR["tcm"], code=LEG_CODE), "legal_sale"),
    "live": (dict(p=LEG_PET, p2=LEG_PET, p3=LEG_PET, jar=LEG_JAR["live"], code=LEG_CODE), "legal_sale"),
    "food": (dict(p=LEG_FOOD, p2=LEG_FOOD, p3=LEG_FOOD, jar=LEG_JAR["food"], code=LEG_CODE), "legal_sale"),
}
MIRROR_EN = {
    "craft": (dict(p=LEG_EN, p2=LEG_EN, p3=LEG_EN, jar=["nice patina", "hand carved", "good weight", "old piece", "clean"], code=LEG_EN), "legal_sale"),
    "look": (dict(p=LEG_EN, p2=LEG_EN, p3=LEG_EN, jar=["looks real but isn't", "decorative", "replica", "synthetic"], code=LEG_EN), "lookalike"),
    "tcm": (dict(p=LEG_EN_TCM, p2=LEG_EN_TCM, p3=LEG_EN_TCM, jar=["lab tested", "clean and dry", "premium grade"], code=LEG_EN_TCM), "legal_sale"),
    "live": (dict(p=LEG_EN_PET, p2=LEG_EN_PET, p3=LEG_EN_PET, jar=["hand tame", "vet checked", "vaccinated", "ringed"], code=LEG_EN_PET), "legal_sale"),
    "food": (dict(p=LEG_EN_FOOD, p2=LEG_EN_FOOD, p3=LEG_EN_FOOD, jar=["fresh", "farmed", "frozen", "inspected"], code=LEG_EN_FOOD), "legal_sale"),
}


def STYLE(sid, kind, lang, pairs, n, tpls, variant=None, npos=None, nneg=None):
    """pairs: list of (positive group, mirror group).  Makes p_<sid>_<g> (label 1) and n_<sid>_<m> (label 0)."""
    mir = MIRROR_EN if lang == "en" else MIRROR
    for g, m in pairs:
        local_pos = {"p": LIVE_EN if lang == "en" else LIVE_ZH, "jar": LIVE_JAR_EN if lang == "en" else LIVE_JAR} if g == "live" else {}
        T(f"p_{sid}_{g}", 1, kind, lang, GROUPS[g], npos or round(n * 0.72), tpls, local=local_pos, variant=variant)
        loc, nk = mir[m]
        T(f"n_{sid}_{m}", 0, nk, lang, ["none"], nneg or n + 4, tpls, local=loc, variant=variant)


# ----- zh_hans styles -----
STYLE("s01", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 44,
      ["{p} {qa} {pr}", "【{sv}】{p}｜{qa}｜{w}｜{sh2}", "{p}/{qa}/{pr}/{city}", "{sv}{p}{qty} {pr} {c}", "{p}，{qa}，{sh2}"])
STYLE("s02", "offer", "zh_hans", [("craft", "look"), ("live", "live")], 42,
      ["{tm}又整理出{qty}{p}{em}，{ori}，喜欢的宝子评论区见～", "分享一下{tm}到手的{p}，{qa}，自己留不住，想{sv}，{c}",
       "朋友圈最后一次发：{p}，{pr}，{sh2}，看中的私 {em}", "🌸{p}🌸\n{qa}\n{pr}\n{c}"])
STYLE("s03", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["【出】{p}一件，坐标{city}，{qa}。{ori}，一直放柜子里。价格{pr}，{sh2}。有意者站内信或{c}，非诚勿扰。",
       "楼主手上这件{p}是{ori}，{qa}，想{sv}。请懂行的前辈估个价，合适就出，{c}", "新人发帖，手上有{p}{qty}，不懂行情，{pr}能出吗？有兴趣的回帖",
       "二手区｜{p}｜{city}｜{pr}｜{sh2}｜{c}"])
STYLE("s04", "offer", "zh_hans", [("craft", "craft"), ("food", "food")], 40,
      ["问：{p}还有吗？答：有的，{qty}，{pr}，{c}", "Q：{p}怎么卖？A：{pr}，{sh2}，要的{c}", "有人问{p}还有没有，统一回复：还有{qty}，{pr}",
       "{rep}{p}还有货，{qa}，{pr}，拍前问一下"])
STYLE("s05", "offer", "zh_hans", [("craft", "craft")], 44,
      ["【拍卖】{p}，{qa}，起拍{pr}，每次加价100，今晚十点截拍", "一元起拍：{p}{qty}，{qa}，不包邮，截图为准 {c}",
       "第{n}期微拍：{p}，{sz}，{w}，起拍价{pr}，{sh2}", "捡漏专场！{p} 零元起拍 {qa} 截拍后{sh2}"])
STYLE("s06", "offer", "zh_hans", [("craft", "look"), ("food", "food")], 42,
      ["家人们看过来！{p}{qty}，{qa}，直播间{pr}，扣1上链接", "来来来，这个{p}，{qa}，主播自己都舍不得，{pr}给你们，扣个想要",
       "直播间福利：{p}，{pr}，前三名再送小礼物，点右下角小黄车", "刚进直播间的宝宝，这款{p}{pr}，库存就{qty}，拍完下播 {em}"])
STYLE("s07", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm"), ("live", "live")], 40,
      ["【转发】朋友手上有{p}，{qa}，{pr}，需要的找我对接 {c}", "转自群友：{p}{qty}，{city}，{pr}，有意私聊", "帮转：{p}，{ori}，{pr}，{c}",
       "转一下，{p}，量不多，{sh2}，群里有需要的吱一声"])
STYLE("s08", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["今日货单：1.{p} {pr} 2.{p2} {pr} 3.{p3} {pr} 需要的{c}", "现有：{p}、{p2}、{p3}，各{qty}，价格私聊 {c}",
       "清单更新👇\n{p}——{pr}\n{p2}——{pr}\n{p3}——价格私", "{p}/{p2}/{p3} 都有 {sh2} {c}"])
STYLE("s09", "offer", "zh_hans", [("tcm", "tcm"), ("food", "food")], 40,
      ["【价目表】{p} {pr}/克，{p2} {pr}/两，量大另议 {c}", "本周报价：{p}{pr}，{p2}{pr}，{sh2}", "{p}：{pr}；{p2}：{pr}；起批{qty}",
       "价格表更新了，{p}涨了点，现在{pr}，要的早点定"])
STYLE("s10", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm"), ("live", "live")], 40,
      ["{rep}{p}还有的，{qa}，{pr}，确定要的话我{tm}就给你{sh2}", "{rep}这个{p}最低{pr}了，不能再少，{sh2}",
       "{rep}图片已发你微信，{p}就是图上这个，{qa}", "{rep}看到你留言了，{p}还在，{pr}，拍之前跟我说一声"])
STYLE("s11", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 42,
      ["说个故事：这件{p}是{ori}，跟了我{yrs}年，现在孩子上学要用钱，只能{sv}了，{pr}", "{ori}，{p}一件，当年花了不少钱，现在{pr}出，{c}",
       "这{p}有来历的，{ori}，{qa}，有缘人带走 {c}", "{p}，{ori}。本来想留着传家，算了，{pr}，{sh2}"])
STYLE("s12", "buy_request", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["上次在群里买的{p}是假的，气死了！有没有靠谱的卖家，真{p}{bv}，{c}", "被坑了两次了，这回只{bv}真{p}，能验的那种，价格好说",
       "吐槽一下，网上买{p}全是仿的，谁有正品{p}私我，诚心要", "买了个{p}到手不对版，退了。重新{bv}{p}一件，{pr}以内"])
STYLE("s13", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm"), ("food", "food")], 38,
      ["{tm}发出{n}单{p}，{sh2}，收到的回个话，没抢到的下周还有", "发货通知：{p}已寄出，单号私发，包装做了处理放心",
       "昨天订{p}的几位，货{tm}走{sh2}，注意查收", "{p}补货到了，之前登记的{n}位老板今天统一发"])
STYLE("s14", "buy_request", "zh_hans", [("craft", "craft"), ("tcm", "tcm"), ("live", "live"), ("food", "food")], 40,
      ["{bv}{p}！！有的滴滴", "蹲一个{p}，{qa}的，预算{pr}", "有没有{p}出的，{city}附近最好，{c}", "{bv}{p}{qty}，价格好商量，别发仿的",
       "谁手上有{p}？想要，可以先付定金"])
STYLE("s15", "offer", "zh_hans", [("craft", "craft"), ("food", "food")], 40,
      ["厂家直供{p}，{city}源头，一件也发，{sh2} {c}", "源头工厂{p}，批发价{pr}，代理一件代发", "{city}批发市场{p}，长期稳定供货，欢迎同行",
       "一手货源{p}，拿货{qty}起，{c}"])
STYLE("s16", "offer", "zh_hans", [("craft", "look"), ("live", "live")], 40,
      ["搬家了，东西太多，{p}{pr}清掉，只限{city}自提", "出国前清理：{p}，{qa}，{pr}，本周内有效", "断舍离！{p}，{qa}，{sh2}",
       "房子要退了，{p}便宜{sv}，{c}"])
STYLE("s17", "buy_request", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 38,
      ["领导过寿，想送{p}，有门路的朋友推荐下，{c}", "准备送客户一个{p}，要拿得出手的，预算{pr}", "过年回家给长辈带点{p}，哪里有真的？",
       "求推荐送礼的{p}，体面一点，价格不是问题"])
STYLE("s18", "offer", "zh_hans", [("craft", "craft"), ("food", "food")], 38,
      ["老客户专享：{p}到了{qty}，群里先定，不对外 {em}", "VIP群福利：{p}，{pr}，只给老客户，新朋友先加{c}",
       "内部价{p}，{pr}，不公开发，需要的私聊我", "熟客优先：{p}，{qa}，{sh2}"])
STYLE("s19", "jargon", "zh_hans", [("craft", "craft")], 40,
      ["{p}，{jar}，{gj}，上手就知道，{pr}", "懂的看：{p}，{jar}，{sz}，{c}", "{jar}！{p}，{qa}，{sh2}", "这块{p}的{jar}，一看就是好东西，{pr}"])
STYLE("s20", "code_word", "zh_hans", [("craft", "craft")], 40,
      ["{code}{qty}，{qa}，{pr}，懂的私", "群里问{code}的，今天有，{sh2}", "{code}，老规矩，{c}", "{tm}到了点{code}，要的吱声"])
STYLE("s21", "offer", "zh_hans", [("live", "live")], 40,
      ["{p}找新主人，{jar}，{pr}，{city}", "{p}，{jar}，包活，{sh2}，{c}", "家里养不下了，{p}送有缘人，象征性收点{pr}",
       "{tm}到了{qty}{p}，{jar}，先到先挑"])
STYLE("s22", "offer", "zh_hans", [("food", "food")], 40,
      ["{city}老饕群：{tm}有{p}，{pr}/斤，要的报名", "私房菜今晚有{p}，{jar}，{n}人一桌，提前订", "{p}到了，{jar}，{sh2}，冰袋发货",
       "今天冰箱里还有{p}{qty}，想吃的快 {c}"])

STYLE("s25", "offer", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["最近手头紧，把压箱底的{p}拿出来了。{ori}，{qa}。不懂的别问，懂的直接{c}",
       "说实话这{p}我挺舍不得的，{ori}，但家里要用钱。{pr}，不刀，{sh2}。",
       "好多人私信问我那个{p}，统一说一下：还在，{pr}，{city}的可以当面看 {em}",
       "周末整理柜子，{p}{qty}，{qa}，放着也是放着，{pr}给有缘人"])
STYLE("s26", "offer", "zh_hans", [("craft", "craft"), ("food", "food")], 38,
      ["买家：{p}多少？我：{pr}。买家：能少点吗？我：最低了，{sh2}", "问价的统一回复：{p}{pr}，{qa}，不议价",
       "{rep}{p}的价格是{pr}，量大可以谈，今天下单明天发", "有朋友嫌{p}贵，说句实在话，{qa}，{pr}真不贵，爱要不要"])

# ----- English styles -----
STYLE("e01", "offer", "en", [("craft", "craft"), ("tcm", "tcm")], 34,
      ["{p} | {qa} | {pr}", "{sv} {p}, {qa}, {pr} {sh2}", "[FS] {p} - {pr} - {city}", "{p}. {qa}. {pr}. {c}"])
STYLE("e02", "offer", "en", [("craft", "look"), ("live", "live")], 34,
      ["Hey all, {sv} {qty} {p}, {ori}. {qa}. {pr}, {c}", "Moving house so {sv} my {p}. {pr} or nearest offer, {sh2}.",
       "Anyone interested in {p}? {ori}, {qa}. Message me.", "Still have the {p} from last week, {pr}, {c} {em}"])
STYLE("e03", "buy_request", "en", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["{bv} {p}, any condition, {c}", "Does anyone know where to get {p}? Happy to pay {pr}", "Collector {bv} {p}. Cash ready. {c}",
       "Need {p} for my dad, {city} area, {c}"])
STYLE("e04", "offer", "en", [("craft", "craft")], 40,
      ["LOT {n}: {p}, {qa}. Starting bid {pr}. Ends {tm}.", "Auction: {p}, {sz}, reserve {pr}, {sh2}", "No reserve! {p}, {qa}, bidding closes {tm}",
       "Live auction {tm}: {p} ({age}), opening at {pr}"])
STYLE("e05", "offer", "en", [("craft", "craft"), ("live", "live")], 34,
      ["{rep} the {p} is still available, {pr}, {sh2}", "{rep} I can do {pr} for the {p}, final.", "{rep} yes it's real {p}, {qa}, can video call",
       "{rep} {p} ships {tm}, {sh2}"])
STYLE("e06", "offer", "en", [("craft", "craft"), ("tcm", "tcm")], 32,
      ["In stock: {p}, {p2}, {p3}. Prices in DM. {c}", "Price list: {p} {pr} / {p2} {pr} / {p3} ask", "Restocked {p} and {p2}, {sh2}, {c}"])
STYLE("e07", "offer", "en", [("craft", "craft")], 38,
      ["This {p} was {ori}. {qa}. Time for someone else to enjoy it, {pr}.", "Story behind this {p}: {ori}. Selling, {pr}, {c}",
       "{p} {ori}, kept in a drawer for {yrs} years. Offers."])
STYLE("e08", "offer", "en", [("food", "food"), ("tcm", "tcm")], 38,
      ["Fwd from a friend: {p} available, {pr}, {c}", "Sharing for a contact - {p}, {qa}, {sh2}", "Group relay: {p} in {city}, DM the admin"])

# ----- traditional (native TW / HK) styles -----
STYLE("t01", "offer", "zh_hant", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["【{sv}】{p} {qa} {pr} {sh2}", "自用{p}{sv}，{qa}，{pr}，可{sh2}，有興趣私訊", "社團第一次PO文，{p}一件，{ori}，{pr}，{c}",
       "{p}／{pr}／{city}面交"], variant="tw")
STYLE("t02", "offer", "zh_hant", [("craft", "craft"), ("food", "food")], 40,
      ["有{p}放，{qa}，{pr}，{city}交收，有意PM", "{p}，平放，{pr}，唔議價", "屋企執到{p}，{ori}，有興趣嘅PM我", "{p}仲有{qty}，{pr}，{sh2}"],
      variant="hk")
STYLE("t03", "buy_request", "zh_hant", [("craft", "craft"), ("tcm", "tcm"), ("live", "live")], 38,
      ["{bv}{p}，價格可談，{c}", "請問哪裡買得到{p}？想要一個，私訊我", "誠徵{p}，{city}面交優先", "想收{p}，有冇人有門路？PM我"],
      variant="tw")

# ----- mixed styles -----
STYLE("m01", "offer", "mixed", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["{p} {qa} {prz} dm me", "出 {p}，condition good，{prz}，{cz}", "{p} {qty} available，ship to {cityen}", "new in：{p}，{qa}，{prz}，包邮 worldwide"])
STYLE("m02", "buy_request", "mixed", [("craft", "craft"), ("live", "live")], 38,
      ["WTB {p}，{city}，cash，{cz}", "求 {p} asap，price ok，dm", "anyone有{p}？想要，pm"])

STYLE("s23", "code_word", "zh_hans", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["{rep}你要的{code}有了，{qty}，{pr}，老地方见", "【转】群友有{code}，{qa}，{sh2}，要的私我对接", "{code}{qty}｜{pr}｜{sh2}",
       "今天只发暗号：{code}。懂的自然懂，{c}", "上批{code}走完了，新一批{tm}到，先登记"])
STYLE("s24", "jargon", "zh_hans", [("craft", "craft")], 40,
      ["各位老师帮掌个眼，这件{p}，{jar}，{gj}，开门吗？开门就{sv}了，{c}", "求鉴定：{p}，{jar}，{sz}，准备出，懂的给个价",
       "上手{p}一件，{jar}，{gj}。有没有识货的，{pr}可议", "{p}细节：{jar}、{gj}、{sz}，看好了再问价 {c}"])
STYLE("m03", "code_word", "mixed", [("craft", "craft"), ("tcm", "tcm")], 40,
      ["{code} {qty} in stock，{prz}，pm {cz}", "new batch {code} 到了 {em} dm for pics", "{code} / good quality / {prz} / ship to {cityen}",
       "有 {code}，serious buyer only，{cz}"])
STYLE("m04", "offer", "mixed", [("craft", "look"), ("food", "food")], 38,
      ["今日 live：{p}，{qa}，{prz}，扣 1 上 link", "{p} restock 了！{prz}，{sh2}，dm", "{p} sale 🔥 {prz} only，{cz}",
       "朋友 relay：{p}，{city}，{prz}，pm me"])

# ----- negative-only families (hard negatives naming the products) -----
T("n_v3_nw01", 0, "news", "zh_hans", ALL, 46, ["{city}{agency}查获{p}{kg}，按黑市价{prz}一克计算，案值{money}",
                                              "通报：在{city}一快递包裹中发现{p}{w}，包装伪装成“工艺品”，寄件人已被查",
                                              "{agency}公布案例：嫌疑人在群里以每件{prz}的价格出售{p}，共计{n}件，已移送起诉",
                                              "{year}年以来，{city}累计查获{p}{kg}，较去年同期上升"])
T("n_v3_nw02", 0, "news", "zh_hans", ALL, 44, ["{ngo}暗访：{city}某市场仍有人私下兜售{p}，报价{prz}", "{ngo}调查报告：社交平台上{p}的广告常用“{code}”等代称",
                                              "记者卧底{n}个微信群，发现有人用暗语发布{p}信息，已将线索移交警方", "{ngo}发布年度报告，{p}网络交易线索{num}条，均已提交平台"])
T("n_v3_ref01", 0, "chat", "zh_hans", ALL, 46, ["有人私信我卖{p}，已举报，大家别上当", "刚才有个人加我好友问要不要{p}，直接拉黑+举报了",
                                               "群里有人发{p}广告，已经截图举报给平台，管理员赶紧踢了", "今天有个陌生人说有{p}，{pr}，我说这是违法的，他就把我删了",
                                               "朋友问我要不要帮他找{p}，我劝他别碰，这东西买卖都犯法"])
T("n_v3_q01", 0, "chat", "zh_hans", ALL, 46, ["{p}制品能买吗？会不会犯法？", "请问家里老人留下的{p}能卖吗？查了一下好像不行",
                                             "问一下懂法律的朋友，继承来的{p}可以合法转让吗", "旅游时看到有人卖{p}，能带回国吗？感觉不靠谱",
                                             "{p}和仿品怎么区分？我不买，就是好奇"])
T("n_v3_q02", 0, "news", "zh_hans", ALL, 44, ["律师答疑：网友问“{p}能不能买卖”，答：未经许可买卖属违法，可能构成犯罪",
                                             "问：祖传的{p}能拿去拍卖吗？答：需依法取得许可，私下交易违法",
                                             "普法小课堂｜收购{p}也要坐牢吗？是的，收购同样违法", "答网友问：在网上看到{p}广告怎么办？截图后向平台或{agency}举报"])
T("n_v3_col01", 0, "chat", "zh_hans", CRAFT, 44, ["玩文玩十几年，{p}从来不碰，违法的东西再好也不收", "藏友们讨论下：{p}禁令以后，手上的老件只能自己留着了吧",
                                                "我们圈子里都知道，{p}现在不能交易，谁发广告就是钓鱼或者骗子", "收藏群规：禁止发布{p}相关买卖信息，违者踢出",
                                                "以前家里有件{p}，后来主动上交给林业局了，还拿了个证书"])
T("n_v3_mus01", 0, "lookalike", "zh_hans", ALL, 44, ["{city}博物馆的罚没物品展，展出{p}{n}件，提醒观众拒绝购买", "带娃去自然博物馆，看到{p}的展柜，讲解员说都是海关罚没的",
                                                    "{city}动物园科普角：一件{p}背后是一只被杀的动物", "纪录片拍到护林员巡山收缴{p}，看得心情复杂",
                                                    "野生动物救护中心开放日，工作人员讲了{p}走私的案例"])
T("n_v3_warn01", 0, "news", "zh_hans", ALL, 44, ["出境游提醒：别买{p}带回国，海关查到要没收还要担责", "海外代购注意：{p}不能代购，不要心存侥幸",
                                                "群公告：本群禁止发布{p}、野味等信息，发现一律移出", "温馨提示：{p}不管新老都不能网上买卖"])
T("n_v3_en_nw", 0, "news", "en", ALL, 44, ["Officers found {w} of {p} hidden in a shipment labelled as handicrafts in {city}",
                                          "Investigators posing as buyers were quoted {pr} for {p} in a private chat group",
                                          "Court hears {p} was advertised online at {pr} a piece before the arrest",
                                          "NGO report: {num} posts offering {p} removed after a joint review"])
T("n_v3_en_ref", 0, "chat", "en", ALL, 44, ["Someone DM'd me offering {p}. Reported and blocked.", "Is it legal to sell my grandad's {p}? Pretty sure it isn't.",
                                           "PSA: the guy selling {p} in this group is now banned, please report such posts",
                                           "Can you buy {p} legally anywhere? Asking before a trip, not planning to.",
                                           "Just watched a documentary on the {p} trade, horrifying"])
T("n_v3_tw_nw", 0, "news", "zh_hant", ALL, 42, ["{city}查獲{p}{kg}，嫌犯在網路社團以每件{pr}兜售，已依法移送",
                                               "保育團體提醒：看到社團有人賣{p}，請截圖檢舉", "網友問：家裡的{p}可以拿去賣嗎？律師：未經許可不可以"], variant="tw")
T("n_v3_hk_ref", 0, "chat", "zh_hant", ALL, 40, ["有人PM我問要唔要{p}，即刻block咗兼報咗警", "{p}喺香港買賣係違法㗎，唔好貪平",
                                                "問吓：屋企阿爺留低嘅{p}，可唔可以賣？好似唔得"], variant="hk")
T("n_v3_mx_ref", 0, "chat", "mixed", ALL, 40, ["有人 DM 我卖 {pzh}，直接 report 了", "{pen} 能买吗？NO，illegal，别问了",
                                              "群里又有人发 {pzh} 广告，admin 快踢 🙄"])
T("n_v3_nw03", 0, "news", "zh_hans", ALL, 42, ["判决书显示：被告人通过网络购入{p}{w}后加价转卖，非法获利{money}，以危害珍贵、濒危野生动物罪判处有期徒刑{yrs}年",
                                              "庭审现场：被告称不知道{p}不能买卖，法院认为不影响定罪", "{city}一收藏爱好者网购{p}被查，辩称“只是自己玩”，仍被追究刑事责任",
                                              "案件回顾：{n}名嫌疑人分工收购、运输、出售{p}，累计涉案{num}件（只）"])
T("n_v3_en_doc", 0, "lookalike", "en", ALL, 40, ["Visited the wildlife crime exhibit in {city}: cases full of confiscated {p}, very sobering",
                                                "The documentary follows rangers tracking {p} smugglers across borders", "Zoo talk today explained why {p} trade pushes species to the edge",
                                                "Kids asked the museum guide why the {p} is behind glass - because it was seized"])
T("n_v3_mx_nw", 0, "news", "mixed", ALL, 40, ["突发：{city}海关 seized {pen}，{kg}，suspects 已被控制", "#EndWildlifeTrade {pzh} 不是 souvenir，别买",
                                             "NGO report：{pzh} 网上 listings 下降了，但 private groups 里还有"])
T("n_v3_tw_q", 0, "chat", "zh_hant", CRAFT, 40, ["請問收藏的老{p}現在還能合法買賣嗎？看到社團有人在賣覺得怪怪的", "藏家聊聊：{p}禁止交易之後，大家的老件都怎麼處理？",
                                                "社團規定不能PO{p}買賣文，違者直接踢，請大家配合", "看到有人在拍賣網賣{p}，已經檢舉了"], variant="tw")
T("n_v3_ch01", 0, "chat", "zh_hans", ["none"], 44, ["【转发】{x}", "{x}，帮忙转发一下", "转：{x} {em}", "{x}，{tm}有效"],
  local={"x": ["寻狗启事：城东走失一只柯基，有线索请联系", "社区团购：橙子十斤装，周五到", "寻人：老人早上出门没回家，穿灰色外套",
               "驾校报名优惠，本月截止", "旧手机回收换鸡蛋，周日上午", "业主群通知：电梯维修两天", "爱心捐书，送给山区学校",
               "猫咪找领养，已绝育，只送不卖", "小区停水通知，明天上午九点到下午三点", "义卖活动：旧衣旧书换绿植",
               "幼儿园报名开始了，材料要提前准备", "献血车周六在广场，有空的去", "招聘：门店收银员两名，包吃住",
               "失物招领：地铁站捡到钱包一个", "免费领猫粮，流浪猫救助站需要志愿者"]})
T("n_v3_ch02", 0, "chat", "zh_hans", ["none"], 44, ["{x}", "{x}{em}", "{x}，谢谢大家", "问一下：{x}"],
  local={"x": ["群里谁有二手婴儿床出，求一个", "收一台旧电脑给孩子上网课用", "蹲一个演唱会门票，原价就行", "出两张周六的电影票，临时有事去不了",
               "求推荐靠谱的搬家公司", "出闲置跑步机，同城自提", "收二手教材，高三的", "有没有人拼车去机场"]})

# Held-out v3 families: whole styles (both labels) plus some negative-only families.
HELD_OUT_V3 = [
    "p_s04_craft", "n_s04_craft", "p_s04_food", "n_s04_food",          # Q&A style
    "p_s09_tcm", "n_s09_tcm", "p_s09_food", "n_s09_food",              # price lists
    "p_s12_craft", "n_s12_craft", "p_s12_tcm", "n_s12_tcm",            # buyer complaints
    "p_s20_craft", "n_s20_craft",                                      # code words, short
    "n_v3_warn01",
    "p_s21_live", "n_s21_live",                                        # rehoming live animals
    "p_e04_craft", "n_e04_craft",                                      # English auction
    "p_e08_food", "n_e08_food", "p_e08_tcm", "n_e08_tcm",              # English group relay
    "p_t02_craft", "n_t02_craft", "p_t02_food", "n_t02_food",          # HK 放/交收
    "p_m02_craft", "n_m02_craft", "p_m02_live", "n_m02_live",          # mixed buy requests
    "n_v3_q01", "n_v3_mus01", "n_v3_en_ref", "n_v3_hk_ref",
    "p_m03_tcm", "n_m03_tcm", "p_m03_craft", "n_m03_craft",            # mixed code words
]


# Held-out template families (about 20%, spread across labels, kinds and languages).
HELD_OUT = [
    "p_of03", "p_of10", "p_br03", "p_br07", "p_jg03", "p_cw02", "p_cw06", "p_dg02", "p_en03", "p_en06", "p_hk01", "p_mx03",
    "n_nw04", "n_nw09", "n_en_nw3", "n_hk_nw1",
    "n_lk04", "n_lk08", "n_lk10", "n_lk16",
    "n_ls04", "n_ls11", "n_ls14", "n_tw_ls1", "n_mx_ls2",
    "n_ch03", "n_ch09", "n_nw12", "n_tw_ls2", "p_en10", "n_ls23", "p_jg05",
]
HELD_OUT += HELD_OUT_V3

# ---------------------------------------------------------------------------
# Disguise and noise functions
# ---------------------------------------------------------------------------
CJK = re.compile(r"[\u4e00-\u9fff]")
SEPS = [" ", "/", "*", ".", "-", "_", "|", "、", "·", "♥", "~", "  ", "+", "#"]


def d_space(s, r):
    sep = r.choice(SEPS)
    return sep.join(s) if r.random() < 0.7 else " ".join(s)


def d_emoji(s, r):
    out = s
    for k, v in EMOJI_MAP:
        if k in out:
            out = out.replace(k, v, 1)
            if r.random() < 0.5:
                break
    return out


def d_homo(s, r):
    for k, vs in HOMO:
        if k in s:
            return s.replace(k, r.choice(vs))
    return s


def d_pinyin(s, r):
    for k, vs in PINYIN:
        if k in s:
            return s.replace(k, r.choice(vs))
    return s


def d_leet(s, r):
    out = []
    for ch in s:
        lo = ch.lower()
        if lo in LEET and r.random() < 0.45:
            out.append(r.choice(LEET[lo]))
        else:
            out.append(ch)
    return "".join(out)


def d_split(s, r):
    sep = r.choice([".", "-", " ", "_", "*"])
    words = s.split(" ")
    i = r.randrange(len(words))
    words[i] = sep.join(words[i])
    return " ".join(words)


def d_double(s, r):
    idx = [i for i, ch in enumerate(s) if ch.isalpha()]
    if not idx:
        return s
    i = r.choice(idx)
    return s[:i] + s[i] * 2 + s[i:]


def d_full(s, r):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


def d_phone(text, r):
    digits = r.choice(CN_DIGIT)
    def conv(m):
        return "".join(digits[int(d)] for d in m.group(0))
    return re.sub(r"\d{7,}", conv, text)


ZH_DISGUISES = [(d_space, 4), (d_emoji, 2), (d_homo, 3), (d_pinyin, 2)]
EN_DISGUISES = [(d_leet, 3), (d_split, 3), (d_double, 1), (d_full, 1), (d_space, 1)]


def weighted(r, items):
    tot = sum(w for _, w in items)
    x = r.uniform(0, tot)
    for f, w in items:
        x -= w
        if x <= 0:
            return f
    return items[-1][0]


def disguise(text, keys, r, lang):
    """Disguise one product/code key in text. Returns (new_text, changed, made_latin)."""
    keys = [k for k in keys if k and k in text]
    if not keys:
        return text, False, False
    k = r.choice(keys)
    is_zh = bool(CJK.search(k))
    for _ in range(4):
        f = weighted(r, ZH_DISGUISES if is_zh else EN_DISGUISES)
        nk = f(k, r)
        if nk != k:
            new = text.replace(k, nk)
            if r.random() < 0.25:
                new = d_phone(new, r)
            return new, True, (f is d_pinyin)
    return text, False, False


def noise(text, r, lang):
    x = r.random()
    if x < 0.10:
        text = text.replace("，", r.choice([" ", ",", "  ", "。"]))
    elif x < 0.16:
        tails = ["!!!", "...", " lol", " pls", "!!", " 🙏", " 👍"] if lang == "en" else ["～", "!!!", "…", "~~", "。", "!!", " 🙏", " 👍", "哈", "哦"]
        text = text + r.choice(tails)
    elif x < 0.20 and lang == "en":
        text = text.lower() if r.random() < 0.7 else text.upper()
    elif x < 0.24 and lang == "zh_hans":
        text = text.replace("的", r.choice(["滴", "得", "d"]), 1) if "的" in text else text
    elif x < 0.27 and lang != "en":
        text = r.choice(["急！", "【转】", "哈喽，", "顶~ ", "重发一下 "]) + text
    text = re.sub(r"\s{3,}", "  ", text).strip()
    text = re.sub(r"[，,]\s*$", "", text)
    return text


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

TRAD_FIX = [("直髮", "直發"), ("仓庫直髮", "倉庫直發")]


def to_trad(cc, text):
    text = cc.convert(text)
    for a, b in TRAD_FIX:
        text = text.replace(a, b)
    return text


def generate(r: random.Random):
    rows = []
    for fam_idx, fam_def in enumerate(FAMS_T):
        p_trad = 0.06 if fam_idx >= V3_START else 0.11  # v3 batch already has native zh_hant styles
        fid, label, kind, lang = fam_def["id"], fam_def["label"], fam_def["kind"], fam_def["lang"]
        fams = fam_def["fams"]
        seen = set()
        got = 0
        tries = 0
        i = 0
        while got < fam_def["n"] and tries < fam_def["n"] * 8:
            tries += 1
            fam = fams[i % len(fams)] if fams[0] in FAMILIES else fams[0]
            i += 1
            tpl = r.choice(fam_def["tpls"])
            ctx = Ctx(r, lang, fam if fam in FAMILIES else "ivory", fam_def["local"])
            text = render(tpl, ctx)
            text = re.sub(r"\s{2,}", " ", text).strip()
            family = ctx.tags[0] if ctx.tags else fam
            if family not in FAMILIES and family != "none":
                family = "none"
            row_kind, row_lang = kind, lang
            # disguise: a share of positives (kind becomes 'disguised'); a few negatives (kind unchanged)
            p_dis = 0.30 if label == 1 else 0.07
            if kind != "disguised" and r.random() < p_dis:
                new, changed, latin = disguise(text, ctx.keys, r, lang)
                if changed:
                    text = new
                    if label == 1:
                        row_kind = "disguised"
                    if latin and lang == "zh_hans":
                        row_lang = "mixed"
            elif label == 0 and r.random() < 0.03:
                text = d_phone(text, r)
            # traditional-Chinese variants
            if lang == "zh_hant":
                text = to_trad(CC_HK if fam_def["variant"] == "hk" else CC_TW, text)
            elif row_lang == "zh_hans" and r.random() < p_trad:
                text = to_trad(CC_TWP if r.random() < 0.6 else CC_HK, text)
                row_lang = "zh_hant"
            text = noise(text, r, row_lang)
            if text in seen:
                continue
            seen.add(text)
            got += 1
            rows.append(dict(text=text, label=label, kind=row_kind, lang=row_lang, source=f"generated:{fid}",
                             family=family, split="test_template" if fid in HELD_OUT else "train"))
    return rows


# family inference for hand-written rows (ordered; first match wins)
HAND_FAMILY_KEYS = [
    ("parrot", ["虎皮鹦鹉", "虎皮鸚鵡", "budgie"]),
    ("hornbill", ["鹤顶红", "鶴頂紅", "盔犀鸟", "盔犀鳥", "犀鸟", "犀鳥", "hornbill", "一红", "红料", "鸟中象牙", "鳥中象牙", "golden jade"]),
    ("tibetan_antelope", ["藏羚", "沙图什", "沙圖什", "shahtoosh", "chiru", "指环披肩", "指環披肩", "ring shawl", "toosh"]),
    ("saiga", ["羚羊角", "赛加", "賽加", "saiga", "羚角", "lingyang"]),
    ("totoaba", ["石首鱼", "石首魚", "金钱鳘", "金錢鰵", "金錢鳘", "黄唇", "黃唇", "totoaba", "bahaba", "鱼胶", "魚膠", "花胶", "花膠", "maw"]),
    ("hawksbill", ["玳瑁", "hawksbill", "tortoiseshell", "代帽", "龟甲料"]),
    ("sea_turtle", ["海龟", "海龜", "sea turtle", "turtle egg", "龟甲", "龜甲", "海龟蛋", "海歸", "海归", "龟", "龜", "turtle"]),
    ("pangolin", ["穿山甲", "甲片", "pangolin", "鳞片", "鱗片", "csj", "川山甲", "山甲"]),
    ("rhino_horn", ["犀", "rhino", "黑料", "希角", "xijiao", "🦏", "牛角", "horn"]),
    ("tiger", ["虎", "tiger", "🐯", "hugu"]),
    ("leopard", ["豹", "leopard", "🐆"]),
    ("bear_bile", ["熊胆", "熊膽", "熊掌", "bear", "胆粉", "膽粉", "熊"]),
    ("musk", ["麝香", "musk", "麝", "射香"]),
    ("primate", ["猴", "loris", "monkey", "marmoset", "gibbon", "macaque", "猿", "🐒"]),
    ("parrot", ["鹦鹉", "鸚鵡", "parrot", "macaw", "cockatoo", "african grey", "非洲灰", "金刚", "金剛", "🦜", "budgie"]),
    ("wild_game", ["野味", "果子狸", "大鲵", "大鯢", "娃娃鱼", "娃娃魚", "甲鱼", "甲魚", "bushmeat", "salamander", "野生", "山货", "civet"]),
    ("ivory", ["象牙", "ivory", "白料", "象芽", "xiangya", "🐘", "猛犸", "猛獁", "mammoth", "tusk", "牙雕", "牙料", "bone", "象"]),
]


SEP_RE = re.compile(r"[\s.,/*\-_|·、♥~+#'\"“”‘’（）()]+")
UNLEET = str.maketrans({"1": "i", "0": "o", "!": "i", "@": "a", "3": "e", "$": "s", "ο": "o", "а": "a", "е": "e"})
EXTRA_KEYS = [("ivory", ["原牙", "牙牌", "牙雕", "schreger", "小白", "bovine bone", "象牙"]), ("totoaba", ["金钱闵", "金錢"]),
              ("pangolin", ["🛡"]), ("rhino_horn", ["black material", "黑"]), ("hornbill", ["红", "紅"])]


def _auto_keys():
    keys = []
    for fam in FAMILIES:
        ks = CODE_ZH[fam] + CODE_EN[fam] + PROD_ZH[fam] + PROD_EN[fam]
        keys.append((fam, sorted(set(ks), key=lambda k: (-len(k), k))))
    for word, vs in HOMO + PINYIN:
        for fam, keys_ in HAND_FAMILY_KEYS:
            if any(k in word for k in keys_):
                keys.append((fam, vs))
                break
    return keys + EXTRA_KEYS


def infer_family(text, label=0):
    """Family of a hand-written row: first matching keyword family on the de-spaced text.
    Positives also try code words, homophones and pinyin from the lexicons."""
    low = text.lower()
    norm = SEP_RE.sub("", low)
    cands = [low, norm, norm.translate(UNLEET)]
    passes = [HAND_FAMILY_KEYS] + ([_auto_keys()] if label == 1 else [])
    for keyset in passes:
        for fam, keys in keyset:
            for k in keys:
                kl = SEP_RE.sub("", k.lower())
                if kl and any(kl in c for c in cands):
                    return fam
    return "none"


def load_handwritten():
    rows = []
    if not os.path.exists(HAND_PATH):
        return rows
    with open(HAND_PATH, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            text = rec["text"].strip()
            if not text:
                continue
            rows.append(dict(text=text, label=int(rec["label"]), kind=rec["kind"].strip(), lang=rec["lang"].strip(),
                             source="handwritten", family=infer_family(text, int(rec["label"])), split="test_handwritten"))
    return rows


def written_split(stem):
    """Split of a data/written file: ``train_*`` -> ``train``; ``test_<rest>`` -> ``test_<rest>``."""
    if stem.startswith("train_") and len(stem) > 6:
        return "train"
    if stem.startswith("test_") and len(stem) > 5:
        return stem
    raise SystemExit(f"data/written/{stem}.csv: name must be train_<name>.csv or test_<name>.csv")


def load_written():
    """Rows of data/written/*.csv (columns text,label,kind,lang,family,note), files in name order, rows in file
    order.  ``family`` comes from the file (empty = none); the note is documentation and is not copied."""
    rows = []
    if not os.path.isdir(WRITTEN_DIR):
        return rows
    for name in sorted(os.listdir(WRITTEN_DIR)):
        if not name.endswith(".csv"):
            continue
        stem = name[:-4]
        split = written_split(stem)
        with open(os.path.join(WRITTEN_DIR, name), encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != WRITTEN_COLUMNS:
                raise SystemExit(f"data/written/{name}: columns must be {','.join(WRITTEN_COLUMNS)}, not {reader.fieldnames}")
            for line, rec in enumerate(reader, 2):
                text = rec["text"].strip()
                label = int(rec["label"])
                kind, lang, fam = rec["kind"].strip(), rec["lang"].strip(), rec["family"].strip() or "none"
                if not text or label not in KINDS or kind not in KINDS[label] or lang not in LANGS or \
                        (fam not in FAMILIES and not (fam == "none" and label == 0)):
                    raise SystemExit(f"data/written/{name} record {line - 1}: bad row {rec!r}")
                rows.append(dict(text=text, label=label, kind=kind, lang=lang, source=f"written:{stem}", family=fam,
                                 split=split))
    return rows


def build():
    r = random.Random(SEED)
    hand = load_handwritten()
    gen = generate(r)
    written = load_written()
    out, seen = [], set()
    for i, row in enumerate(hand):
        if row["text"] in seen:
            continue
        seen.add(row["text"])
        out.append(dict(id="h%04d" % (i + 1), **row))
    for i, row in enumerate(gen):
        if row["text"] in seen:
            continue
        seen.add(row["text"])
        out.append(dict(id="g%06d" % (i + 1), **row))
    # Written rows come last, so every older row keeps its id and position.  A written text that is already
    # in the corpus is an error (not silently dropped): it would change the file's counts.
    for i, row in enumerate(written):
        if row["text"] in seen:
            raise SystemExit(f"{row['source']}: text already in the corpus: {row['text'][:60]!r}")
        seen.add(row["text"])
        out.append(dict(id="w%05d" % (i + 1), **row))
    out.sort(key=lambda d: ("ghw".index(d["id"][0]), d["id"]))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for row in out:
        w.writerow({k: row[k] for k in COLUMNS})
    with open(OUT_PATH, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return out


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


def stats(rows):
    print(f"Rows: {len(rows)}; template families: {len(FAMS_T)} ({len(HELD_OUT)} held out)\n")
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


def check_config():
    ids = [f["id"] for f in FAMS_T]
    assert len(ids) == len(set(ids)), "duplicate family ids"
    for h in HELD_OUT:
        assert h in ids, h


if __name__ == "__main__":
    check_config()
    rows = build()
    if "--stats" in sys.argv:
        stats(rows)
    else:
        print(f"wrote {OUT_PATH}: {len(rows)} rows")
