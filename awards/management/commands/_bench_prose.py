"""Achievement-report prose for the awards benchmark, written the way commune and district
offices write it (Decree 98/2023, Appendix I, forms 02 and 03): the unit's situation, then its
results criterion by criterion with figures, then what it did for the movement. Deterministic
(a seed per nominee), so every run renders the same documents; the figures vary per unit so the
pages do not repeat one paragraph."""

import random

from ntm_portal.lib.numbers import decimal, integer

HAMLETS = ["Vĩnh Phước", "Bình Minh", "Phước Thới", "Tân Hiệp", "Hòa An", "Xẻo Rô", "Kênh Năm"]
CROPS = ["lúa chất lượng cao", "tôm – lúa", "khóm", "dừa", "cây ăn trái", "rau màu"]
MODELS = [
    "mô hình tôm – lúa theo hướng hữu cơ",
    "tổ hợp tác sản xuất lúa giống",
    "hợp tác xã dịch vụ nông nghiệp",
    "mô hình nuôi cua trong ruộng lúa",
    "chuỗi liên kết tiêu thụ khóm",
    "mô hình trồng dừa xen ca cao",
]


def _number(rng, low, high, step=1):
    return rng.randrange(low, high + 1, step)


def _decimal(rng, low, high):
    return decimal(rng.uniform(low, high), 1)


def _money(value):
    return integer(value)


def collective_background(name, seed):
    """Part I, item 2 of form 02: the unit's situation (about a third of a page)."""
    rng = random.Random(seed)
    hamlets = _number(rng, 5, 12)
    area = _number(rng, 2800, 9600)
    households = _number(rng, 2100, 6800)
    people = households * rng.randint(36, 42) // 10
    crop = rng.choice(CROPS)
    return (
        f"{name} có diện tích tự nhiên {_money(area)} ha, trong đó đất sản xuất nông nghiệp chiếm "
        f"{_number(rng, 78, 91)}%; toàn xã có {hamlets} ấp với {_money(households)} hộ, "
        f"{_money(people)} nhân khẩu, đồng bào dân tộc Khmer chiếm {_number(rng, 4, 31)}% dân số. "
        f"Kinh tế chủ yếu là sản xuất nông nghiệp, với thế mạnh là {crop}; thương mại, dịch vụ "
        "từng bước phát triển dọc các tuyến giao thông chính.\n"
        "Bộ máy chính quyền gồm Hội đồng nhân dân, Ủy ban nhân dân xã và các ban, ngành, đoàn "
        f"thể; Đảng bộ xã có {_number(rng, 14, 26)} chi bộ trực thuộc với {_number(rng, 180, 420)} "
        "đảng viên. Ban Chỉ đạo và Ban Quản lý xây dựng nông thôn mới của xã được kiện toàn hằng "
        "năm, phân công thành viên phụ trách từng ấp, từng tiêu chí.\n"
        "Thuận lợi: được sự quan tâm lãnh đạo, chỉ đạo của Huyện ủy, Ủy ban nhân dân huyện và sự "
        "đồng thuận của Nhân dân. Khó khăn: địa bàn bị chia cắt bởi kênh rạch, hạ tầng giao thông "
        "nông thôn còn thiếu đồng bộ, thời tiết diễn biến bất thường, xâm nhập mặn và sạt lở "
        "ảnh hưởng đến sản xuất và đời sống của người dân."
    )


