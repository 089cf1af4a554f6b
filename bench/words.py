"""Word lists for the benchmark corpus, one small lexicon per site language.

The words are everyday vocabulary of the library's subject (organisations, training, migration,
child protection). ``text.py`` draws from them with a seeded random generator to write sentences
that read like the real thing and never repeat whole, in each language's own script and spacing.
Items are separated by ``|``; an item may hold several words (spaces within an item are kept only
in languages that separate words with spaces).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lexicon:
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    adjectives: tuple[str, ...]
    tails: tuple[str, ...]  # phrases that end a sentence: where, when, with whom
    places: tuple[str, ...]
    count: str  # how "for {n} people" is written, with {n} for the number
    digits: str = "0123456789"  # the script's own digits


def _split(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|") if item.strip())


def _lexicon(nouns: str, verbs: str, adjectives: str, tails: str, places: str, count: str,
             digits: str = "0123456789") -> Lexicon:
    return Lexicon(_split(nouns), _split(verbs), _split(adjectives), _split(tails),
                   _split(places), count, digits)


LEXICONS: dict[str, Lexicon] = {
    "en": _lexicon(
        "organisation|community|child|family|worker|survivor|volunteer|teacher|officer|partner|"
        "network|report|guide|toolkit|training|workshop|programme|project|village|province|"
        "border|shelter|school|factory|route|case|policy|law|budget|donor|story|consent|data|"
        "map|phone|message|meeting|campaign|lesson|risk|right|service|team|leader|journalist|"
        "researcher|employer|contract|wage|document|passport|hotline|clinic|checklist",
        "supports|trains|protects|reports|shares|publishes|reviews|collects|explains|builds|"
        "funds|visits|translates|records|plans|improves|measures|connects|invites|prepares|"
        "tests|compares|helps|studies|uses|maps|follows|answers",
        "local|rural|regional|young|safe|practical|short|free|new|informal|remote|small|"
        "national|independent|clear|ethical|digital|vulnerable|experienced|annual|shared|"
        "mobile|seasonal|careful",
        "in {place}|with local partners|during the pandemic|after the training|every year|"
        "through a phone app|for the first time|across the region|before the rainy season|"
        "since {year}|near the border|in two languages",
        "Phnom Penh|Siem Reap|Chiang Mai|Mae Sot|Hanoi|Lao Cai|Yangon|Mandalay|Vientiane|"
        "Savannakhet|Kuala Lumpur|Sabah|Jakarta|Kupang|Batam|Battambang",
        "for {n} people"),
    "km": _lexicon(
        "អង្គការ|សហគមន៍|កុមារ|គ្រួសារ|ពលករ|ជនរងគ្រោះ|អ្នកស្ម័គ្រចិត្ត|គ្រូបង្រៀន|មន្ត្រី|ដៃគូ|"
        "បណ្តាញ|របាយការណ៍|សៀវភៅណែនាំ|វគ្គបណ្តុះបណ្តាល|សិក្ខាសាលា|កម្មវិធី|គម្រោង|ភូមិ|ខេត្ត|"
        "ព្រំដែន|ជម្រក|សាលារៀន|រោងចក្រ|ផ្លូវ|ករណី|គោលនយោបាយ|ច្បាប់|ថវិកា|ម្ចាស់ជំនួយ|រឿង|"
        "ទិន្នន័យ|ផែនទី|ទូរស័ព្ទ|សារ|កិច្ចប្រជុំ|យុទ្ធនាការ|មេរៀន|ហានិភ័យ|សិទ្ធិ|សេវា|ក្រុម|"
        "អ្នកដឹកនាំ|អ្នកកាសែត|អ្នកស្រាវជ្រាវ|និយោជក|កិច្ចសន្យា|ប្រាក់ឈ្នួល|ឯកសារ|លិខិតឆ្លងដែន",
        "គាំទ្រ|បណ្តុះបណ្តាល|ការពារ|រាយការណ៍អំពី|ចែករំលែក|បោះពុម្ព|ពិនិត្យ|ប្រមូល|ពន្យល់|"
        "កសាង|ផ្តល់មូលនិធិដល់|ទៅជួប|បកប្រែ|កត់ត្រា|រៀបចំ|កែលម្អ|វាស់វែង|ភ្ជាប់|អញ្ជើញ|"
        "សាកល្បង|ប្រៀបធៀប|ជួយ|សិក្សាពី|ប្រើ",
        "ក្នុងស្រុក|នៅជនបទ|ថ្នាក់តំបន់|វ័យក្មេង|មានសុវត្ថិភាព|ជាក់ស្តែង|ខ្លី|ឥតគិតថ្លៃ|ថ្មី|"
        "ក្រៅផ្លូវការ|ដាច់ស្រយាល|តូច|ថ្នាក់ជាតិ|ឯករាជ្យ|ច្បាស់លាស់|ប្រកបដោយក្រមសីលធម៌|ឌីជីថល|"
        "ងាយរងគ្រោះ|មានបទពិសោធន៍|ប្រចាំឆ្នាំ",
        "នៅ{place}|ជាមួយដៃគូក្នុងស្រុក|ក្នុងអំឡុងពេលរាតត្បាត|បន្ទាប់ពីវគ្គបណ្តុះបណ្តាល|"
        "ជារៀងរាល់ឆ្នាំ|តាមរយៈកម្មវិធីទូរស័ព្ទ|ជាលើកដំបូង|នៅទូទាំងតំបន់|មុនរដូវវស្សា|"
        "តាំងពីឆ្នាំ{year}|នៅក្បែរព្រំដែន",
        "ភ្នំពេញ|សៀមរាប|បាត់ដំបង|កំពត|បន្ទាយមានជ័យ|កោះកុង|ព្រះវិហារ|តាកែវ",
        "សម្រាប់មនុស្ស{n}នាក់", "០១២៣៤៥៦៧៨៩"),
    "th": _lexicon(
        "องค์กร|ชุมชน|เด็ก|ครอบครัว|แรงงาน|ผู้เสียหาย|อาสาสมัคร|ครู|เจ้าหน้าที่|ภาคี|เครือข่าย|"
        "รายงาน|คู่มือ|การฝึกอบรม|การประชุมเชิงปฏิบัติการ|โครงการ|หมู่บ้าน|จังหวัด|ชายแดน|"
        "บ้านพักฉุกเฉิน|โรงเรียน|โรงงาน|เส้นทาง|คดี|นโยบาย|กฎหมาย|งบประมาณ|ผู้บริจาค|เรื่องราว|"
        "ข้อมูล|แผนที่|โทรศัพท์|ข้อความ|การประชุม|การรณรงค์|บทเรียน|ความเสี่ยง|สิทธิ|บริการ|"
        "ทีมงาน|ผู้นำ|นักข่าว|นักวิจัย|นายจ้าง|สัญญาจ้าง|ค่าจ้าง|เอกสาร|หนังสือเดินทาง|สายด่วน",
        "สนับสนุน|ฝึกอบรม|คุ้มครอง|รายงาน|แบ่งปัน|เผยแพร่|ทบทวน|รวบรวม|อธิบาย|สร้าง|ให้ทุน|"
        "เยี่ยม|แปล|บันทึก|วางแผน|ปรับปรุง|วัดผล|เชื่อมโยง|เชิญ|เตรียม|ทดสอบ|เปรียบเทียบ|"
        "ช่วยเหลือ|ศึกษา|ใช้",
        "ในท้องถิ่น|ในชนบท|ระดับภูมิภาค|รุ่นใหม่|ที่ปลอดภัย|ที่ใช้ได้จริง|ฉบับย่อ|ฟรี|ใหม่|"
        "นอกระบบ|ห่างไกล|ขนาดเล็ก|ระดับชาติ|อิสระ|ที่ชัดเจน|อย่างมีจริยธรรม|ดิจิทัล|"
        "ที่เปราะบาง|ที่มีประสบการณ์|ประจำปี",
        "ในจังหวัด{place}|ร่วมกับภาคีในท้องถิ่น|ในช่วงการระบาด|หลังการฝึกอบรม|ทุกปี|"
        "ผ่านแอปพลิเคชันบนมือถือ|เป็นครั้งแรก|ทั่วทั้งภูมิภาค|ก่อนฤดูฝน|ตั้งแต่ปี{year}|ใกล้ชายแดน",
        "เชียงใหม่|เชียงราย|ตาก|ขอนแก่น|สงขลา|ระนอง|อุดรธานี|สมุทรสาคร",
        "สำหรับผู้เข้าร่วม{n}คน"),
    "lo": _lexicon(
        "ອົງການ|ຊຸມຊົນ|ເດັກນ້ອຍ|ຄອບຄົວ|ແຮງງານ|ຜູ້ເຄາະຮ້າຍ|ອາສາສະໝັກ|ຄູສອນ|ເຈົ້າໜ້າທີ່|"
        "ຄູ່ຮ່ວມງານ|ເຄືອຂ່າຍ|ບົດລາຍງານ|ຄູ່ມື|ການຝຶກອົບຮົມ|ກອງປະຊຸມ|ໂຄງການ|ບ້ານ|ແຂວງ|ຊາຍແດນ|"
        "ບ່ອນພັກພິງ|ໂຮງຮຽນ|ໂຮງງານ|ເສັ້ນທາງ|ກໍລະນີ|ນະໂຍບາຍ|ກົດໝາຍ|ງົບປະມານ|ຜູ້ໃຫ້ທຶນ|ເລື່ອງລາວ|"
        "ຂໍ້ມູນ|ແຜນທີ່|ໂທລະສັບ|ຂໍ້ຄວາມ|ການໂຄສະນາ|ບົດຮຽນ|ຄວາມສ່ຽງ|ສິດທິ|ການບໍລິການ|ທີມງານ|"
        "ຜູ້ນຳ|ນັກຂ່າວ|ນັກຄົ້ນຄວ້າ|ນາຍຈ້າງ|ສັນຍາ|ຄ່າແຮງງານ|ເອກະສານ|ໜັງສືຜ່ານແດນ",
        "ສະໜັບສະໜູນ|ຝຶກອົບຮົມ|ປົກປ້ອງ|ລາຍງານ|ແບ່ງປັນ|ເຜີຍແຜ່|ທົບທວນ|ເກັບກຳ|ອະທິບາຍ|ສ້າງ|"
        "ໃຫ້ທຶນ|ຢ້ຽມຢາມ|ແປ|ບັນທຶກ|ວາງແຜນ|ປັບປຸງ|ວັດແທກ|ເຊື່ອມຕໍ່|ເຊີນ|ກະກຽມ|ທົດລອງ|ປຽບທຽບ|"
        "ຊ່ວຍເຫຼືອ|ສຶກສາ|ນຳໃຊ້",
        "ທ້ອງຖິ່ນ|ຊົນນະບົດ|ລະດັບພາກພື້ນ|ໄວໜຸ່ມ|ທີ່ປອດໄພ|ພາກປະຕິບັດ|ສະບັບຫຍໍ້|ບໍ່ເສຍຄ່າ|ໃໝ່|"
        "ນອກລະບົບ|ຫ່າງໄກສອກຫຼີກ|ຂະໜາດນ້ອຍ|ລະດັບຊາດ|ເອກະລາດ|ທີ່ຊັດເຈນ|ທີ່ມີຈັນຍາບັນ|ດິຈິຕອນ|"
        "ທີ່ມີປະສົບການ|ປະຈຳປີ",
        "ຢູ່ແຂວງ{place}|ຮ່ວມກັບຄູ່ຮ່ວມງານທ້ອງຖິ່ນ|ໃນຊ່ວງການລະບາດ|ຫຼັງຈາກການຝຶກອົບຮົມ|ທຸກໆປີ|"
        "ຜ່ານແອັບໂທລະສັບ|ເປັນເທື່ອທຳອິດ|ທົ່ວພາກພື້ນ|ກ່ອນລະດູຝົນ|ນັບແຕ່ປີ{year}|ໃກ້ຊາຍແດນ",
        "ວຽງຈັນ|ຫຼວງພະບາງ|ຈຳປາສັກ|ສະຫວັນນະເຂດ|ບໍ່ແກ້ວ|ອຸດົມໄຊ|ຄຳມ່ວນ",
        "ສຳລັບ{n}ຄົນ", "໐໑໒໓໔໕໖໗໘໙"),
    "my": _lexicon(
        "အဖွဲ့အစည်း|ရပ်ရွာ|ကလေး|မိသားစု|အလုပ်သမား|လူကုန်ကူးခံရသူ|စေတနာ့ဝန်ထမ်း|ဆရာ|အရာရှိ|"
        "မိတ်ဖက်|ကွန်ရက်|အစီရင်ခံစာ|လမ်းညွှန်|သင်တန်း|အလုပ်ရုံဆွေးနွေးပွဲ|အစီအစဉ်|စီမံကိန်း|"
        "ကျေးရွာ|ပြည်နယ်|နယ်စပ်|ခိုလှုံရာ|ကျောင်း|စက်ရုံ|လမ်းကြောင်း|အမှု|မူဝါဒ|ဥပဒေ|"
        "ဘတ်ဂျက်|အလှူရှင်|ဇာတ်လမ်း|ဒေတာ|မြေပုံ|ဖုန်း|သတင်းစကား|အစည်းအဝေး|လှုပ်ရှားမှု|"
        "သင်ခန်းစာ|အန္တရာယ်|အခွင့်အရေး|ဝန်ဆောင်မှု|အဖွဲ့|ခေါင်းဆောင်|သတင်းထောက်|သုတေသီ|"
        "အလုပ်ရှင်|စာချုပ်|လုပ်ခ|စာရွက်စာတမ်း|နိုင်ငံကူးလက်မှတ်",
        "ကူညီ|လေ့ကျင့်ပေး|ကာကွယ်|တင်ပြ|မျှဝေ|ထုတ်ဝေ|ပြန်လည်သုံးသပ်|စုဆောင်း|ရှင်းပြ|"
        "တည်ဆောက်|ထောက်ပံ့|သွားရောက်တွေ့ဆုံ|ဘာသာပြန်|မှတ်တမ်းတင်|စီစဉ်|တိုးတက်အောင်ပြုလုပ်|"
        "တိုင်းတာ|ချိတ်ဆက်|ဖိတ်ကြား|ပြင်ဆင်|စမ်းသပ်|နှိုင်းယှဉ်|လေ့လာ|အသုံးပြု",
        "ဒေသခံ|ကျေးလက်|ဒေသတွင်း|လူငယ်|ဘေးကင်းသော|လက်တွေ့ကျသော|တိုတောင်းသော|အခမဲ့|"
        "အသစ်ဖြစ်သော|အလွတ်သဘော|အဝေးခေါင်သီ|သေးငယ်သော|အမျိုးသားအဆင့်|လွတ်လပ်သော|"
        "ရှင်းလင်းသော|ကျင့်ဝတ်နှင့်ညီသော|ဒစ်ဂျစ်တယ်|ထိခိုက်လွယ်သော|အတွေ့အကြုံရှိသော|နှစ်စဉ်",
        "{place}တွင်|ဒေသခံမိတ်ဖက်များနှင့်အတူ|ကပ်ရောဂါကာလအတွင်း|သင်တန်းပြီးနောက်|နှစ်စဉ်|"
        "ဖုန်းအက်ပ်မှတစ်ဆင့်|ပထမဆုံးအကြိမ်|ဒေသတစ်ဝှမ်းလုံးတွင်|မိုးရာသီမတိုင်မီ|"
        "{year}ခုနှစ်ကတည်းက|နယ်စပ်အနီးတွင်",
        "ရန်ကုန်|မန္တလေး|မြဝတီ|တာချီလိတ်|မော်လမြိုင်|ကော့သောင်း|လားရှိုး|ပုသိမ်",
        "လူ{n}ဦးအတွက်", "၀၁၂၃၄၅၆၇၈၉"),
    "vi": _lexicon(
        "tổ chức|cộng đồng|trẻ em|gia đình|người lao động|nạn nhân|tình nguyện viên|giáo viên|"
        "cán bộ|đối tác|mạng lưới|báo cáo|sổ tay|bộ công cụ|khóa đào tạo|hội thảo|chương trình|"
        "dự án|làng|tỉnh|biên giới|nhà tạm lánh|trường học|nhà máy|tuyến đường|vụ việc|"
        "chính sách|luật|ngân sách|nhà tài trợ|câu chuyện|dữ liệu|bản đồ|điện thoại|tin nhắn|"
        "cuộc họp|chiến dịch|bài học|rủi ro|quyền|dịch vụ|nhóm|lãnh đạo|nhà báo|"
        "nhà nghiên cứu|chủ lao động|hợp đồng|tiền lương|giấy tờ|hộ chiếu|đường dây nóng",
        "hỗ trợ|đào tạo|bảo vệ|báo cáo về|chia sẻ|xuất bản|rà soát|thu thập|giải thích|"
        "xây dựng|tài trợ cho|thăm|dịch|ghi lại|lập kế hoạch cho|cải thiện|đo lường|kết nối|"
        "mời|chuẩn bị|thử nghiệm|so sánh|giúp đỡ|nghiên cứu|sử dụng",
        "địa phương|nông thôn|khu vực|trẻ|an toàn|thiết thực|ngắn gọn|miễn phí|mới|"
        "phi chính thức|vùng sâu|nhỏ|quốc gia|độc lập|rõ ràng|có đạo đức|kỹ thuật số|"
        "dễ bị tổn thương|giàu kinh nghiệm|hằng năm",
        "tại {place}|cùng các đối tác địa phương|trong thời gian đại dịch|sau khóa đào tạo|"
        "mỗi năm|qua ứng dụng điện thoại|lần đầu tiên|trên toàn khu vực|trước mùa mưa|"
        "từ năm {year}|gần biên giới",
        "Hà Nội|Lào Cai|Hà Giang|An Giang|Nghệ An|Thanh Hóa|Điện Biên|Cần Thơ",
        "cho {n} người"),
    "ms": _lexicon(
        "organisasi|komuniti|kanak-kanak|keluarga|pekerja|mangsa|sukarelawan|guru|pegawai|"
        "rakan kongsi|rangkaian|laporan|panduan|kit alat|latihan|bengkel|program|projek|"
        "kampung|negeri|sempadan|rumah perlindungan|sekolah|kilang|laluan|kes|dasar|"
        "undang-undang|belanjawan|penderma|cerita|data|peta|telefon|mesej|mesyuarat|kempen|"
        "pengajaran|risiko|hak|perkhidmatan|pasukan|pemimpin|wartawan|penyelidik|majikan|"
        "kontrak|gaji|dokumen|pasport|talian bantuan",
        "menyokong|melatih|melindungi|melaporkan|berkongsi|menerbitkan|menyemak|mengumpul|"
        "menerangkan|membina|membiayai|melawat|menterjemah|merekod|merancang|menambah baik|"
        "mengukur|menghubungkan|menjemput|menyediakan|menguji|membandingkan|membantu|"
        "mengkaji|menggunakan",
        "tempatan|luar bandar|serantau|muda|selamat|praktikal|ringkas|percuma|baharu|"
        "tidak formal|terpencil|kecil|kebangsaan|bebas|jelas|beretika|digital|terdedah|"
        "berpengalaman|tahunan",
        "di {place}|bersama rakan kongsi tempatan|semasa pandemik|selepas latihan|setiap tahun|"
        "melalui aplikasi telefon|buat kali pertama|di seluruh rantau|sebelum musim hujan|"
        "sejak {year}|berhampiran sempadan",
        "Kuala Lumpur|Johor Bahru|Sabah|Pulau Pinang|Kota Kinabalu|Kelantan|Sarawak|Selangor",
        "untuk {n} orang"),
    "id": _lexicon(
        "organisasi|komunitas|anak|keluarga|pekerja|korban|relawan|guru|petugas|mitra|"
        "jaringan|laporan|panduan|perangkat|pelatihan|lokakarya|program|proyek|desa|provinsi|"
        "perbatasan|rumah aman|sekolah|pabrik|jalur|kasus|kebijakan|undang-undang|anggaran|"
        "donatur|cerita|data|peta|ponsel|pesan|rapat|kampanye|pelajaran|risiko|hak|layanan|"
        "tim|pemimpin|wartawan|peneliti|majikan|kontrak|upah|dokumen|paspor|layanan aduan",
        "mendukung|melatih|melindungi|melaporkan|membagikan|menerbitkan|meninjau|"
        "mengumpulkan|menjelaskan|membangun|mendanai|mengunjungi|menerjemahkan|mencatat|"
        "merencanakan|memperbaiki|mengukur|menghubungkan|mengundang|menyiapkan|menguji|"
        "membandingkan|membantu|mempelajari|menggunakan",
        "lokal|pedesaan|regional|muda|aman|praktis|singkat|gratis|baru|informal|terpencil|"
        "kecil|nasional|independen|jelas|etis|digital|rentan|berpengalaman|tahunan",
        "di {place}|bersama mitra lokal|selama pandemi|setelah pelatihan|setiap tahun|"
        "melalui aplikasi ponsel|untuk pertama kalinya|di seluruh kawasan|"
        "sebelum musim hujan|sejak {year}|di dekat perbatasan",
        "Jakarta|Kupang|Medan|Batam|Surabaya|Makassar|Pontianak|Nunukan",
        "untuk {n} orang"),
}

# Languages written without spaces between words (spaces only between phrases or sentences).
UNSPACED = frozenset({"km", "th", "lo", "my"})
