"""Demo data of the practices app, loaded by ``thidua demo`` through the app's services: a few entries of each kind
for Cụm 6's members and Nghệ An's own units, 2024 to 2026, some published and replicated by other units."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.practices import services
from thidua.practices.models import Practice

# unit code, recorded by, period, kind, title, description, results, tags, publisher (None: not yet published),
# replications: (unit code, recorded by, since, note)
ENTRIES: list[tuple[Any, ...]] = [
    (
        "CAT-NAN",
        "canbo.nghean",
        "2024",
        "effective_model",
        "Mô hình «Camera an ninh» kết nối với Công an xã",
        "Vận động nhân dân lắp đặt camera tại các tuyến đường, ngõ xóm, kết nối về trụ sở Công an xã để phát hiện, "
        "truy vết đối tượng phạm tội (dữ liệu mẫu).",
        "Lắp đặt hơn 1.200 camera; hỗ trợ làm rõ 37 vụ trộm cắp tài sản.",
        "camera, an ninh trật tự, cơ sở",
        "lanhdao.nghean",
        [
            ("CAT-HTI", "canbo.hatinh", date(2025, 3, 1), "Triển khai tại 20 xã, phường"),
            ("CAT-THA", "canbo.thanhhoa", date(2025, 9, 15), ""),
        ],
    ),
    (
        "CAT-NAN",
        "canbo.nghean",
        "2025S1",
        "good_way",
        "Cách làm hay: «Tổ liên gia an toàn phòng cháy, chữa cháy»",
        "Mỗi tổ liên gia 5–10 hộ, có bình chữa cháy dùng chung và nhóm Zalo báo tin (dữ liệu mẫu).",
        "Thành lập 312 tổ; không để xảy ra cháy lớn trong khu dân cư.",
        "phòng cháy chữa cháy, tổ liên gia",
        "lanhdao.nghean",
        [("CAT-QTR-2025", "canbo.quangtri", date(2025, 10, 1), "")],
    ),
    (
        "NAN-PC02",
        "px03.nghean",
        "2025",
        "advanced_example",
        "Điển hình tiên tiến: Đội trọng án Phòng Cảnh sát hình sự",
        "Tập thể Đội trọng án trực tiếp điều tra, làm rõ nhiều vụ án đặc biệt nghiêm trọng (dữ liệu mẫu).",
        "Làm rõ 100% án đặc biệt nghiêm trọng trong năm.",
        "trọng án, điều tra",
        "px03.nghean",
        [],
    ),
    (
        "NAN-CAX-TRUONGVINH",
        "canbo.truongvinh",
        "2026S1",
        "new_factor",
        "Nhân tố mới: «Phường không ma túy» tại Trường Vinh",
        "Rà soát, lập danh sách người nghiện, phối hợp gia đình cai nghiện tại cộng đồng (dữ liệu mẫu).",
        "Giảm 40% số người sử dụng trái phép chất ma túy trên địa bàn.",
        "ma túy, cơ sở",
        None,
        [],
    ),
    (
        "CAT-HTI",
        "canbo.hatinh",
        "2024S1",
        "good_deed",
        "Gương người tốt việc tốt: Thượng úy cứu người đuối nước",
        "Trên đường đi công tác, đồng chí lao xuống sông cứu 2 học sinh bị đuối nước (dữ liệu mẫu).",
        "Được Giám đốc Công an tỉnh tặng Giấy khen.",
        "gương sáng, cứu người",
        "lanhdao.hatinh",
        [],
    ),
    (
        "CAT-HTI",
        "canbo.hatinh",
        "2025",
        "effective_model",
        "Mô hình «Dân vận khéo» trong thực hiện Đề án 06",
        "Cán bộ Công an xã đến từng hộ hướng dẫn kích hoạt tài khoản định danh điện tử mức 2 (dữ liệu mẫu).",
        "Kích hoạt thêm hơn 150.000 tài khoản VNeID.",
        "Đề án 06, VNeID, dân vận",
        "lanhdao.hatinh",
        [("CAT-NAN", "canbo.nghean", date(2025, 11, 1), "Áp dụng tại các phường của thành phố Vinh")],
    ),
    (
        "CAT-THA",
        "canbo.thanhhoa",
        "2025S1",
        "good_way",
        "Cách làm hay: cảnh báo lừa đảo qua mạng trên loa truyền thanh xã",
        "Phát bản tin cảnh báo các thủ đoạn lừa đảo qua mạng hằng tuần trên loa truyền thanh (dữ liệu mẫu).",
        "Số vụ lừa đảo qua mạng giảm 18% so với cùng kỳ.",
        "lừa đảo, công nghệ cao, tuyên truyền",
        "lanhdao.thanhhoa",
        [("CAT-NBH-2025", "canbo.ninhbinh", date(2025, 12, 1), "")],
    ),
    (
        "CAT-NBH-2025",
        "canbo.ninhbinh",
        "2026S1",
        "new_factor",
        "Nhân tố mới: hợp nhất dữ liệu dân cư sau sáp nhập tỉnh",
        "Tổ công tác đối soát dữ liệu dân cư của ba tỉnh cũ trong 30 ngày sau sáp nhập (dữ liệu mẫu).",
        "Chuẩn hóa 98,5% hồ sơ cư trú.",
        "Đề án 06, sáp nhập, dữ liệu dân cư",
        None,
        [],
    ),
    (
        "CAT-QTR-2025",
        "canbo.quangtri",
        "2026S1",
        "effective_model",
        "Mô hình «Đường dây nóng an toàn giao thông»",
        "Tiếp nhận phản ánh vi phạm giao thông qua đường dây nóng và mạng xã hội, xử lý trong 24 giờ (dữ liệu mẫu).",
        "Tai nạn giao thông giảm 12% so với cùng kỳ.",
        "giao thông, đường dây nóng",
        "lanhdao.quangtri",
        [],
    ),
]


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; ``loader`` holds units, editions, people."""
    if Practice.objects.exists():
        return
    people = loader.people
    for unit_code, author, period_code, kind, title, description, results, tags, publisher, reps in ENTRIES:
        practice = services.practice_create(
            kind=kind,
            title=title,
            unit=loader.units[unit_code],
            period=loader.periods[period_code],
            description=description,
            results=results,
            tags=tags,
            actor=people[author],
        )
        if publisher is not None:
            practice = services.practice_publish(
                practice=practice, published=True, expected_version=practice.version, actor=people[publisher]
            )
        for adopter, by, since, note in reps:
            services.replication_add(
                practice=practice, unit=loader.units[adopter], since=since, note=note, actor=people[by]
            )