def collective_achievements(name, seed):
    """Part II of form 02: about a page and a half of results, criterion by criterion."""
    rng = random.Random(seed * 7 + 1)
    roads = _decimal(rng, 8, 46)
    bridges = _number(rng, 3, 18)
    canals = _decimal(rng, 4, 28)
    income_before = _number(rng, 38, 52)
    income_now = income_before + _number(rng, 8, 21)
    poor_before = _decimal(rng, 3, 7)
    poor_now = _decimal(rng, 0.4, 2.4)
    insured = _number(rng, 91, 98)
    water = _number(rng, 92, 99)
    mobilised = _number(rng, 18, 96)
    people_share = _number(rng, 11, 34)
    hamlet = rng.choice(HAMLETS)
    model = rng.choice(MODELS)
    members = _number(rng, 25, 140)
    paragraphs = [
        "1. Kết quả thực hiện nhiệm vụ chính trị, phát triển kinh tế – xã hội",
        f"Tổng giá trị sản xuất trên địa bàn năm qua tăng {_decimal(rng, 6, 11)}% so với năm "
        f"trước; sản lượng lương thực đạt {_money(_number(rng, 38000, 96000, 100))} tấn, vượt "
        f"{_decimal(rng, 1, 6)}% kế hoạch. Thu ngân sách nhà nước trên địa bàn đạt "
        f"{_number(rng, 104, 137)}% dự toán huyện giao. Các chỉ tiêu Nghị quyết Hội đồng nhân dân "
        f"xã đề ra có {_number(rng, 16, 19)}/19 chỉ tiêu đạt và vượt.",
        "2. Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        f"Xã đã đạt và giữ vững 19/19 tiêu chí xã nông thôn mới; {_number(rng, 2, 5)} ấp được "
        "công nhận ấp nông thôn mới kiểu mẫu. Kết quả cụ thể theo từng nhóm tiêu chí như sau:",
        f"- Giao thông: nâng cấp, mở rộng {roads} km đường giao thông nông thôn, xây dựng mới "
        f"{bridges} cầu bê tông cốt thép thay cầu khỉ, cầu tạm; 100% tuyến đường trục xã, liên ấp "
        f"được cứng hóa, {_number(rng, 85, 98)}% tuyến đường ngõ, xóm sạch và không lầy lội vào "
        "mùa mưa; các tuyến đường có biển báo, cây xanh và đèn chiếu sáng.",
        f"- Thủy lợi và phòng, chống thiên tai: nạo vét {canals} km kênh nội đồng, gia cố "
        f"{_number(rng, 2, 9)} cống ngăn mặn; {_number(rng, 95, 100)}% diện tích sản xuất nông "
        "nghiệp được tưới, tiêu chủ động; xây dựng phương án ứng phó xâm nhập mặn, sạt lở bờ sông "
        "và tổ chức diễn tập phòng, chống thiên tai hằng năm.",
        f"- Điện, trường học, cơ sở vật chất văn hóa: {_number(rng, 99, 100)}% hộ sử dụng điện an "
        f"toàn; {_number(rng, 3, 6)}/{_number(rng, 6, 7)} trường đạt chuẩn quốc gia về cơ sở vật "
        "chất; Trung tâm văn hóa – thể thao xã và nhà văn hóa các ấp được đầu tư, hoạt động "
        "thường xuyên, là nơi sinh hoạt cộng đồng của Nhân dân.",
        f"- Thu nhập và hộ nghèo: thu nhập bình quân đầu người đạt {income_now} triệu đồng/năm "
        f"(tăng {income_now - income_before} triệu đồng so với đầu giai đoạn); tỷ lệ hộ nghèo theo "
        f"chuẩn nghèo đa chiều giảm từ {poor_before}% xuống còn {poor_now}%; "
        f"{_number(rng, 12, 60)} căn nhà đại đoàn kết được xây dựng, sửa chữa cho hộ khó khăn.",
        f"- Tổ chức sản xuất: phát triển {model} tại ấp {hamlet} với {members} thành viên, lợi "
        f"nhuận cao hơn sản xuất truyền thống {_number(rng, 15, 40)}%; xã có "
        f"{_number(rng, 1, 4)} sản phẩm đạt chứng nhận OCOP từ 3 sao trở lên.",
        f"- Y tế, giáo dục, văn hóa: tỷ lệ người dân tham gia bảo hiểm y tế đạt {insured}%; duy "
        "trì phổ cập giáo dục mầm non cho trẻ 5 tuổi, phổ cập giáo dục tiểu học và trung học cơ "
        f"sở mức độ 2; {_number(rng, 92, 98)}% hộ gia đình đạt danh hiệu “Gia đình văn hóa”.",
        f"- Môi trường và an toàn thực phẩm: {water}% hộ sử dụng nước sạch theo quy chuẩn; rác "
        f"thải sinh hoạt được thu gom, xử lý đạt {_number(rng, 82, 97)}%; các tuyến đường "
        "“xanh – sạch – đẹp” do hội, đoàn thể đảm nhận được duy trì thường xuyên.",
        "- Hệ thống chính trị, quốc phòng và an ninh: Đảng bộ xã nhiều năm liền được đánh giá "
        "hoàn thành tốt nhiệm vụ; tình hình an ninh chính trị, trật tự an toàn xã hội được giữ "
        "vững, không để xảy ra điểm nóng; hoàn thành 100% chỉ tiêu giao quân.",
        "3. Huy động nguồn lực và sự tham gia của Nhân dân",
        f"Tổng nguồn vốn huy động thực hiện xây dựng nông thôn mới trên địa bàn đạt "
        f"{mobilised} tỷ đồng, trong đó Nhân dân đóng góp {people_share}% bằng tiền, ngày công và "
        f"hiến {_money(_number(rng, 6000, 42000, 100))} m² đất để mở rộng đường giao thông, không "
        "phát sinh khiếu kiện. Phong trào “Kiên Giang chung sức xây dựng nông thôn mới” được "
        "triển khai sâu rộng đến từng ấp, từng hộ gia đình; nhiều mạnh thường quân, con em xa quê "
        "tích cực đóng góp xây dựng cầu, đường, thắp sáng đường quê.",
        "4. Các giải pháp, kinh nghiệm chủ yếu",
        "Tập trung lãnh đạo, chỉ đạo quyết liệt, phân công rõ người, rõ việc, rõ thời gian hoàn "
        "thành; phát huy vai trò chủ thể của người dân, thực hiện tốt phương châm “dân biết, dân "
        "bàn, dân làm, dân kiểm tra, dân giám sát và dân thụ hưởng”; công khai, minh bạch các "
        "khoản đóng góp; kịp thời sơ kết, nhân rộng các mô hình hay, cách làm hiệu quả; gắn xây "
        "dựng nông thôn mới với chuyển đổi cơ cấu sản xuất, nâng cao thu nhập cho người dân.",
        f"Với những kết quả trên, {name} đề nghị cấp có thẩm quyền xem xét, khen thưởng nhằm "
        "động viên cán bộ và Nhân dân tiếp tục thi đua xây dựng nông thôn mới nâng cao, kiểu mẫu.",
    ]
    return "\n".join(paragraphs)


