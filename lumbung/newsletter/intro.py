"""The default introduction of each edition (Markdown), written into every new issue for editors
to edit. A site language without its own text here gets the English one."""

from __future__ import annotations

from collections.abc import Sequence

INTROS = {
    "en": "News from our partner organisations across Southeast Asia this week, and what is new "
          "in the Lumbung library. Each story links to the partner's own website.",
    "km": "ព័ត៌មានប្រចាំសប្តាហ៍នេះពីអង្គការដៃគូរបស់យើងនៅទូទាំងអាស៊ីអាគ្នេយ៍ "
          "និងអ្វីដែលថ្មីនៅក្នុងបណ្ណាល័យ Lumbung។ "
          "រឿងនីមួយៗភ្ជាប់ទៅគេហទំព័ររបស់អង្គការដៃគូផ្ទាល់។",
    "th": "ข่าวสารประจำสัปดาห์นี้จากองค์กรภาคีของเราทั่วเอเชียตะวันออกเฉียงใต้ "
          "และสิ่งใหม่ในห้องสมุด Lumbung "
          "แต่ละเรื่องมีลิงก์ไปยังเว็บไซต์ขององค์กรภาคีโดยตรง",
    "vi": "Tin tức tuần này từ các tổ chức đối tác của chúng tôi khắp Đông Nam Á, và những gì "
          "mới trong thư viện Lumbung. Mỗi bài đều dẫn đến trang web của chính tổ chức đối tác.",
    "my": "ဤအပတ်အတွင်း အရှေ့တောင်အာရှတစ်ဝှမ်းရှိ ကျွန်ုပ်တို့၏ မိတ်ဖက်အဖွဲ့အစည်းများထံမှ "
          "သတင်းများနှင့် Lumbung စာကြည့်တိုက်ရှိ အသစ်များ ဖြစ်ပါသည်။ "
          "သတင်းတစ်ပုဒ်စီသည် မိတ်ဖက်အဖွဲ့အစည်း၏ ကိုယ်ပိုင်ဝက်ဘ်ဆိုက်သို့ ချိတ်ဆက်ထားပါသည်။",
    "lo": "ຂ່າວສານປະຈຳອາທິດນີ້ຈາກອົງກອນຄູ່ຮ່ວມງານຂອງພວກເຮົາທົ່ວອາຊີຕາເວັນອອກສຽງໃຕ້ "
          "ແລະ ສິ່ງໃໝ່ໃນຫ້ອງສະໝຸດ Lumbung. "
          "ແຕ່ລະເລື່ອງມີລິ້ງໄປຫາເວັບໄຊຂອງອົງກອນຄູ່ຮ່ວມງານໂດຍກົງ.",
    "ms": "Berita minggu ini daripada organisasi rakan kongsi kami di seluruh Asia Tenggara, "
          "dan bahan baharu dalam perpustakaan Lumbung. Setiap berita dipautkan ke laman web "
          "rakan kongsi itu sendiri.",
    "id": "Berita minggu ini dari organisasi mitra kami di seluruh Asia Tenggara, dan apa yang "
          "baru di perpustakaan Lumbung. Setiap berita tertaut ke situs web mitra itu sendiri.",
}


def default_intros(codes: Sequence[str]) -> dict[str, str]:
    """One intro per site language (from mkdocs.yml), English where none is written yet."""
    return {lang: INTROS.get(lang, INTROS["en"]) for lang in codes}
