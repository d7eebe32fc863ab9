"""Demo data (DỮ LIỆU MẪU): synthetic but plausible, labelled as demo data in the UI.

Cụm thi đua số 6 of the ministry with its provinces before and after 01/07/2025 (DOMAIN.md section 3),
and Công an tỉnh Nghệ An's own departments and commune police in internal clusters.
"""

from __future__ import annotations

from datetime import date

LONG_AGO = date(2000, 1, 1)
DISTRICTS_END = date(2025, 3, 1)  # Công an cấp huyện stopped operating (DOMAIN.md section 3)
MERGER = date(2025, 7, 1)  # 63 -> 34 provinces
YEARS = (2023, 2024, 2025, 2026)
BASIS_MERGER = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
BASIS_DISTRICTS = "Quyết định của Bộ trưởng Bộ Công an về kết thúc hoạt động của Công an cấp huyện (dữ liệu mẫu)"

MINISTRY = ("BCA", "ministry", "Bộ Công an", "BCA")
MINISTRY_UNITS = [
    ("BCA-X03", "department", "Cục Công tác đảng và công tác chính trị", "X03"),
]

# code, name, short name, population weight (for plausible figures)
PROVINCES_BEFORE = [
    ("CAT-NBH", "Công an tỉnh Ninh Bình", "CA Ninh Bình", 1.0),
    ("CAT-THA", "Công an tỉnh Thanh Hóa", "CA Thanh Hóa", 3.7),
    ("CAT-NAN", "Công an tỉnh Nghệ An", "CA Nghệ An", 3.4),
    ("CAT-HTI", "Công an tỉnh Hà Tĩnh", "CA Hà Tĩnh", 1.3),
    ("CAT-QBI", "Công an tỉnh Quảng Bình", "CA Quảng Bình", 0.9),
    ("CAT-HNA", "Công an tỉnh Hà Nam", "CA Hà Nam", 0.9),
    ("CAT-NDI", "Công an tỉnh Nam Định", "CA Nam Định", 1.9),
    ("CAT-QTR", "Công an tỉnh Quảng Trị", "CA Quảng Trị", 0.65),
]
# new code, name, short name, predecessors
MERGED_PROVINCES = [
    ("CAT-NBH-2025", "Công an tỉnh Ninh Bình", "CA Ninh Bình", ["CAT-HNA", "CAT-NDI", "CAT-NBH"]),
    ("CAT-QTR-2025", "Công an tỉnh Quảng Trị", "CA Quảng Trị", ["CAT-QBI", "CAT-QTR"]),
]

