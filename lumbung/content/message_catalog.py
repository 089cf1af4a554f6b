"""The text of every message editors get, in each editor language (see :mod:`messages`).

Placeholders ({got}, {path} ...) are the same in every language; a test checks it. Field names,
file names and values stay as they are written in the files.
"""

from __future__ import annotations

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

MESSAGES.update({
    # Values of fields.
    "too-long": {
        "en": "expected at most {max} characters, got {count}; shorten it and put the rest in "
              "the page body",
        "km": "ត្រូវមានយ៉ាងច្រើន {max} តួអក្សរ ប៉ុន្តែមាន {count}; សូមកាត់ឱ្យខ្លី ហើយដាក់ផ្នែកដែលនៅសល់"
              "ក្នុងអត្ថបទទំព័រ",
        "th": "ต้องไม่เกิน {max} ตัวอักษร แต่มี {count} ให้ย่อให้สั้นลงแล้วย้ายส่วนที่เหลือไปไว้ในเนื้อหาของหน้า",
        "vi": "tối đa {max} ký tự, nhưng có {count}; hãy rút gọn và "
              "đưa phần còn lại vào nội dung trang",
        "my": "အများဆုံး စာလုံး {max} လုံး ဖြစ်ရမည်၊ {count} လုံး ရှိနေသည်၊ တိုအောင်ပြင်ပြီး ကျန်သည်ကို "
              "စာမျက်နှာစာသားထဲ ထည့်ပါ",
    },
    "expected-number": {
        "en": "expected a whole number above 0, got {got}",
        "km": "ត្រូវការចំនួនគត់ធំជាង 0 ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นจำนวนเต็มที่มากกว่า 0 แต่ได้ {got}",
        "vi": "cần một số nguyên lớn hơn 0, nhưng nhận được {got}",
        "my": "0 ထက်ကြီးသော ကိန်းပြည့် လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "expected-http": {
        "en": "expected an http(s) address or a path, got {got}",
        "km": "ត្រូវការអាសយដ្ឋាន http(s) ឬផ្លូវឯកសារ ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นที่อยู่ http(s) หรือพาธของไฟล์ แต่ได้ {got}",
        "vi": "cần một địa chỉ http(s) hoặc một đường dẫn, nhưng nhận được {got}",
        "my": "http(s) လိပ်စာ သို့မဟုတ် path လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "expected-url": {
        "en": "expected an address like https://example.org/file.pdf, got {got}",
        "km": "ត្រូវការអាសយដ្ឋានដូចជា https://example.org/file.pdf ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นที่อยู่แบบ https://example.org/file.pdf แต่ได้ {got}",
        "vi": "cần một địa chỉ dạng https://example.org/file.pdf, nhưng nhận được {got}",
        "my": "https://example.org/file.pdf ကဲ့သို့ လိပ်စာ လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "one-of": {
        "en": "expected one of {choices}; got {got}",
        "km": "ត្រូវជាមួយក្នុងចំណោម {choices}; ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นหนึ่งใน {choices} แต่ได้ {got}",
        "vi": "cần là một trong {choices}; nhưng nhận được {got}",
        "my": "{choices} ထဲမှ တစ်ခု ဖြစ်ရမည်၊ {got} ကို တွေ့ရသည်",
    },
    "one-of-hint": {
        "en": "expected one of {choices}; got {got} (did you mean '{hint}'?)",
        "km": "ត្រូវជាមួយក្នុងចំណោម {choices}; ប៉ុន្តែបានទទួល {got} (តើអ្នកចង់សរសេរ '{hint}' មែនទេ?)",
        "th": "ต้องเป็นหนึ่งใน {choices} แต่ได้ {got} (หมายถึง '{hint}' หรือเปล่า)",
        "vi": "cần là một trong {choices}; nhưng nhận được {got} (có phải ý bạn là '{hint}'?)",
        "my": "{choices} ထဲမှ တစ်ခု ဖြစ်ရမည်၊ {got} ကို တွေ့ရသည် ('{hint}' ဟု ဆိုလိုပါသလား)",
    },
    "expected-list": {
        "en": "expected a list like [a, b], got {got}",
        "km": "ត្រូវការបញ្ជីដូចជា [a, b] ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นรายการแบบ [a, b] แต่ได้ {got}",
        "vi": "cần một danh sách dạng [a, b], nhưng nhận được {got}",
        "my": "[a, b] ကဲ့သို့ စာရင်း လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "item": {
        "en": "item {n}: {text}",
        "km": "ធាតុទី {n}៖ {text}",
        "th": "รายการที่ {n}: {text}",
        "vi": "mục {n}: {text}",
        "my": "အမှတ် {n}: {text}",
    },
    "at-least-one": {
        "en": "expected at least one entry",
        "km": "ត្រូវការយ៉ាងហោចណាស់មួយ",
        "th": "ต้องมีอย่างน้อยหนึ่งรายการ",
        "vi": "cần ít nhất một mục",
        "my": "အနည်းဆုံး တစ်ခု လိုအပ်သည်",
    },
    "unknown-topic": {
        "en": "unknown topic {got}; topics are listed in docs/topics.yml",
        "km": "មិនស្គាល់ប្រធានបទ {got}; ប្រធានបទត្រូវបានរាយក្នុង docs/topics.yml",
        "th": "ไม่รู้จักหัวข้อ {got} หัวข้อทั้งหมดอยู่ใน docs/topics.yml",
        "vi": "chủ đề {got} không có; các chủ đề được liệt kê trong docs/topics.yml",
        "my": "{got} ခေါင်းစဉ်ကို မသိပါ၊ ခေါင်းစဉ်များကို docs/topics.yml တွင် ဖော်ပြထားသည်",
    },
    "unknown-topic-hint": {
        "en": "unknown topic {got}; did you mean '{hint}'? topics are listed in docs/topics.yml",
        "km": "មិនស្គាល់ប្រធានបទ {got}; តើអ្នកចង់សរសេរ '{hint}' មែនទេ? ប្រធានបទត្រូវបានរាយក្នុង "
              "docs/topics.yml",
        "th": "ไม่รู้จักหัวข้อ {got} หมายถึง '{hint}' หรือเปล่า หัวข้อทั้งหมดอยู่ใน docs/topics.yml",
        "vi": "chủ đề {got} không có; có phải ý bạn là '{hint}'? các chủ đề được liệt kê trong "
              "docs/topics.yml",
        "my": "{got} ခေါင်းစဉ်ကို မသိပါ၊ '{hint}' ဟု ဆိုလိုပါသလား။ ခေါင်းစဉ်များကို docs/topics.yml "
              "တွင် ဖော်ပြထားသည်",
    },
    "unknown-country": {
        "en": "unknown country code {got}; expected a two-letter ISO 3166-1 code such as KH, TH, "
              "VN, MM, LA, MY, ID",
        "km": "មិនស្គាល់លេខកូដប្រទេស {got}; ត្រូវការលេខកូដ ISO 3166-1 ពីរអក្សរ ដូចជា KH, TH, VN, "
              "MM, LA, MY, ID",
        "th": "ไม่รู้จักรหัสประเทศ {got} ต้องเป็นรหัส ISO 3166-1 สองตัวอักษร เช่น KH, TH, VN, MM, LA, "
              "MY, ID",
        "vi": "mã quốc gia {got} không hợp lệ; cần mã ISO 3166-1 hai chữ cái như KH, TH, VN, MM, "
              "LA, MY, ID",
        "my": "{got} နိုင်ငံကုဒ်ကို မသိပါ၊ KH, TH, VN, MM, LA, MY, ID ကဲ့သို့ စာလုံးနှစ်လုံး "
              "ISO 3166-1 ကုဒ် လိုအပ်သည်",
    },
    "expected-fields": {
        "en": "expected fields {fields}, got {got}",
        "km": "ត្រូវការវាល {fields} ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องมีช่องข้อมูล {fields} แต่ได้ {got}",
        "vi": "cần các trường {fields}, nhưng nhận được {got}",
        "my": "{fields} အကွက်များ လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "unknown-field": {
        "en": "unknown field; expected one of: {fields}",
        "km": "វាលមិនស្គាល់; ត្រូវជាមួយក្នុងចំណោម៖ {fields}",
        "th": "ไม่รู้จักช่องข้อมูลนี้ ต้องเป็นหนึ่งใน: {fields}",
        "vi": "trường không xác định; cần là một trong: {fields}",
        "my": "မသိသော အကွက်၊ ဤအထဲမှ တစ်ခု ဖြစ်ရမည်: {fields}",
    },
    "unknown-field-hint": {
        "en": "unknown field; did you mean '{hint}'? expected one of: {fields}",
        "km": "វាលមិនស្គាល់; តើអ្នកចង់សរសេរ '{hint}' មែនទេ? ត្រូវជាមួយក្នុងចំណោម៖ {fields}",
        "th": "ไม่รู้จักช่องข้อมูลนี้ หมายถึง '{hint}' หรือเปล่า ต้องเป็นหนึ่งใน: {fields}",
        "vi": "trường không xác định; có phải ý bạn là '{hint}'? cần là một trong: {fields}",
        "my": "မသိသော အကွက်၊ '{hint}' ဟု ဆိုလိုပါသလား။ ဤအထဲမှ တစ်ခု ဖြစ်ရမည်: {fields}",
    },
    "expected-version": {
        "en": "expected the 12-character version of the English page, got {got}",
        "km": "ត្រូវការកំណែ 12 តួអក្សរនៃទំព័រភាសាអង់គ្លេស ប៉ុន្តែបានទទួល {got}",
        "th": "ต้องเป็นรหัสรุ่น 12 ตัวอักษรของหน้าภาษาอังกฤษ แต่ได้ {got}",
        "vi": "cần mã phiên bản 12 ký tự của trang tiếng Anh, nhưng nhận được {got}",
        "my": "အင်္ဂလိပ်စာမျက်နှာ၏ စာလုံး 12 လုံး ဗားရှင်း လိုအပ်သည်၊ {got} ကို တွေ့ရသည်",
    },
    "expected-version-quoted": {
        "en": "expected the 12-character version of the English page, got {got}; put it in "
              "quotes: source: '012345678901'",
        "km": "ត្រូវការកំណែ 12 តួអក្សរនៃទំព័រភាសាអង់គ្លេស ប៉ុន្តែបានទទួល {got}; សូមដាក់វាក្នុងសញ្ញាសម្រង់៖ "
              "source: '012345678901'",
        "th": "ต้องเป็นรหัสรุ่น 12 ตัวอักษรของหน้าภาษาอังกฤษ แต่ได้ {got} ให้ใส่ในเครื่องหมายคำพูด: "
              "source: '012345678901'",
        "vi": "cần mã phiên bản 12 ký tự của trang tiếng Anh, nhưng nhận được {got}; hãy đặt nó "
              "trong dấu nháy: source: '012345678901'",
        "my": "အင်္ဂလိပ်စာမျက်နှာ၏ စာလုံး 12 လုံး ဗားရှင်း လိုအပ်သည်၊ {got} ကို တွေ့ရသည်၊ "
              "မျက်တောင်အဖွင့်အပိတ်ထဲ ထည့်ပါ: source: '012345678901'",
    },
    # Whole files.
    "bom": {
        "en": "starts with a UTF-8 byte-order mark (BOM); save the file as UTF-8 without BOM",
        "km": "ចាប់ផ្ដើមដោយសញ្ញាលំដាប់បៃ UTF-8 (BOM); សូមរក្សាទុកឯកសារជា UTF-8 ដោយគ្មាន BOM",
        "th": "ขึ้นต้นด้วยเครื่องหมายลำดับไบต์ UTF-8 (BOM) ให้บันทึกไฟล์เป็น UTF-8 แบบไม่มี BOM",
        "vi": "bắt đầu bằng dấu thứ tự byte UTF-8 (BOM); hãy lưu tệp dạng UTF-8 không có BOM",
        "my": "UTF-8 byte-order mark (BOM) ဖြင့် စနေသည်၊ ဖိုင်ကို BOM မပါသော UTF-8 ဖြင့် သိမ်းပါ",
    },
    "not-utf8": {
        "en": "is not valid UTF-8 (byte 0x{byte} on line {line}); "
              "save the file with UTF-8 encoding",
        "km": "មិនមែនជា UTF-8 ត្រឹមត្រូវទេ (បៃ 0x{byte} នៅបន្ទាត់ {line}); សូមរក្សាទុកឯកសារជា UTF-8",
        "th": "ไม่ใช่ UTF-8 ที่ถูกต้อง (ไบต์ 0x{byte} ที่บรรทัด {line}) ให้บันทึกไฟล์เป็น UTF-8",
        "vi": "không phải UTF-8 hợp lệ (byte 0x{byte} ở dòng {line}); hãy lưu tệp với mã hóa UTF-8",
        "my": "မှန်ကန်သော UTF-8 မဟုတ်ပါ (စာကြောင်း {line} ရှိ byte 0x{byte})၊ ဖိုင်ကို UTF-8 ဖြင့် သိမ်းပါ",
    },
    "no-front-matter": {
        "en": "has no front matter; the file must start with a line '---', then the fields, "
              "then '---'",
        "km": "គ្មាន front matter ទេ; ឯកសារត្រូវចាប់ផ្ដើមដោយបន្ទាត់ '---' បន្ទាប់មកវាល ហើយបន្ទាប់មក '---'",
        "th": "ไม่มี front matter ไฟล์ต้องขึ้นต้นด้วยบรรทัด '---' ตามด้วยช่องข้อมูล แล้วปิดด้วย '---'",
        "vi": "không có front matter; tệp phải bắt đầu bằng một "
              "dòng '---', rồi các trường, rồi '---'",
        "my": "front matter မရှိပါ၊ ဖိုင်သည် '---' စာကြောင်းဖြင့် စ၍ အကွက်များ၊ ထို့နောက် '---' ဖြစ်ရမည်",
    },
    "unclosed": {
        "en": "front matter opened with '---' on line 1 is never closed; add a line '---' after "
              "the last field",
        "km": "front matter ដែលបើកដោយ '---' នៅបន្ទាត់ទី 1 មិនដែលបិទទេ; "
              "សូមបន្ថែមបន្ទាត់ '---' បន្ទាប់ពីវាលចុងក្រោយ",
        "th": "front matter ที่เปิดด้วย '---' ที่บรรทัด 1 ไม่ได้ปิด ให้เพิ่มบรรทัด '---' หลังช่องข้อมูลสุดท้าย",
        "vi": "front matter mở bằng '---' ở dòng 1 nhưng không bao "
              "giờ đóng; hãy thêm một dòng '---' "
              "sau trường cuối cùng",
        "my": "စာကြောင်း 1 တွင် '---' ဖြင့် ဖွင့်ထားသော front matter ကို မပိတ်ထားပါ၊ နောက်ဆုံးအကွက်နောက်တွင် "
              "'---' စာကြောင်း ထည့်ပါ",
    },
    "tab": {
        "en": "front matter line {line} contains a tab; YAML needs spaces for indentation",
        "km": "បន្ទាត់ {line} នៃ front matter មានថេប (tab); YAML ត្រូវការដកឃ្លាសម្រាប់ចូលបន្ទាត់",
        "th": "front matter บรรทัด {line} มีแท็บ YAML ต้องใช้ช่องว่างในการย่อหน้า",
        "vi": "dòng {line} của front matter có ký tự tab; YAML cần dấu cách để thụt lề",
        "my": "front matter စာကြောင်း {line} တွင် tab ပါသည်၊ YAML သည် အတွင်းရွှေ့ရန် space လိုသည်",
    },
    "yaml": {
        "en": "front matter line {line} is not valid YAML ({problem}); check quotes, colons and "
              "indentation",
        "km": "បន្ទាត់ {line} នៃ front matter មិនមែនជា YAML ត្រឹមត្រូវទេ ({problem}); សូមពិនិត្យសញ្ញាសម្រង់ "
              "សញ្ញាចុចពីរ និងការចូលបន្ទាត់",
        "th": "front matter บรรทัด {line} ไม่ใช่ YAML ที่ถูกต้อง ({problem}) ให้ตรวจเครื่องหมายคำพูด "
              "เครื่องหมายทวิภาค และการย่อหน้า",
        "vi": "dòng {line} của front matter không phải YAML hợp lệ "
              "({problem}); hãy kiểm tra dấu nháy, "
              "dấu hai chấm và thụt lề",
        "my": "front matter စာကြောင်း {line} သည် မှန်ကန်သော YAML မဟုတ်ပါ ({problem})၊ မျက်တောင်အဖွင့်အပိတ်၊ "
              "colon နှင့် အတွင်းရွှေ့ခြင်းကို စစ်ပါ",
    },
    "not-mapping": {
        "en": "front matter must be 'field: value' lines, got a {kind}",
        "km": "front matter ត្រូវតែជាបន្ទាត់ 'field: value' ប៉ុន្តែបានទទួល {kind}",
        "th": "front matter ต้องเป็นบรรทัดแบบ 'field: value' แต่ได้ {kind}",
        "vi": "front matter phải là các dòng 'field: value', nhưng nhận được {kind}",
        "my": "front matter သည် 'field: value' စာကြောင်းများ ဖြစ်ရမည်၊ {kind} ကို တွေ့ရသည်",
    },
    "zawgyi": {
        "en": "line {lines}: Burmese text in the legacy Zawgyi encoding; convert it to Unicode "
              "(for example with a Zawgyi-to-Unicode converter) and save again",
        "km": "បន្ទាត់ {lines}៖ អក្សរភូមាក្នុងការអ៊ិនកូដ Zawgyi ចាស់; សូមបម្លែងវាទៅជាយូនីកូដ "
              "(ឧទាហរណ៍ ដោយកម្មវិធីបម្លែង Zawgyi ទៅ Unicode) ហើយរក្សាទុកម្ដងទៀត",
        "th": "บรรทัด {lines}: ข้อความภาษาพม่าเข้ารหัสแบบ Zawgyi รุ่นเก่า ให้แปลงเป็น Unicode "
              "(เช่น ด้วยโปรแกรมแปลง Zawgyi เป็น Unicode) แล้วบันทึกใหม่",
        "vi": "dòng {lines}: chữ Miến Điện theo mã Zawgyi cũ; hãy chuyển sang Unicode (ví dụ bằng "
              "công cụ chuyển Zawgyi sang Unicode) rồi lưu lại",
        "my": "စာကြောင်း {lines}: Zawgyi encoding အဟောင်းဖြင့် မြန်မာစာ၊ Unicode သို့ ပြောင်းပြီး "
              "(ဥပမာ Zawgyi-to-Unicode converter ဖြင့်) ထပ်မံ သိမ်းပါ",
    },
    "bad-file-name": {
        "en": "file name '{name}' must use only lowercase letters, digits and single hyphens, like "
              "ethical-storytelling.md",
        "km": "ឈ្មោះឯកសារ '{name}' ត្រូវប្រើតែអក្សរតូច លេខ និងសញ្ញា (-) តែមួយ ដូចជា "
              "ethical-storytelling.md",
        "th": "ชื่อไฟล์ '{name}' ต้องใช้เฉพาะตัวพิมพ์เล็ก ตัวเลข และขีดกลางเดี่ยว เช่น "
              "ethical-storytelling.md",
        "vi": "tên tệp '{name}' chỉ được dùng chữ thường, chữ số và dấu gạch nối đơn, như "
              "ethical-storytelling.md",
        "my": "ဖိုင်အမည် '{name}' သည် စာလုံးအသေး၊ ဂဏန်းနှင့် တုံးတိုတစ်ခုတည်းကိုသာ သုံးရမည်၊ ဥပမာ "
              "ethical-storytelling.md",
    },
    "unknown-suffix": {
        "en": "unknown language suffix '.{suffix}'; the site's languages are {languages}",
        "km": "មិនស្គាល់បច្ច័យភាសា '.{suffix}'; ភាសារបស់គេហទំព័រគឺ {languages}",
        "th": "ไม่รู้จักรหัสภาษาท้ายชื่อไฟล์ '.{suffix}' ภาษาของเว็บไซต์คือ {languages}",
        "vi": "hậu tố ngôn ngữ '.{suffix}' không có; các ngôn ngữ của trang là {languages}",
        "my": "'.{suffix}' ဘာသာစကား နောက်ဆက်ကို မသိပါ၊ ဆိုက်၏ ဘာသာစကားများမှာ {languages}",
    },
    "duplicate-slug": {
        "en": "slug '{slug}' is already used by {other}; give one of them another file name",
        "km": "ឈ្មោះ '{slug}' ត្រូវបានប្រើរួចហើយដោយ {other}; សូមដាក់ឈ្មោះឯកសារផ្សេងឱ្យមួយក្នុងចំណោមពួកវា",
        "th": "ชื่อ '{slug}' ถูกใช้แล้วโดย {other} ให้เปลี่ยนชื่อไฟล์ใดไฟล์หนึ่ง",
        "vi": "tên '{slug}' đã được {other} dùng; hãy đặt tên tệp khác cho một trong hai",
        "my": "'{slug}' အမည်ကို {other} က သုံးပြီးဖြစ်သည်၊ တစ်ခုကို အခြားဖိုင်အမည် ပေးပါ",
    },
    "orphan": {
        "en": "is a translation without an English original; expected {expected}",
        "km": "ជាការបកប្រែដែលគ្មានច្បាប់ដើមភាសាអង់គ្លេស; ត្រូវមាន {expected}",
        "th": "เป็นคำแปลที่ไม่มีต้นฉบับภาษาอังกฤษ ต้องมี {expected}",
        "vi": "là một bản dịch không có bản gốc tiếng Anh; cần có {expected}",
        "my": "အင်္ဂလိပ်မူရင်း မရှိသော ဘာသာပြန်ချက် ဖြစ်သည်၊ {expected} ရှိရမည်",
    },
    "translation-required": {
        "en": "is required in a translation: 'translation: {{status: draft, source: VERSION}}' "
              "(scripts/translate.py start writes it)",
        "km": "ត្រូវតែមានក្នុងការបកប្រែ៖ 'translation: {{status: draft, source: VERSION}}' "
              "(scripts/translate.py start សរសេរវា)",
        "th": "คำแปลต้องมี: 'translation: {{status: draft, source: VERSION}}' "
              "(scripts/translate.py start เขียนให้)",
        "vi": "bắt buộc trong bản dịch: 'translation: {{status: draft, source: VERSION}}' "
              "(scripts/translate.py start sẽ viết nó)",
        "my": "ဘာသာပြန်ချက်တွင် လိုအပ်သည်: 'translation: {{status: draft, source: VERSION}}' "
              "(scripts/translate.py start က ရေးပေးသည်)",
    },
    "translation-only": {
        "en": "only translated files (like page.km.md) have this field",
        "km": "មានតែឯកសារបកប្រែ (ដូចជា page.km.md) ទេដែលមានវាលនេះ",
        "th": "ช่องข้อมูลนี้มีได้เฉพาะในไฟล์คำแปล (เช่น page.km.md)",
        "vi": "chỉ tệp bản dịch (như page.km.md) mới có trường này",
        "my": "ဘာသာပြန်ဖိုင်များ (ဥပမာ page.km.md) တွင်သာ ဤအကွက် ရှိသည်",
    },
    "must-match": {
        "en": "must match the English original ({expected}), got {got}; leave it out to inherit it",
        "km": "ត្រូវតែដូចច្បាប់ដើមភាសាអង់គ្លេស ({expected}) ប៉ុន្តែបានទទួល {got}; សូមលុបវាចេញ "
              "ដើម្បីទទួលតម្លៃពីច្បាប់ដើម",
        "th": "ต้องตรงกับต้นฉบับภาษาอังกฤษ ({expected}) แต่ได้ {got} ให้ลบออกเพื่อใช้ค่าจากต้นฉบับ",
        "vi": "phải giống bản gốc tiếng Anh ({expected}), nhưng nhận được {got}; hãy bỏ nó đi để "
              "thừa hưởng từ bản gốc",
        "my": "အင်္ဂလိပ်မူရင်း ({expected}) နှင့် တူရမည်၊ {got} ကို တွေ့ရသည်၊ မူရင်းမှ ဆက်ခံရန် "
              "ဖယ်ထားပါ",
    },
    # Images and attachments.
    "image-too-big": {
        "en": "image '{path}' is {size} MB; images may be at most {limit} MB",
        "km": "រូបភាព '{path}' មានទំហំ {size} MB; រូបភាពអាចមានទំហំយ៉ាងច្រើន {limit} MB",
        "th": "รูปภาพ '{path}' มีขนาด {size} MB รูปภาพต้องไม่เกิน {limit} MB",
        "vi": "hình ảnh '{path}' nặng {size} MB; hình ảnh tối đa {limit} MB",
        "my": "'{path}' ပုံသည် {size} MB ရှိသည်၊ ပုံများသည် အများဆုံး {limit} MB ဖြစ်ရမည်",
    },
    "attachment-missing": {
        "en": "'{url}' not found",
        "km": "រកមិនឃើញ '{url}' ទេ",
        "th": "ไม่พบ '{url}'",
        "vi": "không tìm thấy '{url}'",
        "my": "'{url}' ကို ရှာမတွေ့ပါ",
    },
    "attachment-too-big": {
        "en": "'{url}' is {size} MB; attachments may be at most {limit} MB (link to a copy "
              "elsewhere instead)",
        "km": "'{url}' មានទំហំ {size} MB; ឯកសារភ្ជាប់អាចមានទំហំយ៉ាងច្រើន {limit} MB (សូមភ្ជាប់តំណទៅច្បាប់"
              "ចម្លងនៅកន្លែងផ្សេងជំនួសវិញ)",
        "th": "'{url}' มีขนาด {size} MB ไฟล์แนบต้องไม่เกิน {limit} MB (ให้ลิงก์ไปยังสำเนาที่อื่นแทน)",
        "vi": "'{url}' nặng {size} MB; tệp đính kèm tối đa {limit} "
              "MB (hãy liên kết tới một bản sao "
              "ở nơi khác)",
        "my": "'{url}' သည် {size} MB ရှိသည်၊ ပူးတွဲဖိုင်များသည် အများဆုံး {limit} MB ဖြစ်ရမည် "
              "(အခြားနေရာရှိ မိတ္တူသို့ လင့်ခ်ပေးပါ)",
    },
    "size-mismatch": {
        "en": "declared {declared} bytes, the file has {actual}",
        "km": "បានប្រកាស {declared} បៃ ប៉ុន្តែឯកសារមាន {actual}",
        "th": "ระบุไว้ {declared} ไบต์ แต่ไฟล์มี {actual}",
        "vi": "khai báo {declared} byte, nhưng tệp có {actual}",
        "my": "{declared} bytes ဟု ကြေညာထားသော်လည်း ဖိုင်တွင် {actual} ရှိသည်",
    },
    # What check.py repaired by itself.
    "fixed-bom": {
        "en": "removed the UTF-8 byte-order mark (BOM)",
        "km": "បានលុបសញ្ញាលំដាប់បៃ UTF-8 (BOM)",
        "th": "ลบเครื่องหมายลำดับไบต์ UTF-8 (BOM) ออกแล้ว",
        "vi": "đã xoá dấu thứ tự byte UTF-8 (BOM)",
        "my": "UTF-8 byte-order mark (BOM) ကို ဖယ်ရှားပြီး",
    },
    "fixed-tabs": {
        "en": "replaced tabs in the front matter with spaces",
        "km": "បានជំនួសថេបក្នុង front matter ដោយដកឃ្លា",
        "th": "เปลี่ยนแท็บใน front matter เป็นช่องว่างแล้ว",
        "vi": "đã thay các tab trong front matter bằng dấu cách",
        "my": "front matter ထဲရှိ tab များကို space ဖြင့် အစားထိုးပြီး",
    },
    "fixed-record": {
        "en": "updated the translation record to the English version {version} (reviewed on "
              "{reviewed}, after the English last changed)",
        "km": "បានធ្វើបច្ចុប្បន្នភាពកំណត់ត្រាការបកប្រែទៅកំណែភាសាអង់គ្លេស {version} (បានពិនិត្យនៅ "
              "{reviewed} បន្ទាប់ពីភាសាអង់គ្លេសផ្លាស់ប្ដូរចុងក្រោយ)",
        "th": "ปรับบันทึกการแปลเป็นฉบับภาษาอังกฤษ {version} แล้ว (ตรวจทานเมื่อ {reviewed} "
              "หลังจากภาษาอังกฤษเปลี่ยนครั้งล่าสุด)",
        "vi": "đã cập nhật bản ghi bản dịch theo phiên bản tiếng Anh {version} (duyệt ngày "
              "{reviewed}, sau lần thay đổi cuối của bản tiếng Anh)",
        "my": "ဘာသာပြန်မှတ်တမ်းကို အင်္ဂလိပ်ဗားရှင်း {version} သို့ အပ်ဒိတ်လုပ်ပြီး ({reviewed} "
              "တွင် စစ်ဆေးခဲ့သည်၊ အင်္ဂလိပ်စာ နောက်ဆုံးပြောင်းလဲပြီးနောက်)",
    },
    "fixed-size": {
        "en": "corrected the size of file {n} to {size} bytes",
        "km": "បានកែទំហំឯកសារទី {n} ទៅ {size} បៃ",
        "th": "แก้ขนาดของไฟล์ที่ {n} เป็น {size} ไบต์แล้ว",
        "vi": "đã sửa kích thước tệp {n} thành {size} byte",
        "my": "ဖိုင် {n} ၏ အရွယ်အစားကို {size} bytes သို့ ပြင်ပြီး",
    },
    # docs/topics.yml
    "topics-missing": {
        "en": "is missing; it lists the topic ids and their names in every language",
        "km": "បាត់; វារាយលេខសម្គាល់ប្រធានបទ និងឈ្មោះរបស់វាជាគ្រប់ភាសា",
        "th": "ไม่มีไฟล์นี้ ไฟล์นี้ใช้ระบุรหัสหัวข้อและชื่อในทุกภาษา",
        "vi": "đang thiếu; tệp này liệt kê mã chủ đề và tên của chúng trong mọi ngôn ngữ",
        "my": "မရှိပါ၊ ၎င်းသည် ခေါင်းစဉ် id များနှင့် ဘာသာစကားတိုင်းရှိ အမည်များကို ဖော်ပြသည်",
    },
    "topics-yaml": {
        "en": "line {line} is not valid YAML",
        "km": "បន្ទាត់ {line} មិនមែនជា YAML ត្រឹមត្រូវទេ",
        "th": "บรรทัด {line} ไม่ใช่ YAML ที่ถูกต้อง",
        "vi": "dòng {line} không phải YAML hợp lệ",
        "my": "စာကြောင်း {line} သည် မှန်ကန်သော YAML မဟုတ်ပါ",
    },
    "topics-not-mapping": {
        "en": "must map topic ids to names per language",
        "km": "ត្រូវផ្គូផ្គងលេខសម្គាល់ប្រធានបទទៅឈ្មោះតាមភាសានីមួយៗ",
        "th": "ต้องจับคู่รหัสหัวข้อกับชื่อในแต่ละภาษา",
        "vi": "phải gán mỗi mã chủ đề với tên theo từng ngôn ngữ",
        "my": "ခေါင်းစဉ် id များကို ဘာသာစကားတစ်ခုစီအလိုက် အမည်များနှင့် တွဲပေးရမည်",
    },
    "topic-names": {
        "en": "expected names per language, like 'en: Ethical storytelling'",
        "km": "ត្រូវការឈ្មោះតាមភាសានីមួយៗ ដូចជា 'en: Ethical storytelling'",
        "th": "ต้องมีชื่อในแต่ละภาษา เช่น 'en: Ethical storytelling'",
        "vi": "cần tên theo từng ngôn ngữ, như 'en: Ethical storytelling'",
        "my": "'en: Ethical storytelling' ကဲ့သို့ ဘာသာစကားတစ်ခုစီအလိုက် အမည်များ လိုအပ်သည်",
    },
    "topic-unnamed": {
        "en": "has no name in {languages}",
        "km": "គ្មានឈ្មោះជា {languages}",
        "th": "ไม่มีชื่อในภาษา {languages}",
        "vi": "chưa có tên trong {languages}",
        "my": "{languages} ဖြင့် အမည် မရှိပါ",
    },
    # scripts/new.py and scripts/translate.py
    "slug-invalid": {
        "en": "'{name}': use only lowercase letters, digits and single hyphens, like "
              "ethical-storytelling",
        "km": "'{name}'៖ សូមប្រើតែអក្សរតូច លេខ និងសញ្ញា (-) តែមួយ ដូចជា ethical-storytelling",
        "th": "'{name}': ใช้เฉพาะตัวพิมพ์เล็ก ตัวเลข และขีดกลางเดี่ยว เช่น ethical-storytelling",
        "vi": "'{name}': chỉ dùng chữ thường, chữ số và dấu gạch nối đơn, như ethical-storytelling",
        "my": "'{name}': စာလုံးအသေး၊ ဂဏန်းနှင့် တုံးတိုတစ်ခုတည်းကိုသာ သုံးပါ၊ ဥပမာ "
              "ethical-storytelling",
    },
    "slug-taken": {
        "en": "this name is already used by {other}",
        "km": "ឈ្មោះនេះត្រូវបានប្រើរួចហើយដោយ {other}",
        "th": "ชื่อนี้ถูกใช้แล้วโดย {other}",
        "vi": "tên này đã được {other} dùng",
        "my": "ဤအမည်ကို {other} က သုံးပြီးဖြစ်သည်",
    },
    "translate-lang": {
        "en": "'{lang}': expected one of {languages}",
        "km": "'{lang}'៖ ត្រូវជាមួយក្នុងចំណោម {languages}",
        "th": "'{lang}': ต้องเป็นหนึ่งใน {languages}",
        "vi": "'{lang}': cần là một trong {languages}",
        "my": "'{lang}': {languages} ထဲမှ တစ်ခု ဖြစ်ရမည်",
    },
    "translation-exists": {
        "en": "already exists",
        "km": "មានរួចហើយ",
        "th": "มีอยู่แล้ว",
        "vi": "đã tồn tại",
        "my": "ရှိပြီးသား ဖြစ်သည်",
    },
    "no-translation": {
        "en": "has no {lang} translation to review",
        "km": "គ្មានការបកប្រែជា {lang} សម្រាប់ពិនិត្យទេ",
        "th": "ไม่มีคำแปลภาษา {lang} ให้ตรวจทาน",
        "vi": "không có bản dịch {lang} để duyệt",
        "my": "စစ်ဆေးရန် {lang} ဘာသာပြန်ချက် မရှိပါ",
    },
    "no-such-page": {
        "en": "no such page; give a path like docs/resources/slug.md",
        "km": "គ្មានទំព័រនេះទេ; សូមផ្ដល់ផ្លូវដូចជា docs/resources/slug.md",
        "th": "ไม่มีหน้านี้ ให้ระบุพาธแบบ docs/resources/slug.md",
        "vi": "không có trang này; hãy đưa đường dẫn dạng docs/resources/slug.md",
        "my": "ဤစာမျက်နှာ မရှိပါ၊ docs/resources/slug.md ကဲ့သို့ path ပေးပါ",
    },
})
