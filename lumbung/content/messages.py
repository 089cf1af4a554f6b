"""What the checks say to editors, in the editors' languages.

Each message is a template with named placeholders ({path}, {line} ...) and the same placeholders
in every language. A problem carries its message's key and values (:class:`lumbung.errors.Problem`
``key`` and ``args``), so it can be shown in any of these languages; a problem without a key is
shown as its English text.
"""

from __future__ import annotations

import os
from string import Formatter

from lumbung.errors import Problem

LANGUAGES = ("en", "km", "th", "vi", "my")
ENV = "LUMBUNG_EDITOR_LANG"

MESSAGES: dict[str, dict[str, str]] = {
    # The frame around every problem.
    "see": {
        "en": "see {url}",
        "km": "មើល {url}",
        "th": "ดู {url}",
        "vi": "xem {url}",
        "my": "{url} ကို ကြည့်ပါ",
    },
    "fixed": {
        "en": "fixed: {what} (check the change and commit it)",
        "km": "បានជួសជុល៖ {what} (សូមពិនិត្យការផ្លាស់ប្ដូរ ហើយ commit វា)",
        "th": "แก้ให้แล้ว: {what} (ตรวจดูการเปลี่ยนแปลงแล้ว commit)",
        "vi": "đã sửa: {what} (hãy xem lại thay đổi rồi commit)",
        "my": "ပြင်ပြီး: {what} (ပြောင်းလဲမှုကို စစ်ပြီး commit လုပ်ပါ)",
    },
    "summary": {
        "en": "{count} problem(s), {repaired} repaired",
        "km": "បញ្ហា {count} ជួសជុលរួច {repaired}",
        "th": "ปัญหา {count} รายการ แก้ให้แล้ว {repaired} รายการ",
        "vi": "{count} lỗi, đã tự sửa {repaired}",
        "my": "ပြဿနာ {count} ခု၊ ပြင်ပြီး {repaired} ခု",
    },
    "passed": {
        "en": "All checks passed.",
        "km": "ការត្រួតពិនិត្យទាំងអស់បានឆ្លងកាត់។",
        "th": "ผ่านการตรวจทั้งหมด",
        "vi": "Mọi kiểm tra đều đạt.",
        "my": "စစ်ဆေးမှုအားလုံး အောင်မြင်ပါသည်။",
    },
    # Fields.
    "required": {
        "en": "is required but missing",
        "km": "ត្រូវតែមាន ប៉ុន្តែបាត់",
        "th": "ต้องมี แต่ไม่มี",
        "vi": "bắt buộc nhưng đang thiếu",
        "my": "မဖြစ်မနေ လိုအပ်သော်လည်း မပါပါ",
    },
    "expected-text": {
        "en": "expected text, got {got}",
        "km": "ត្រូវការអត្ថបទ ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นข้อความ แต่ได้ {got}",
        "vi": "cần một đoạn chữ, nhưng nhận được {got}",
        "my": "စာသား လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "expected-date": {
        "en": "expected a date like 2020-03-15, got {got}",
        "km": "ត្រូវការកាលបរិច្ឆេទដូចជា 2020-03-15 ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นวันที่แบบ 2020-03-15 แต่ได้ {got}",
        "vi": "cần một ngày dạng 2020-03-15, nhưng nhận được {got}",
        "my": "2020-03-15 ကဲ့သို့ ရက်စွဲ လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "placeholder": {
        "en": "still holds the example text written by new.py ({got}); write {what}",
        "km": "នៅតែជាអត្ថបទគំរូដែល new.py សរសេរ ({got}); សូមសរសេរ {what}",
        "th": "ยังเป็นข้อความตัวอย่างที่ new.py เขียนไว้ ({got}) ให้เขียน {what}",
        "vi": "vẫn là chữ mẫu do new.py viết ({got}); hãy viết {what}",
        "my": "new.py ရေးထားသော နမူနာစာ ({got}) ဖြစ်နေဆဲ၊ {what} ကို ရေးပါ",
    },
    "empty-section": {
        "en": "the section '{heading}' is empty; write it or delete the heading",
        "km": "ផ្នែក '{heading}' ទទេ; សូមសរសេរវា ឬលុបចំណងជើងនោះចេញ",
        "th": "หัวข้อ '{heading}' ว่างอยู่ ให้เขียนเนื้อหาหรือลบหัวข้อนั้น",
        "vi": "mục '{heading}' đang trống; hãy viết nội dung hoặc xoá tiêu đề đó",
        "my": "'{heading}' အပိုင်း ဗလာဖြစ်နေသည်၊ ရေးပါ သို့မဟုတ် ခေါင်းစဉ်ကို ဖျက်ပါ",
    },
    "untranslated": {
        "en": "the text is not written in {language}; it still looks like the English original",
        "km": "អត្ថបទមិនទាន់សរសេរជា {language} ទេ; វានៅតែដូចច្បាប់ដើមភាសាអង់គ្លេស",
        "th": "ข้อความยังไม่ได้เขียนเป็น{language} ยังเหมือนต้นฉบับภาษาอังกฤษ",
        "vi": "văn bản chưa được viết bằng {language}; nó vẫn giống bản gốc tiếng Anh",
        "my": "စာသားကို {language} ဖြင့် မရေးရသေးပါ၊ အင်္ဂလိပ်မူရင်းအတိုင်း ဖြစ်နေဆဲ",
    },
    # Links and images in the text.
    "link-missing": {
        "en": "link to '{target}', but {path} does not exist",
        "km": "តំណទៅ '{target}' ប៉ុន្តែ {path} មិនមានទេ",
        "th": "ลิงก์ไปที่ '{target}' แต่ไม่มี {path}",
        "vi": "liên kết tới '{target}', nhưng {path} không tồn tại",
        "my": "'{target}' သို့ လင့်ခ် ရှိသော်လည်း {path} မရှိပါ",
    },
    "anchor-here": {
        "en": "link to '#{anchor}', but this page has no such heading",
        "km": "តំណទៅ '#{anchor}' ប៉ុន្តែទំព័រនេះគ្មានចំណងជើងនោះទេ",
        "th": "ลิงก์ไปที่ '#{anchor}' แต่หน้านี้ไม่มีหัวข้อนั้น",
        "vi": "liên kết tới '#{anchor}', nhưng trang này không có tiêu đề đó",
        "my": "'#{anchor}' သို့ လင့်ခ် ရှိသော်လည်း ဤစာမျက်နှာတွင် ထိုခေါင်းစဉ် မရှိပါ",
    },
    "anchor-there": {
        "en": "link to '{target}', but {path} has no heading '#{anchor}' (in {lang})",
        "km": "តំណទៅ '{target}' ប៉ុន្តែ {path} គ្មានចំណងជើង '#{anchor}' ទេ ({lang})",
        "th": "ลิงก์ไปที่ '{target}' แต่ {path} ไม่มีหัวข้อ '#{anchor}' ({lang})",
        "vi": "liên kết tới '{target}', nhưng {path} không có tiêu đề '#{anchor}' ({lang})",
        "my": "'{target}' သို့ လင့်ခ် ရှိသော်လည်း {path} တွင် '#{anchor}' ခေါင်းစဉ် "
              "မရှိပါ ({lang})",
    },
    "image-missing": {
        "en": "image '{path}' not found",
        "km": "រកមិនឃើញរូបភាព '{path}' ទេ",
        "th": "ไม่พบรูปภาพ '{path}'",
        "vi": "không tìm thấy hình ảnh '{path}'",
        "my": "'{path}' ပုံကို ရှာမတွေ့ပါ",
    },
    "image-alt": {
        "en": "image '{path}' has no alt text; describe it: ![what the picture shows](file.jpg)",
        "km": "រូបភាព '{path}' គ្មានអត្ថបទជំនួស (alt) ទេ; សូមពិពណ៌នាវា៖ "
              "![អ្វីដែលរូបភាពបង្ហាញ](file.jpg)",
        "th": "รูปภาพ '{path}' ไม่มีข้อความแทนภาพ (alt) ให้บรรยายภาพ: "
              "![ภาพนี้แสดงอะไร](file.jpg)",
        "vi": "hình ảnh '{path}' không có văn bản thay thế (alt); hãy mô tả nó: "
              "![hình cho thấy gì](file.jpg)",
        "my": "'{path}' ပုံတွင် alt စာသား မရှိပါ၊ ဖော်ပြပါ: ![ပုံတွင် ဘာပြသလဲ](file.jpg)",
    },
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def message(key: str, lang: str = "en", /, **args: object) -> str:
    """The message ``key`` in ``lang`` (English when the language has none) with its values."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**args)


def editor_language(chosen: str | None, path: str = "", languages: tuple[str, ...] = ()) -> str:
    """The language to speak to an editor in: ``chosen`` (--lang), else $LUMBUNG_EDITOR_LANG,
    else the language of the file the message is about (``page.km.md``), else English."""
    for candidate in (chosen, os.environ.get(ENV, "")):
        if candidate:
            return candidate if candidate in LANGUAGES else "en"
    parts = path.rsplit("/", 1)[-1].split(".")
    if len(parts) >= 3 and parts[-2] in LANGUAGES and (not languages or parts[-2] in languages):
        return parts[-2]
    return "en"


def problem(path: str, field: str, key: str, line: int = 0, code: str = "front-matter", /,
            **args: object) -> Problem:
    """A :class:`Problem` whose message can be shown in every editor language."""
    values = {name: str(value) for name, value in args.items()}
    return Problem(path, field, message(key, "en", **values), line, code, key,
                   tuple(sorted(values.items())))


def text(problem: Problem, lang: str) -> str:
    """The problem's message in ``lang``."""
    if problem.key in MESSAGES:
        return message(problem.key, lang, **dict(problem.args))
    return problem.message
