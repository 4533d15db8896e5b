"""Posts with no sign of any wildlife product stay below the default model's threshold, whatever else they hold."""

import pytest

ORDINARY = [
    # short replies, numbers and emoji
    "666", "+1", "88", "2333", "520", "1", "？", "哈哈哈哈", "👍", "🐯🐯🐯", "😂😂", "🐘", "ok", "DM me", "lol",
    # greetings and chat
    "希望你生体好。", "早上好", "谢谢老板", "在吗", "明天见", "生日快乐！", "新年快乐，万事如意",
    "Happy birthday mate!", "see you at 8", "Are you free this weekend?",
    # complaints and reviews
    "强烈要求退钱！", "1，整个房间找不到一个纸巾", "酒店服务很不错。有几次因标准房间售完，酒店就升级到豪华间",
    "外卖送得太慢了，菜都凉了", "物流太慢，差评", "质量很好，下次还来买", "The room was dirty and the staff rude",
    # ordinary listings with prices and contacts
    "价格多少？", "多少钱", "二手iPhone 13，成色新，2800元，加微信 abc_123", "出闲置自行车，200块，同城自提，电话13800000000",
    "全新未拆封蓝牙耳机 ¥199 包邮", "普洱茶饼 357克 380元 加V详谈", "和田玉手镯 圈口58 私聊", "蜜蜡手串 老料 1800",
    "Selling my old sofa, pick up only, PM for details", "For sale: mountain bike, $150, DM me",
    # news and ordinary mentions of animals
    "周末去野生动物园看犀牛", "熊猫宝宝满月了", "今天学了老虎的英语单词 tiger", "Save the elephants! Stop poaching",
]



@pytest.mark.parametrize("post", ORDINARY)
def test_an_ordinary_post_is_not_flagged(default_model, post):
    assert default_model.score([post])[0] < default_model.threshold
