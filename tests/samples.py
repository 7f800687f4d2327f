"""One line per script the dataset covers, shared by the renderer tests."""

# one line per script the dataset covers, with the language render() is given
LINES = {
    "th": "ผู้ใหญ่ลี้ได้ยินข่าวนั้นแล้ว 2567",
    "lo": "ສະບາຍດີ ພາສາລາວ ຂອບໃຈຫຼາຍໆ",
    "km": "ព្រះរាជាណាចក្រកម្ពុជា ស្រុកខ្មែរ",
    "my": "မြန်မာစာ ကျေးဇူးတင်ပါတယ်",
    "ar": "مرحبا بالعالم، لا إله 123",
    "fa": "زبان فارسی گفتگوی ۱۲۳",
    "ur": "اردو زبان میں خوش آمدید",
    "he": "שָׁלוֹם עוֹלָם 2024",
    "hi": "नमस्ते दुनिया क्षत्रिय श्री",
    "bn": "বাংলা ভাষা ক্ষমা শ্রী",
    "ta": "தமிழ் மொழி க்ஷ ஸ்ரீ",
    "zh-Hans": "中文简体：这是一个测试。",
    "zh-Hant": "中文繁體：這是一個測試。",
    "ja": "日本語のテキスト、ぎゃっ！カタカナ",
    "ko": "한국어 텍스트입니다.",
    "vi": "Tiếng Việt có dấu: ễ ẫ ỗ ự",
    "en": "The quick brown fox — “fi” ffl 1½",
    "ru": "Съешь же ещё этих мягких булок",
    "el": "Ελληνικά: ἄλφα βῆτα ΓΑΜΜΑ",
}
CODE = 'def f(x):\treturn {"k": x ** 2}  # != ->'
EMOJI = "I ❤️ 👩🏽‍🚀 🇯🇵 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ok"

CASES = [(lang, text, "sans") for lang, text in LINES.items()] + [("en", CODE, "mono"), ("en", EMOJI, "sans")]
IDS = list(LINES) + ["code", "emoji"]