# Công an tỉnh Nghệ An's own subtree.
NGHE_AN_DIVISIONS = [
    ("NAN-PV01", "Phòng Tham mưu", "PV01"),
    ("NAN-PX03", "Phòng Công tác đảng và công tác chính trị", "PX03"),
    ("NAN-PC02", "Phòng Cảnh sát hình sự", "PC02"),
    ("NAN-PC04", "Phòng Cảnh sát điều tra tội phạm về ma túy", "PC04"),
    ("NAN-PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "PC06"),
    ("NAN-PC08", "Phòng Cảnh sát giao thông", "PC08"),
    ("NAN-PA05", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "PA05"),
]
NGHE_AN_DISTRICTS = [
    ("NAN-CAH-VINH", "Công an thành phố Vinh"),
    ("NAN-CAH-NGHILOC", "Công an huyện Nghi Lộc"),
]
# code, type, name, district (until 01/03/2025)
NGHE_AN_COMMUNES = [
    ("NAN-CAX-HUNGDUNG", "ward_police", "Công an phường Hưng Dũng", "NAN-CAH-VINH"),
    ("NAN-CAX-BENTHUY", "ward_police", "Công an phường Bến Thủy", "NAN-CAH-VINH"),
    ("NAN-CAX-TRUONGTHI", "ward_police", "Công an phường Trường Thi", "NAN-CAH-VINH"),
    ("NAN-CAX-HUNGLOC", "commune_police", "Công an xã Hưng Lộc", "NAN-CAH-VINH"),
    ("NAN-CAX-NGHITHACH", "commune_police", "Công an xã Nghi Thạch", "NAN-CAH-NGHILOC"),
    ("NAN-CAX-NGHITRUNG", "commune_police", "Công an xã Nghi Trung", "NAN-CAH-NGHILOC"),
    ("NAN-CAX-QUANHANH", "commune_police", "Công an thị trấn Quán Hành", "NAN-CAH-NGHILOC"),
]
# 01/07/2025: commune-level merges and a rename inside Nghệ An.
COMMUNE_MERGES = [
    (
        "NAN-CAX-TRUONGVINH",
        "ward_police",
        "Công an phường Trường Vinh",
        ["NAN-CAX-HUNGDUNG", "NAN-CAX-BENTHUY", "NAN-CAX-TRUONGTHI"],
    ),
    (
        "NAN-CAX-NGHILOC",
        "commune_police",
        "Công an xã Nghi Lộc",
        ["NAN-CAX-NGHITHACH", "NAN-CAX-NGHITRUNG", "NAN-CAX-QUANHANH"],
    ),
]
COMMUNE_RENAMES = [("NAN-CAX-HUNGLOC", "Công an phường Vinh Hưng")]

# Cụm thi đua số 6: members per year (code, from, to), leader, deputy, how chosen, basis.
CLUSTER_6_EDITIONS = {
    2023: (
        ["CAT-NBH", "CAT-THA", "CAT-NAN", "CAT-HTI", "CAT-QBI"],
        "CAT-THA",
        "CAT-NAN",
        "assigned",
        "Quyết định số 1234/QĐ-BCA-X03 ngày 10/01/2023 (dữ liệu mẫu)",
        date(2023, 1, 10),
    ),
    2024: (
        ["CAT-NBH", "CAT-THA", "CAT-NAN", "CAT-HTI", "CAT-QBI"],
        "CAT-NAN",
        "CAT-HTI",
        "elected",
        "Biên bản Hội nghị ký kết giao ước thi đua Cụm 6 ngày 25/01/2024 (dữ liệu mẫu)",
        date(2024, 1, 25),
    ),
    2025: (
        [
            ("CAT-NBH", None, MERGER),
            ("CAT-QBI", None, MERGER),
            "CAT-THA",
            "CAT-NAN",
            "CAT-HTI",
            ("CAT-NBH-2025", MERGER, None),
            ("CAT-QTR-2025", MERGER, None),
        ],
        "CAT-HTI",
        "CAT-THA",
        "elected",
        "Biên bản Hội nghị ký kết giao ước thi đua Cụm 6 ngày 20/01/2025 (dữ liệu mẫu)",
        date(2025, 1, 20),
    ),
    2026: (
        ["CAT-NBH-2025", "CAT-THA", "CAT-NAN", "CAT-HTI", "CAT-QTR-2025"],
        "CAT-QTR-2025",
        "CAT-NBH-2025",
        "elected",
        "Biên bản Hội nghị ký kết giao ước thi đua Cụm 6 ngày 16/01/2026 (dữ liệu mẫu)",
        date(2026, 1, 16),
    ),
}

# The provinces that merged into Ninh Bình and Quảng Trị on 01/07/2025 but were not in Cụm 6 (Hà Nam, Nam Định, the
# old Quảng Trị) report in a cluster of their own until the merger, so the restated comparisons of the merged
# provinces sum real predecessors' figures. Its composition is illustrative (demo data).
CLUSTER_3_EDITIONS = {
    2023: (
        ["CAT-HNA", "CAT-NDI", "CAT-QTR"],
        "CAT-NDI",
        "CAT-HNA",
        "assigned",
        "Quyết định số 1235/QĐ-BCA-X03 ngày 10/01/2023 (dữ liệu mẫu)",
        date(2023, 1, 10),
    ),
    2024: (
        ["CAT-HNA", "CAT-NDI", "CAT-QTR"],
        "CAT-HNA",
        "CAT-QTR",
        "elected",
        "Biên bản Hội nghị ký kết giao ước thi đua Cụm 3 ngày 24/01/2024 (dữ liệu mẫu)",
        date(2024, 1, 24),
    ),
    2025: (
        [("CAT-HNA", None, MERGER), ("CAT-NDI", None, MERGER), ("CAT-QTR", None, MERGER)],
        "CAT-QTR",
        "CAT-NDI",
        "elected",
        "Biên bản Hội nghị ký kết giao ước thi đua Cụm 3 ngày 21/01/2025 (dữ liệu mẫu)",
        date(2025, 1, 21),
    ),
}
CLUSTER_3_PERIODS = ["2023S1", "2023", "2024S1", "2024", "2025S1"]

# Internal clusters of Công an tỉnh Nghệ An.
NGHE_AN_CLUSTERS = [
    (
        1,
        "Cụm thi đua số 1 — các phòng nghiệp vụ Công an tỉnh Nghệ An",
        {year: ([c for c, _, _ in NGHE_AN_DIVISIONS if c != "NAN-PX03"], "NAN-PC02", "NAN-PV01") for year in YEARS},
    ),
    (
        2,
        "Cụm thi đua số 2 — Công an xã, phường Công an tỉnh Nghệ An",
        {
            2024: (
                [
                    "NAN-CAX-HUNGDUNG",
                    "NAN-CAX-BENTHUY",
                    "NAN-CAX-TRUONGTHI",
                    "NAN-CAX-HUNGLOC",
                    "NAN-CAX-NGHITHACH",
                    "NAN-CAX-NGHITRUNG",
                    "NAN-CAX-QUANHANH",
                ],
                "NAN-CAX-BENTHUY",
                "NAN-CAX-NGHITHACH",
            ),
            2026: (
                ["NAN-CAX-TRUONGVINH", "NAN-CAX-HUNGLOC", "NAN-CAX-NGHILOC"],
                "NAN-CAX-TRUONGVINH",
                "NAN-CAX-NGHILOC",
            ),
        },
    ),
]

SEVERITY = (
    "MUCDO",
    "Mức độ nghiêm trọng",
    [
        ("IT", "Ít nghiêm trọng"),
        ("NT", "Nghiêm trọng"),
        ("RNT", "Rất nghiêm trọng"),
        ("DBNT", "Đặc biệt nghiêm trọng"),
    ],
)

# code, name, unit, value type, direction, numerator, denominator, severity?, section, synonyms
INDICATORS = [
    (
        "TTXH-XAYRA",
        "Số vụ phạm tội về trật tự xã hội xảy ra",
        "vụ",
        "count",
        "lower",
        None,
        None,
        True,
        "I. Phòng, chống tội phạm",
        "tội phạm về trật tự xã hội xảy ra\nsố vụ xảy ra",
    ),
    (
        "TTXH-LAMRO",
        "Số vụ phạm tội về trật tự xã hội điều tra làm rõ",
        "vụ",
        "count",
        "higher",
        None,
        None,
        True,
        "I. Phòng, chống tội phạm",
        "điều tra làm rõ\nsố vụ làm rõ",
    ),
    (
        "TTXH-TLKP",
        "Tỷ lệ điều tra khám phá tội phạm về trật tự xã hội",
        "%",
        "rate",
        "higher",
        "TTXH-LAMRO",
        "TTXH-XAYRA",
        False,
        "I. Phòng, chống tội phạm",
        "tỷ lệ điều tra khám phá",
    ),
    (
        "RNT-XAYRA",
        "Số vụ án rất nghiêm trọng, đặc biệt nghiêm trọng xảy ra",
        "vụ",
        "count",
        "lower",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "án rất nghiêm trọng, đặc biệt nghiêm trọng",
    ),
    (
        "RNT-LAMRO",
        "Số vụ án rất nghiêm trọng, đặc biệt nghiêm trọng điều tra làm rõ",
        "vụ",
        "count",
        "higher",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "",
    ),
    (
        "RNT-TLKP",
        "Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng",
        "%",
        "rate",
        "higher",
        "RNT-LAMRO",
        "RNT-XAYRA",
        False,
        "I. Phòng, chống tội phạm",
        "",
    ),
    (
        "DOITUONG-BATGIU",
        "Số đối tượng bắt giữ",
        "đối tượng",
        "count",
        "higher",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "bắt giữ\nđối tượng",
    ),
    (
        "BICAN",
        "Số bị can khởi tố",
        "bị can",
        "count",
        "higher",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "khởi tố bị can",
    ),
    (
        "MATUY-VU",
        "Số vụ phạm tội về ma túy phát hiện, bắt giữ",
        "vụ",
        "count",
        "higher",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "ma túy",
    ),
    (
        "CNC-VU",
        "Số vụ phạm tội sử dụng công nghệ cao phát hiện, xử lý",
        "vụ",
        "count",
        "higher",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "công nghệ cao\nlừa đảo qua mạng",
    ),
    (
        "CNC-TIEN",
        "Số tiền bị chiếm đoạt qua không gian mạng",
        "đồng",
        "money",
        "lower",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "chiếm đoạt\ntỷ đồng",
    ),
    (
        "TNGT-VU",
        "Số vụ tai nạn giao thông",
        "vụ",
        "count",
        "lower",
        None,
        None,
        False,
        "II. Trật tự, an toàn giao thông",
        "tai nạn giao thông",
    ),
    (
        "TNGT-CHET",
        "Số người chết do tai nạn giao thông",
        "người",
        "count",
        "lower",
        None,
        None,
        False,
        "II. Trật tự, an toàn giao thông",
        "người chết",
    ),
    (
        "TNGT-BITHUONG",
        "Số người bị thương do tai nạn giao thông",
        "người",
        "count",
        "lower",
        None,
        None,
        False,
        "II. Trật tự, an toàn giao thông",
        "người bị thương",
    ),
    (
        "DXBN",
        "Số vụ việc đột xuất, bất ngờ phức tạp về an ninh, trật tự",
        "vụ việc",
        "count",
        "lower",
        None,
        None,
        False,
        "I. Phòng, chống tội phạm",
        "đột xuất, bất ngờ",
    ),
    (
        "VNEID-MUC2",
        "Số tài khoản định danh điện tử mức độ 2 được kích hoạt",
        "tài khoản",
        "count",
        "higher",
        None,
        None,
        False,
        "III. Đề án 06",
        "VNeID\nđịnh danh điện tử",
    ),
    (
        "DVC-HOSO",
        "Số hồ sơ dịch vụ công trực tuyến được tiếp nhận",
        "hồ sơ",
        "count",
        "higher",
        None,
        None,
        False,
        "III. Đề án 06",
        "dịch vụ công trực tuyến",
    ),
    (
        "KYLUAT-CBCS",
        "Số cán bộ, chiến sĩ bị kỷ luật",
        "người",
        "count",
        "lower",
        None,
        None,
        False,
        "IV. Xây dựng lực lượng",
        "kỷ luật",
    ),
    (
        "KH-HOANTHANH",
        "Hoàn thành kế hoạch công tác trọng tâm của kỳ",
        "",
        "boolean",
        "neutral",
        None,
        None,
        False,
        "IV. Xây dựng lực lượng",
        "",
    ),
]

# code, kind, value (or base per population weight), applies to
TARGETS = [
    ("TTXH-TLKP", "min_rate", "80"),
    ("RNT-TLKP", "min_rate", "95"),
    ("TTXH-XAYRA", "change", "-5"),
    ("TNGT-VU", "change", "-5"),
    ("TNGT-CHET", "change", "-5"),
    ("DXBN", "absolute", "0"),
    ("KYLUAT-CBCS", "absolute", "0"),
    ("MATUY-VU", "change", "5"),
    ("VNEID-MUC2", "per_weight", "60000"),
    ("DOITUONG-BATGIU", "per_weight", "450"),
]

# username, full name, position, role, scope (unit code, "edition:<year>" of Cụm 6, or None)
USERS = [
    ("quantri", "Quản trị hệ thống", "Quản trị viên", "system_admin", None),
    ("ctct.bo", "Đại tá Lê Văn Hải", "Cục Công tác đảng và công tác chính trị", "emulation_office", "BCA"),
    ("kiemtra", "Thượng tá Phạm Thị Thu", "Cán bộ kiểm tra", "auditor", "BCA"),
    (
        "thuongtruc.cum6",
        "Trung tá Hoàng Văn Nam",
        "Thường trực Cụm thi đua số 6 (Công an tỉnh Quảng Trị)",
        "cluster_secretariat",
        "edition:2024,2025,2026",
    ),
    ("canbo.nghean", "Thượng úy Nguyễn Thị Hoa", "Cán bộ Phòng PX03, Công an tỉnh Nghệ An", "unit_officer", "CAT-NAN"),
    ("lanhdao.nghean", "Đại tá Trần Văn Minh", "Phó Giám đốc Công an tỉnh Nghệ An", "unit_leader", "CAT-NAN"),
    (
        "px03.nghean",
        "Trung tá Võ Thị Lan",
        "Phòng Công tác đảng và công tác chính trị, Công an tỉnh Nghệ An",
        "emulation_office",
        "CAT-NAN",
    ),
    ("canbo.hatinh", "Đại úy Đặng Quốc Tuấn", "Cán bộ Công an tỉnh Hà Tĩnh", "unit_officer", "CAT-HTI"),
    (
        "canbo.truongvinh",
        "Thiếu tá Nguyễn Văn Bình",
        "Công an phường Trường Vinh",
        "unit_officer",
        "NAN-CAX-TRUONGVINH",
    ),
    ("lanhdao.hatinh", "Đại tá Phan Văn Hùng", "Phó Giám đốc Công an tỉnh Hà Tĩnh", "unit_leader", "CAT-HTI"),
    ("canbo.thanhhoa", "Đại úy Lê Thị Mai", "Cán bộ Công an tỉnh Thanh Hóa", "unit_officer", "CAT-THA"),
    ("lanhdao.thanhhoa", "Đại tá Nguyễn Hữu Thắng", "Phó Giám đốc Công an tỉnh Thanh Hóa", "unit_leader", "CAT-THA"),
    # The merged provinces' people also keep their predecessors' earlier reports.
    (
        "canbo.ninhbinh",
        "Thượng úy Trần Thu Hà",
        "Cán bộ Công an tỉnh Ninh Bình",
        "unit_officer",
        "CAT-NBH-2025,CAT-NBH,CAT-HNA,CAT-NDI",
    ),
    (
        "lanhdao.ninhbinh",
        "Đại tá Vũ Đức Long",
        "Phó Giám đốc Công an tỉnh Ninh Bình",
        "unit_leader",
        "CAT-NBH-2025,CAT-NBH,CAT-HNA,CAT-NDI",
    ),
    (
        "canbo.quangtri",
        "Đại úy Hồ Thị Thảo",
        "Cán bộ Công an tỉnh Quảng Trị",
        "unit_officer",
        "CAT-QTR-2025,CAT-QBI,CAT-QTR",
    ),
    (
        "lanhdao.quangtri",
        "Đại tá Lê Quang Vinh",
        "Phó Giám đốc Công an tỉnh Quảng Trị",
        "unit_leader",
        "CAT-QTR-2025,CAT-QBI,CAT-QTR",
    ),
]

# Who enters and who submits each province's reports (unit code -> officer, leader).
REPORTERS = {
    "CAT-NBH": ("canbo.ninhbinh", "lanhdao.ninhbinh"),
    "CAT-NBH-2025": ("canbo.ninhbinh", "lanhdao.ninhbinh"),
    "CAT-QBI": ("canbo.quangtri", "lanhdao.quangtri"),
    "CAT-QTR-2025": ("canbo.quangtri", "lanhdao.quangtri"),
    "CAT-HNA": ("canbo.ninhbinh", "lanhdao.ninhbinh"),
    "CAT-NDI": ("canbo.ninhbinh", "lanhdao.ninhbinh"),
    "CAT-QTR": ("canbo.quangtri", "lanhdao.quangtri"),
    "CAT-THA": ("canbo.thanhhoa", "lanhdao.thanhhoa"),
    "CAT-NAN": ("canbo.nghean", "lanhdao.nghean"),
    "CAT-HTI": ("canbo.hatinh", "lanhdao.hatinh"),
}
REPORT_PERIODS = ["2023S1", "2023", "2024S1", "2024", "2025S1", "2025", "2026S1"]
# 2026S1 shows every state of the workflow; earlier periods are finalised.
STATES_2026S1 = {
    "CAT-NBH-2025": "finalised",
    "CAT-THA": "approved",
    "CAT-NAN": "submitted",
    "CAT-HTI": "returned",
    "CAT-QTR-2025": "draft",
}
RETURN_REASON = "Số vụ điều tra làm rõ chưa khớp với báo cáo của Phòng PC02; đề nghị rà soát lại (dữ liệu mẫu)."

VALIDATION_RULES = [
    ("TTXH-LAMRO-LE-XAYRA", "Số vụ làm rõ không vượt số vụ xảy ra", "TTXH-LAMRO", "<=", "TTXH-XAYRA", "hard"),
    (
        "RNT-LAMRO-LE-XAYRA",
        "Số vụ án rất nghiêm trọng, đặc biệt nghiêm trọng làm rõ không vượt số vụ xảy ra",
        "RNT-LAMRO",
        "<=",
        "RNT-XAYRA",
        "hard",
    ),
    (
        "RNT-LE-TTXH",
        "Án rất nghiêm trọng, đặc biệt nghiêm trọng là một phần của tội phạm về trật tự xã hội",
        "RNT-XAYRA",
        "<=",
        "TTXH-XAYRA",
        "hard",
    ),
    ("BICAN-LE-BATGIU", "Số bị can thường không vượt số đối tượng bắt giữ", "BICAN", "<=", "DOITUONG-BATGIU", "soft"),
]
