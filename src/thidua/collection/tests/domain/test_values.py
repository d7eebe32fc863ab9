from decimal import Decimal

import pytest

from thidua.collection.domain.evidence import check, safe_name
from thidua.collection.domain.values import parse_value
from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import ValueType


def test_counts_are_whole_non_negative_numbers_written_the_vietnamese_way():
    assert parse_value(ValueType.COUNT, "1.799", indicator="Số vụ").number == Decimal(1799)
    for bad in ("1,5", "-2", "mười"):
        with pytest.raises(DomainError) as caught:
            parse_value(ValueType.COUNT, bad, indicator="Số vụ", field="C7")
        assert caught.value.field == "C7"


def test_money_and_decimals_take_the_decimal_comma():
    assert parse_value(ValueType.MONEY, "450.000.000.000", indicator="Tiền").number == Decimal(450_000_000_000)
    assert parse_value(ValueType.DECIMAL, "93,5", indicator="Điểm").number == Decimal("93.5")


def test_a_rate_is_never_typed():
    with pytest.raises(DomainError, match="tử số và mẫu số"):
        parse_value(ValueType.RATE, "85", indicator="Tỷ lệ điều tra khám phá")


def test_yes_no_accepts_the_words_users_type():
    assert parse_value(ValueType.BOOLEAN, "Có", indicator="Hoàn thành").flag is True
    assert parse_value(ValueType.BOOLEAN, "không", indicator="Hoàn thành").flag is False
    with pytest.raises(DomainError):
        parse_value(ValueType.BOOLEAN, "có lẽ", indicator="Hoàn thành")


def test_empty_input_clears_the_value():
    assert parse_value(ValueType.COUNT, "  ", indicator="Số vụ").is_empty


def test_text_is_normalised_to_nfc():
    nfd = "Mo\u0302 hi\u0300nh"
    assert parse_value(ValueType.TEXT, nfd, indicator="Mô hình").text == "Mô hình"


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_evidence_is_recognised_by_its_content_not_its_name():
    assert check("bien-ban.pdf", b"%PDF-1.7 ...") == "pdf"
    assert check("anh.jpg", b"\xff\xd8\xff\xe0rest") == "jpeg"
    assert check("bao-cao.docx", docx_bytes()) == "docx"
    with pytest.raises(DomainError):
        check("virus.pdf", b"MZ\x90\x00 this is an exe")


def test_macro_documents_old_office_files_and_oversized_files_are_refused():
    with pytest.raises(DomainError, match="macro"):
        check("bao-cao.docm", docx_bytes({"word/vbaProject.bin": b"x"}))
    with pytest.raises(DomainError, match="định dạng cũ"):
        check("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100)
    with pytest.raises(DomainError, match="quá lớn"):
        check("to.pdf", b"%PDF-" + b"0" * (21 * 1024 * 1024))
    with pytest.raises(DomainError, match="rỗng"):
        check("rong.pdf", b"")


def test_a_zip_bomb_dressed_as_an_office_file_is_refused():
    bomb = docx_bytes({"word/media/big.bin": b"\0" * (101 * 1024 * 1024)})
    with pytest.raises(DomainError, match="giải nén quá lớn"):
        check("bom.docx", bomb)


def test_stored_names_carry_no_path_or_diacritics():
    assert safe_name("../../etc/Biên bản họp.pdf") == "Bien-ban-hop.pdf"
    assert safe_name("Đề án 06.docx") == "De-an-06.docx"


def test_a_report_total_sums_the_options_when_no_total_was_typed_and_rates_are_recomputed():
    from thidua.collection.domain.values import report_totals

    totals = report_totals(
        [
            ("XAYRA", True, Decimal(10)),
            ("XAYRA", True, Decimal(5)),
            ("LAMRO", False, Decimal(12)),
            ("BICAN", False, None),
        ],
        [("TLKP", "LAMRO", "XAYRA"), ("KHAC", "BICAN", "XAYRA")],
    )
    assert totals == {"XAYRA": Decimal(15), "LAMRO": Decimal(12), "TLKP": Decimal("80.00"), "KHAC": None}


def test_a_typed_total_wins_over_the_sum_of_its_options():
    from thidua.collection.domain.values import report_totals

    assert report_totals([("X", True, Decimal(3)), ("X", False, Decimal(7))]) == {"X": Decimal(7)}