def individual_achievements(name, position, seed):
    """Part II of form 03 for a person: about half a page."""
    rng = random.Random(seed * 11 + 3)
    hamlet = rng.choice(HAMLETS)
    return "\n".join(
        [
            f"Trên cương vị {position.lower()}, {name} luôn gương mẫu, chấp hành tốt chủ trương "
            "của Đảng, chính sách, pháp luật của Nhà nước; hoàn thành xuất sắc nhiệm vụ được giao "
            f"{_number(rng, 2, 5)} năm liền.",
            f"- Trực tiếp phụ trách ấp {hamlet}, vận động Nhân dân hiến "
            f"{_money(_number(rng, 800, 9000, 100))} m² đất, đóng góp "
            f"{_number(rng, 120, 900)} triệu đồng và {_number(rng, 300, 2400)} ngày công làm "
            f"{_decimal(rng, 1, 9)} km đường giao thông nông thôn; ấp được công nhận ấp nông thôn "
            "mới kiểu mẫu.",
            f"- Tham mưu triển khai {rng.choice(MODELS)}, giúp {_number(rng, 12, 80)} hộ tham gia "
            f"nâng thu nhập bình quân thêm {_number(rng, 10, 35)}%; hỗ trợ "
            f"{_number(rng, 3, 25)} hộ thoát nghèo bền vững.",
            f"- Có {_number(rng, 1, 3)} sáng kiến được Hội đồng sáng kiến huyện công nhận, áp dụng "
            "hiệu quả trong công tác chuyên môn và trong phong trào thi đua ở địa phương.",
        ]
    )
