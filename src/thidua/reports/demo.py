"""Demo data of the reports app, loaded by ``thidua demo`` through the app's services: Cụm 6's báo cáo sơ kết 2026S1
being written (the narrative filled in), and its báo cáo tổng kết 2025 finished, with the .docx built by the same code
as the background task."""

from __future__ import annotations

from datetime import date
from typing import Any

SITUATION = (
    "6 tháng đầu năm 2026, tình hình an ninh chính trị trên địa bàn các tỉnh trong Cụm cơ bản ổn định; tội phạm về "
    "trật tự xã hội được kiềm chế, một số loại tội phạm giảm so với cùng kỳ. Tuy nhiên tội phạm sử dụng công nghệ cao, "
    "lừa đảo chiếm đoạt tài sản trên không gian mạng còn diễn biến phức tạp.\n"
    "Năm 2026 là năm đầu các tỉnh sau sắp xếp vận hành ổn định mô hình Công an hai cấp; các đơn vị vừa kiện toàn tổ "
    "chức, vừa triển khai phong trào thi đua “Vì an ninh Tổ quốc”."
)
LEADERSHIP = (
    "Ngay từ đầu năm, Cụm tổ chức ký kết giao ước thi đua, thống nhất nội dung, tiêu chí và thang điểm chấm; các đơn "
    "vị thành viên ban hành kế hoạch thi đua, phát động đợt thi đua cao điểm tấn công trấn áp tội phạm."
)
ACTIVITIES = (
    "Cụm duy trì chế độ giao ban định kỳ, trao đổi kinh nghiệm về phòng, chống tội phạm công nghệ cao và triển khai "
    "Đề án 06; tổ chức kiểm tra chéo việc thực hiện giao ước thi đua tại hai đơn vị."
)
ASSESSMENT = (
    "Ưu điểm: các đơn vị bám sát chỉ đạo của Bộ, hoàn thành và vượt nhiều chỉ tiêu; nhiều mô hình hiệu quả được "
    "nhân rộng.\n"
    "Tồn tại, hạn chế: tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng ở một số đơn vị chưa đạt "
    "chỉ tiêu; tai nạn giao thông chưa giảm bền vững.\n"
    "Nguyên nhân: địa bàn rộng, lực lượng mỏng sau sắp xếp; phương thức thủ đoạn của tội phạm ngày càng tinh vi."
)
DIRECTION = (
    "Tiếp tục đẩy mạnh phong trào thi đua “Vì an ninh Tổ quốc”, tập trung tấn công trấn áp tội phạm, phấn đấu tỷ lệ "
    "điều tra khám phá đạt trên 80%; hoàn thành các chỉ tiêu Đề án 06 trong 6 tháng cuối năm."
)
PROPOSALS = (
    "Đề nghị Bộ Công an tiếp tục quan tâm đầu tư trang thiết bị phục vụ phòng, chống tội phạm công nghệ cao cho "
    "Công an các tỉnh trong Cụm."
)


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; ``loader`` holds units, editions, people."""
    from thidua.reports.services import report_draft_create, report_draft_update, report_file_build_now

    secretariat = loader.people["thuongtruc.cum6"]
    recipients = (
        "Cục Công tác đảng và công tác chính trị (để báo cáo)\nCác đơn vị thành viên Cụm thi đua số 6\nLưu: VT, Cụm"
    )

    half = report_draft_create(
        kind="so_ket", edition=loader.editions[("CUM6", 2026)], period=loader.periods["2026S1"], actor=secretariat
    )
    report_draft_update(
        draft=half,
        expected_version=half.version,
        actor=secretariat,
        number="05/BC-CTĐ",
        issued_on=date(2026, 6, 20),
        place="Quảng Trị",
        signer_authority="TM. CỤM THI ĐUA SỐ 6",
        signer_title="CỤM TRƯỞNG\nGIÁM ĐỐC CÔNG AN TỈNH QUẢNG TRỊ",
        signer_name="(Dữ liệu mẫu)",
        recipients=recipients,
        situation=SITUATION,
        leadership=LEADERSHIP,
        activities=ACTIVITIES,
        assessment=ASSESSMENT,
        direction=DIRECTION,
        proposals=PROPOSALS,
    )

    year = report_draft_create(
        kind="tong_ket", edition=loader.editions[("CUM6", 2025)], period=loader.periods["2025"], actor=secretariat
    )
    year = report_draft_update(
        draft=year,
        expected_version=year.version,
        actor=secretariat,
        number="12/BC-CTĐ",
        issued_on=date(2025, 12, 20),
        place="Hà Tĩnh",
        signer_authority="TM. CỤM THI ĐUA SỐ 6",
        signer_title="CỤM TRƯỞNG",
        signer_name="(Dữ liệu mẫu)",
        recipients=recipients,
        situation=SITUATION.replace("6 tháng đầu năm 2026", "Năm 2025").replace(
            "Năm 2026 là năm đầu", "Năm 2025 là năm"
        ),
        leadership=LEADERSHIP,
        activities=ACTIVITIES,
        assessment=ASSESSMENT,
        direction=DIRECTION.replace("trong 6 tháng cuối năm", "trong năm 2026"),
        proposals=PROPOSALS,
    )
    report_file_build_now(draft=year, file_format="docx", actor=secretariat)
